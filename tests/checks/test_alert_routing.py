"""alert-routing: one finding per receiver that fails alerts, with a count; falling through is house."""

from helpers import fixture
from obsgen.checks.alert_routing import AlertRouting
from obsgen.checks.alert_routing_default import AlertRoutingDefault
import cases


def test_alerts_reaching_a_silent_receiver_are_one_finding_per_receiver():
    problems = fixture("alert-routing", AlertRouting())
    # At each receiver: `- name: Default` is line 7, `- name: Critical` line 8.
    assert [(p.where.split("/")[-1], p.message) for p in problems] == [
        ("alertmanager.yml:7:5", "6 alerts (Warn0, Warn1, Warn2, ...) route only to 'Default', which has no integration, "
                           "so it notifies nobody"),
        ("alertmanager.yml:8:5", "2 alerts (Crit0, Crit1) route only to 'Critical', which has no integration, "
                           "so it notifies nobody"),
    ]


def test_falling_through_to_the_root_receiver_is_a_house_rule_reported_once_per_label_set():
    assert AlertRoutingDefault.house and not AlertRouting.house
    [problem] = fixture("alert-routing", AlertRoutingDefault())
    assert problem.message == ("6 alerts (Warn0, Warn1, Warn2, ...) (severity=warning) match no route and fall "
                               "through to the default receiver 'Default'")


def test_a_receiver_named_as_a_sink_drops_alerts_on_purpose():
    from helpers import alert, rules, run
    from obsgen.artefact import Artefact

    config = {"route": {"receiver": "team", "routes": [{"matchers": ['alertname="Watchdog"'], "receiver": "null"}]},
              "receivers": [{"name": "team", "email_configs": [{"to": "a@b"}]}, {"name": "null"}]}
    am = Artefact("f/alertmanager/alertmanager.yml", "alertmanager", config, {}, "f")
    assert run(AlertRouting(), rules(alert("Watchdog", expr="vector(1)")), am) == []
    config["receivers"][1]["name"] = config["route"]["routes"][0]["receiver"] = "pager"
    assert run(AlertRouting(), rules(alert("Watchdog", expr="vector(1)")), am)


# Cases moved from tests/test_checks.py and tests/test_checks_lint.py (tests/checks/cases.py builders).

def test_alert_routing():
    routes = [{"matchers": ['team="web"'], "receiver": "web"}]
    assert cases.found(AlertRouting(), cases.rules(cases.alert()), cases.am(routes)) == []
    # Falling through to the root's receiver is obsgen's house routing rule, not a mistake elsewhere.
    assert cases.found(AlertRouting(), cases.rules(cases.alert(labels={"team": "payments"})), cases.am(routes)) == []
    silent = cases.am([{"matchers": ['team="web"'], "receiver": "web"}], receivers=[{"name": "default"}, {"name": "web"}])
    assert "notifies nobody" in cases.found(AlertRouting(), cases.rules(cases.alert()), silent)[0].message
    sink = cases.am([{"matchers": ['team="web"'], "receiver": "null"}], receivers=[{"name": "default"}, {"name": "null"}])
    assert cases.found(AlertRouting(), cases.rules(cases.alert()), sink) == []  # a receiver named null drops alerts on purpose
    missing = cases.am([{"matchers": ['team=~"web|ops"'], "receiver": "ops"}])
    assert "receiver 'ops', which is not defined" in cases.found(AlertRouting(), cases.rules(cases.alert()), missing)[0].message


def test_alert_routing_follows_continue_and_nesting():
    routes = [{"matchers": ['severity="critical"'], "receiver": "default", "continue": True},
              {"match": {"team": "web"}, "routes": [{"match_re": {"severity": "crit.*"}, "receiver": "web"}]}]
    assert cases.found(AlertRouting(), cases.rules(cases.alert()), cases.am(routes)) == []
