"""alert-routing-default (house): every alert matches a route below the root rather than falling through to
the root's receiver."""

import pytest

from cases import alert, am, fires, quiet, rows, rules, says
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


@pytest.mark.parametrize("inputs, want", rows(FIRES))
def test_fires(inputs, want):
    fires(CHECK, inputs, want)


@pytest.mark.parametrize("inputs", rows(QUIET))
def test_quiet(inputs):
    quiet(CHECK, inputs)


def test_is_a_house_convention():
    assert AlertRoutingDefault.house
