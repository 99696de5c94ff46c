"""route-matchers: route and inhibit matchers name labels some alert carries (a misspelt label matches
nothing)."""

from cases import alert, am, rules, says, table_tests
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


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)
