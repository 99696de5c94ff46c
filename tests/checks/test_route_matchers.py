"""route-matchers: route and inhibit matchers name labels some alert carries (a misspelt label matches
nothing)."""

import pytest

from cases import alert, am, fires, quiet, rows, rules, says
from obsgen.checks.route_matchers import RouteMatchers

CHECK = RouteMatchers()
WEB = [{"matchers": ['team="web"'], "receiver": "web"}]

FIRES = [
    ("a misspelt label", (rules(alert()), am(WEB + [{"matchers": ['tema="web"'], "receiver": "web"}])),
     says("names label 'tema'", where="$.route.routes[1]")),
]
QUIET = [
    ("a label the alerts carry", (rules(alert()), am(WEB))),
]


@pytest.mark.parametrize("inputs, want", rows(FIRES))
def test_fires(inputs, want):
    fires(CHECK, inputs, want)


@pytest.mark.parametrize("inputs", rows(QUIET))
def test_quiet(inputs):
    quiet(CHECK, inputs)
