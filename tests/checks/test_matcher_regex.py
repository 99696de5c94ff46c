"""matcher-regex: what RE2 refuses fires; what only Python refuses stays quiet."""

import pytest

from obsgen.artefact import Artefact
from obsgen.checks.base import Context
from obsgen.checks.matcher_regex import MatcherRegex, problem

FIRES = ["api(-v2", "a**", "[abc", "(?!Watchdog).*", "(?<=x)y", "(a)\\1", "(?>a)", "*x"]
QUIET = ["api|db", ".+Down", "warning|info", "\\pL+", "\\p{Greek}", "a\\z", "[[:alpha:]]+", "(?i)down", "\\\\1", ""]


@pytest.mark.parametrize("pattern", FIRES)
def test_fires(pattern):
    assert problem(pattern)


@pytest.mark.parametrize("pattern", QUIET)
def test_quiet(pattern):
    assert problem(pattern) is None


def test_routes_and_inhibit_rules_old_and_new_syntax():
    config = {
        "route": {"receiver": "r", "routes": [{"receiver": "r", "matchers": ['service=~"api(-v2"', 'team="a"']},
                                              {"receiver": "r", "match_re": {"severity": "crit(ical"}}]},
        "inhibit_rules": [{"source_matchers": ['alertname=~"(?!Watchdog).*"'], "target_matchers": ['severity!~"x"']}],
    }
    art = Artefact("s/alertmanager/alertmanager.yml", "alertmanager", config, {}, "s")
    problems = list(MatcherRegex().problems(Context([art])))
    assert [p.where.split(" ")[1] for p in problems] == ["$.route.routes[0]", "$.route.routes[1]", "$.inhibit_rules[0]"]
    assert problems[0].message == ("matcher service=~'api(-v2' does not compile: missing ), unterminated subpattern; "
                                   "Alertmanager refuses the config")
