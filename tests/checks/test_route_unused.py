"""route-unused: every route and inhibit side is reached by some alert."""

from obsgen.checks.route_unused import RouteUnused

from cases import alert, am, found, rules


def test_unused_routes():
    routes = [{"matchers": ['team="web"'], "receiver": "web"}]
    assert found(RouteUnused(), rules(alert()), am(routes)) == []
    dead = am(routes + [{"matchers": ['alertname="AppGone"'], "receiver": "web"}],
              inhibit=[{"source_matchers": ['alertname="Nope"'], "target_matchers": ['severity="warning"'], "equal": ["job"]}])
    messages = [p.message for p in found(RouteUnused(), rules(alert()), dead)]
    assert any("route (alertname='AppGone') to 'web' is reached by no alert" in m for m in messages)
    assert any("inhibit rule source (alertname='Nope') matches no alert" in m for m in messages)
