"""route-matchers: route and inhibit matchers name labels some alert carries."""

from obsgen.checks.route_matchers import RouteMatchers

from cases import alert, am, found, rules


def test_route_matchers():
    routes = [{"matchers": ['team="web"'], "receiver": "web"}]
    assert found(RouteMatchers(), rules(alert()), am(routes)) == []
    typo = am(routes + [{"matchers": ['tema="web"'], "receiver": "web"}])
    [problem] = found(RouteMatchers(), rules(alert()), typo)
    assert "names label 'tema'" in problem.message and problem.where.endswith("$.route.routes[1]")
