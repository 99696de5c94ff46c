"""rule-group-size: a rule group holds at most 20 rules (house)."""

import pytest

from obsgen.artefact import Artefact
from obsgen.checks.base import Context
from obsgen.checks.rule_group_size import RuleGroupSize


def _rules(n):
    return [{"record": f"job:x{i}:rate5m", "expr": "1"} for i in range(n)]


@pytest.mark.parametrize("data, expected", [
    ({"groups": [{"name": "big", "rules": _rules(21)}]},
     [(("groups", 0), "group 'big' holds 21 rules; split it (at most 20)")]),
    ({"groups": [{"name": "ok", "rules": _rules(20)}, {"name": "big", "rules": _rules(25)}]},
     [(("groups", 1), "group 'big' holds 25 rules; split it (at most 20)")]),
    # Quiet: at the limit, empty, and shapes Prometheus would refuse (promtool reports those).
    ({"groups": [{"name": "ok", "rules": _rules(20)}]}, []),
    ({"groups": []}, []),
    ({"groups": None}, []),
    ({"groups": ["not a group", {"name": "x", "rules": "nope"}]}, []),
    (None, []),
])
def test_rule_group_size(data, expected):
    ctx = Context([Artefact("s/prometheus/rules/g.yml", "rules", data, {}, "s")])
    assert [(f.path, f.message) for f in RuleGroupSize().run(ctx)] == expected
