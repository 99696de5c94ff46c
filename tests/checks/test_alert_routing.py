"""alert-routing: an alert that reaches only receivers with no integration (or an undefined receiver) notifies
nobody; one finding per receiver, with a count. Falling through to the root is the house check
alert-routing-default."""

from cases import alert, alertmanager, am, bare, fixture, rules, table_tests
from obsgen.checks.alert_routing import AlertRouting
from obsgen.checks.alert_routing_default import AlertRoutingDefault

CHECK = AlertRouting()
WEB = [{"matchers": ['team="web"'], "receiver": "web"}]


def watchdog_to(receiver):
    """A Watchdog routed to `receiver`, which has no integration; the root's receiver emails."""
    config = {"route": {"receiver": "team", "routes": [{"matchers": ['alertname="Watchdog"'], "receiver": receiver}]},
              "receivers": [{"name": "team", "email_configs": [{"to": "a@b"}]}, {"name": receiver}]}
    return (rules(bare("Watchdog", expr="vector(1)")), alertmanager(config))


FIRES = [
    ("receiver with no integration", (rules(alert()), am(WEB, receivers=[{"name": "default"}, {"name": "web"}])),
     "route only to 'web', which has no integration, so it notifies nobody"),
    ("receiver not defined", (rules(alert()), am([{"matchers": ['team=~"web|ops"'], "receiver": "ops"}])),
     "receiver 'ops', which is not defined"),
    ("a silent receiver not named as a sink", watchdog_to("pager"), "route only to 'pager', which has no integration"),
]
QUIET = [
    ("routed to a receiver that notifies", (rules(alert()), am(WEB))),
    ("falling through to the root is house routing", (rules(alert(labels={"team": "payments"})), am(WEB))),
    ("a receiver named null drops alerts on purpose",
     (rules(alert()), am([{"matchers": ['team="web"'], "receiver": "null"}], receivers=[{"name": "default"}, {"name": "null"}]))),
    ("a receiver named as a sink", watchdog_to("null")),
    ("continue and nested routes are followed", (rules(alert()), am([
        {"matchers": ['severity="critical"'], "receiver": "default", "continue": True},
        {"match": {"team": "web"}, "routes": [{"match_re": {"severity": "crit.*"}, "receiver": "web"}]}]))),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)


def test_the_realworld_fixture_is_one_finding_per_silent_receiver():
    problems = fixture("alert-routing", CHECK)
    # At each receiver: `- name: Default` is line 7, `- name: Critical` line 8.
    assert [(p.where.split("/")[-1], p.message) for p in problems] == [
        ("alertmanager.yml:7:5", "6 alerts (Warn0, Warn1, Warn2, ...) route only to 'Default', which has no integration, "
                           "so it notifies nobody"),
        ("alertmanager.yml:8:5", "2 alerts (Crit0, Crit1) route only to 'Critical', which has no integration, "
                           "so it notifies nobody"),
    ]


def test_falling_through_is_a_house_rule_reported_once_per_label_set():
    assert AlertRoutingDefault.house and not AlertRouting.house
    [problem] = fixture("alert-routing", AlertRoutingDefault())
    assert problem.message == ("6 alerts (Warn0, Warn1, Warn2, ...) (severity=warning) match no route and fall "
                               "through to the default receiver 'Default'")
