"""route-unused: every route and both sides of every inhibit rule are reached by some alert."""

from cases import alert, am, rules, says, table_tests
from obsgen.checks.route_unused import RouteUnused

CHECK = RouteUnused()
WEB = [{"matchers": ['team="web"'], "receiver": "web"}]
DEAD = am(WEB + [{"matchers": ['alertname="AppGone"'], "receiver": "web"}],
          inhibit=[{"source_matchers": ['alertname="Nope"'], "target_matchers": ['severity="warning"'], "equal": ["job"]}])

FIRES = [
    ("a route and an inhibit rule's two sides no alert reaches", (rules(alert()), DEAD),
     says("route (alertname='AppGone') to 'web' is reached by no alert",
          "inhibit rule source (alertname='Nope') matches no alert",
          "inhibit rule target (severity='warning') matches no alert", where="$.route.routes[1]", severity="warning")),
]
QUIET = [
    ("a route the alert takes", (rules(alert()), am(WEB))),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)
