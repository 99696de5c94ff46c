"""rule-conventions (house): an alert has a known severity, a team, a summary, a templated description and an
http(s) runbook URL."""

from cases import alert, rules, says, table_tests
from obsgen.checks.rule_conventions import RuleConventions

CHECK = RuleConventions()

FIRES = [
    ("every convention broken",
     rules(alert(labels={"severity": "page", "team": ""}, annotations={"description": "down", "runbook_url": "wiki/x"})),
     says("alert AppDown: severity 'page' is not one of critical, warning, info",
          "alert AppDown has no team label, so it routes to no team",
          "alert AppDown: description is not templated; say which series and value fired",
          "alert AppDown: runbook_url 'wiki/x' is not an http(s) URL", obj="group 'g' / alert 'AppDown'")),
]
QUIET = [
    ("a built alert", rules(alert())),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)


def test_is_a_house_convention():
    assert RuleConventions.house
