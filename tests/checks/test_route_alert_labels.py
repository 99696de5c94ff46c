"""route-alert-labels: group_by and inhibit equal labels are carried by some alert."""

import pytest

from obsgen.artefact import Artefact
from obsgen.checks.base import Context
from obsgen.checks.route_alert_labels import RouteAlertLabels
from obsgen.model.catalog import Catalog, Metric

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


def findings(group_by=None, equal=None, alerts=ALERTS, catalog=CATALOG, prometheus=None):
    route = {"receiver": "r", "group_by": ["alertname"], "routes": [{"receiver": "r", "group_by": group_by or ["..."]}]}
    am = Artefact("s/alertmanager/alertmanager.yml", "alertmanager",
                  {"route": route, "receivers": [{"name": "r"}],
                   "inhibit_rules": [{"source_matchers": ["severity=critical"], "target_matchers": ["severity=warning"],
                                      "equal": equal or ["team"]}]}, {}, "s")
    rules = Artefact("s/rules.yml", "rules", {"groups": [{"name": "g", "rules": alerts}]}, {}, "s")
    ctx = Context([am, rules, prometheus or prom()], catalog)
    return [(f.path, f.message) for f in RouteAlertLabels().run(ctx)]


CARRIED = "alertname, cluster, instance, job, route, severity, team"


@pytest.mark.parametrize("kwargs, expected", [
    ({"group_by": ["alertname", "servce"]},
     [(("route", "routes", 0, "group_by", 1), f"group_by label 'servce' is carried by no alert (they carry {CARRIED})")]),
    ({"equal": ["team", "code"]},
     [(("inhibit_rules", 0, "equal", 1), "inhibit rule equal label 'code' is carried by no alert, so it is empty on every "
       f"source and target and never keeps them apart (alerts carry {CARRIED})")]),
    ({"group_by": ["namespace"], "prometheus": prom(alert_relabel=[{"target_label": "region", "replacement": "eu"}])},
     [(("route", "routes", 0, "group_by", 0), "group_by label 'namespace' is carried by no alert (they carry "
       "alertname, cluster, instance, job, region, route, severity, team)")]),
])
def test_fires(kwargs, expected):
    assert findings(**kwargs) == expected


@pytest.mark.parametrize("kwargs", [
    {"group_by": ["alertname", "cluster", "route", "..."]},  # external label, result label, `...`
    {"equal": ["team", "instance", "alertname"]},
    {"group_by": ["pod"], "alerts": ALERTS + [{"alert": "X", "expr": "unknown_metric > 1"}]},  # one alert unknown
    {"group_by": ["pod"], "catalog": None, "alerts": ALERTS + [{"alert": "X", "expr": "app_requests_total > 1"}]},
    {"group_by": ["pod"], "prometheus": prom(alert_relabel=[{"action": "labelmap", "regex": "(.+)"}])},
    {"group_by": ["pod"], "alerts": []},
])
def test_quiet(kwargs):
    assert findings(**kwargs) == []


def test_odd_config_is_ignored():
    am = Artefact("s/am.yml", "alertmanager", {"route": {"routes": [None, {"group_by": "x"}]}, "inhibit_rules": [None]},
                  {}, "s")
    rules = Artefact("s/rules.yml", "rules", {"groups": [{"name": "g", "rules": ALERTS}]}, {}, "s")
    assert list(RouteAlertLabels().run(Context([am, rules, prom()], CATALOG))) == []
