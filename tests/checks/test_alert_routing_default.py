"""alert-routing-default (house): every alert matches a route below the root rather than falling through to
the root's receiver."""

from cases import alert, am, rules, says, table_tests
from obsgen.checks.alert_routing_default import AlertRoutingDefault

CHECK = AlertRoutingDefault()
WEB = [{"matchers": ['team="web"'], "receiver": "web"}]

FIRES = [
    ("a team no route matches", (rules(alert(labels={"team": "payments"})), am(WEB)),
     says("team=payments, severity=critical) matches no route", obj="group 'g' / alert 'AppDown'")),
]
QUIET = [
    ("matched by a route", (rules(alert()), am(WEB))),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)


def test_is_a_house_convention():
    assert AlertRoutingDefault.house
