"""The check tests' one vocabulary: artefacts as a build writes them or lint reads them, and `found`."""

from obsgen.artefact import Artefact, Origin
from obsgen.checks.base import Context
from obsgen.model.catalog import Catalog, Metric

CATALOG = Catalog([
    Metric("app_requests_total", "counter", "h", ("route", "code")),
    Metric("app_duration_seconds", "histogram", "h", ("route",), "seconds"),
    Metric("app_memory_bytes", "gauge", "h", (), "bytes"),
])
DS_VAR = {"name": "datasource", "type": "datasource", "query": "prometheus", "current": {"value": "prom"}}
# A first panel defined at a Python line, as a build's dashboards are.
PANEL_ORIGIN = {("panels", 0): Origin("dashboard 'T' / panel 'P'", "dashboards/s/x.py:7")}


def dash(*panels, variables=(DS_VAR,), title="D", uid="d", path=None, origins=None):
    return Artefact(path or f"s/grafana/dashboards/f/{uid}.json", "dashboard",
                    {"uid": uid, "title": title, "panels": list(panels), "templating": {"list": list(variables)}},
                    origins or {}, "s")


def panel(expr="sum(rate(app_requests_total[$__rate_interval]))", title="P", uid="${datasource}", **extra):
    data = {"type": "timeseries", "title": title, "description": "d", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
            "fieldConfig": {"defaults": {"unit": "reqps"}}, "datasource": {"type": "prometheus", "uid": uid},
            "targets": [{"refId": "A", "expr": expr, "datasource": {"type": "prometheus", "uid": uid}}]}
    data.update(extra)
    return data


def at(x=0, w=12, y=0, h=8) -> dict:
    """A panel's gridPos."""
    return {"x": x, "y": y, "w": w, "h": h}


def rules(*items, name="g", interval=None, path=None):
    group = {"name": name, "rules": list(items)}
    if interval:
        group["interval"] = interval
    return Artefact(path or f"s/prometheus/rules/{name}.yml", "rules", {"groups": [group]}, {}, "s")


def alert(name="AppDown", expr="up == 0", **overrides):
    rule = {"alert": name, "expr": expr, "for": "5m",
            "labels": {"severity": "critical", "team": "web"},
            "annotations": {"summary": "s", "description": "{{ $labels.job }} is down",
                            "runbook_url": "https://runbooks.example/app-down"}}
    for key, value in overrides.items():
        if key in ("labels", "annotations"):
            rule[key] = {**rule[key], **value}
        else:
            rule[key] = value
    return rule


def prom(**data):
    base = {"global": {"evaluation_interval": "15s"}, "scrape_configs": [{"job_name": "app"}], "rule_files": ["rules/*.yml"]}
    return Artefact("s/prometheus/prometheus.yml", "prometheus", {**base, **data}, {}, "s")


def am(routes, receivers=None, inhibit=None, default="default"):
    data = {"route": {"receiver": default, "routes": routes},
            "receivers": receivers or [{"name": "default", "webhook_configs": [{"url": "http://x"}]},
                                       {"name": "web", "webhook_configs": [{"url": "http://x"}]}]}
    if inhibit:
        data["inhibit_rules"] = inhibit
    return Artefact("s/alertmanager/alertmanager.yml", "alertmanager", data, {}, "s")


def datasources(*items):
    return Artefact("s/grafana/provisioning/datasources/datasources.yaml", "datasources",
                    {"apiVersion": 1, "datasources": list(items)}, {}, "s")


def found(check, *artefacts, catalog=CATALOG, stack=None):
    """The check's problems (findings resolved to object and file:line) on these artefacts."""
    return list(check.problems(Context(list(artefacts), catalog, stack)))
