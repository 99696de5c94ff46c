"""route-alert-labels: the labels routes group by and inhibit rules hold equal are carried by some alert (from its
result, its own labels, external labels or alert relabelling)."""

from cases import given, says, table_tests
from obsgen.artefact import Artefact
from obsgen.checks.base import Context
from obsgen.checks.route_alert_labels import RouteAlertLabels
from obsgen.model.catalog import Catalog, Metric

CHECK = RouteAlertLabels()
CATALOG = Catalog([Metric("app_requests_total", "counter", "h", ("route", "code"))])


def prom(external=None, alert_relabel=None):
    data = {"global": {"external_labels": external or {"cluster": "c1"}}, "scrape_configs": [{"job_name": "app"}]}
    if alert_relabel:
        data["alerting"] = {"alert_relabel_configs": alert_relabel}
    return Artefact("s/prometheus/prometheus.yml", "prometheus", data, {}, "s")


ALERTS = [
    {"alert": "HighErrors", "expr": "sum by (job, route) (rate(app_requests_total{code=~\"5..\"}[5m])) > 1",
     "labels": {"severity": "critical", "team": "web"}},
    {"alert": "Down", "expr": "up == 0", "labels": {"severity": "warning", "team": "web"}},
]


def routed(group_by=None, equal=None, alerts=ALERTS, catalog=CATALOG, prometheus=None):
    """A route grouping by `group_by` and an inhibit rule with `equal`, over `alerts`."""
    route = {"receiver": "r", "group_by": ["alertname"], "routes": [{"receiver": "r", "group_by": group_by or ["..."]}]}
    am = Artefact("s/alertmanager/alertmanager.yml", "alertmanager",
                  {"route": route, "receivers": [{"name": "r"}],
                   "inhibit_rules": [{"source_matchers": ["severity=critical"], "target_matchers": ["severity=warning"],
                                      "equal": equal or ["team"]}]}, {}, "s")
    rules = Artefact("s/rules.yml", "rules", {"groups": [{"name": "g", "rules": alerts}]}, {}, "s")
    return given(am, rules, prometheus or prom(), catalog=catalog)


CARRIED = "alertname, cluster, instance, job, route, severity, team"

FIRES = [
    ("a misspelt group_by label", routed(group_by=["alertname", "servce"]), says(
        f"group_by label 'servce' is carried by no alert (they carry {CARRIED})", where="$.route.routes[0].group_by[1]")),
    ("an inhibit equal label no alert carries", routed(equal=["team", "code"]), says(
        "inhibit rule equal label 'code' is carried by no alert, so it is empty on every source and target and never "
        f"keeps them apart (alerts carry {CARRIED})", where="$.inhibit_rules[0].equal[1]")),
    ("alert relabelling adds region, not namespace",
     routed(group_by=["namespace"], prometheus=prom(alert_relabel=[{"target_label": "region", "replacement": "eu"}])),
     says("group_by label 'namespace' is carried by no alert (they carry alertname, cluster, instance, job, region, route, "
          "severity, team)", where="$.route.routes[0].group_by[0]")),
]
QUIET = [
    ("an external label, a result label and ...", routed(group_by=["alertname", "cluster", "route", "..."])),
    ("equal labels alerts carry", routed(equal=["team", "instance", "alertname"])),
    ("one alert's labels unknown", routed(group_by=["pod"], alerts=ALERTS + [{"alert": "X", "expr": "unknown_metric > 1"}])),
    ("no catalog", routed(group_by=["pod"], catalog=None, alerts=ALERTS + [{"alert": "X", "expr": "app_requests_total > 1"}])),
    ("labelmap may add any label",
     routed(group_by=["pod"], prometheus=prom(alert_relabel=[{"action": "labelmap", "regex": "(.+)"}]))),
    ("no alerts", routed(group_by=["pod"], alerts=[])),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)


def test_odd_config_is_ignored():
    am = Artefact("s/am.yml", "alertmanager", {"route": {"routes": [None, {"group_by": "x"}]}, "inhibit_rules": [None]},
                  {}, "s")
    rules = Artefact("s/rules.yml", "rules", {"groups": [{"name": "g", "rules": ALERTS}]}, {}, "s")
    assert list(RouteAlertLabels().run(Context([am, rules, prom()], CATALOG))) == []
