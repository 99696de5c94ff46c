"""inhibit-self: fire and quiet cases."""

import pytest

from obsgen.artefact import Artefact
from obsgen.checks.base import Context
from obsgen.checks.inhibit_self import InhibitSelf


def _run(*rules):
    art = Artefact("s/alertmanager/alertmanager.yml", "alertmanager", {"inhibit_rules": list(rules)}, {}, "s")
    return [p.message for p in InhibitSelf().problems(Context([art]))]


CASES = [
    ({"source_matchers": ['severity="critical"'], "target_matchers": ['severity="critical"']}, 1),
    ({"source_matchers": ['severity="critical"'], "target_matchers": ['severity="critical"'], "equal": ["service"]}, 1),
    ({"source_match": {"severity": "critical"}, "target_matchers": ['severity="critical"']}, 1),  # old and new syntax
    ({"source_matchers": ['severity="critical"'], "target_matchers": ['severity="warning"']}, 0),
    ({"source_matchers": ['alertname=~".+Down"'], "target_matchers": ['alertname!~".+Down"']}, 0),
    ({"equal": ["service"]}, 0),  # no matchers on either side: not this check's business
    (None, 0),
]


@pytest.mark.parametrize("rule, count", CASES)
def test_cases(rule, count):
    assert len(_run(rule)) == count
