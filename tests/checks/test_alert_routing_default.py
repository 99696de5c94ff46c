"""alert-routing-default (house): every alert matches a route below the root."""

from obsgen.checks.alert_routing_default import AlertRoutingDefault

from cases import alert, am, found, rules


def test_alert_routing_default():
    routes = [{"matchers": ['team="web"'], "receiver": "web"}]
    [problem] = found(AlertRoutingDefault(), rules(alert(labels={"team": "payments"})), am(routes))
    assert "team=payments, severity=critical) matches no route" in problem.message
    assert problem.obj == "group 'g' / alert 'AppDown'"
