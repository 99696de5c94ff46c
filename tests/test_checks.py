"""Each build-time check: a passing case and a failing one, pointing at the right object."""

import pytest

from obsgen.artefact import Artefact, Origin
from obsgen.checks import CHECKS
from obsgen.checks.alert_links import AlertLinks
from obsgen.checks.base import Context
from obsgen.checks.catalog import CatalogMetric
from obsgen.checks.dashboard_grid import DashboardGrid
from obsgen.checks.dashboard_grid_layout import DashboardGridLayout
from obsgen.checks.dashboard_uid import DashboardUid
from obsgen.checks.promql_syntax import PromQLSyntax
from obsgen.checks.rule_identity import RuleIdentity
from obsgen.model.catalog import Catalog, Metric

from conftest import definition

STACK = definition("stacks.brainbytes").STACK

CATALOG = Catalog([
    Metric("app_requests_total", "counter", "h", ("route", "code")),
    Metric("app_duration_seconds", "histogram", "h", ("route",), "seconds"),
])


def _dash(uid="u", title="T", panels=(), path=None):
    return Artefact(path or f"s/grafana/dashboards/f/{uid}.json", "dashboard",
                    {"uid": uid, "title": title, "panels": list(panels)},
                    {("panels", 0): Origin("dashboard 'T' / panel 'P'", "dashboards/s/x.py:7")}, "s")


def _panel(expr="up", x=0, y=0, w=12, h=8, title="P"):
    return {"type": "timeseries", "title": title, "gridPos": {"x": x, "y": y, "w": w, "h": h},
            "targets": [{"expr": expr, "datasource": {"type": "prometheus", "uid": "${datasource}"}}]}


def _rules(*rules, name="g"):
    return Artefact(f"s/prometheus/rules/{name}.yml", "rules", {"groups": [{"name": name, "rules": list(rules)}]},
                    {}, "s")


def _problems(check, *artefacts, catalog=CATALOG, stack=None):
    return list(check.problems(Context(list(artefacts), catalog, stack)))


def test_every_check_has_an_id_severity_and_summary():
    ids = [c.id for c in CHECKS]
    assert len(ids) == len(set(ids))
    for check in CHECKS:
        assert check.id and check.severity in ("error", "warning", "info") and check.summary


def test_promql_syntax_passes_and_fails_with_the_panel_origin():
    assert _problems(PromQLSyntax(), _dash(panels=[_panel("rate(app_requests_total[$__rate_interval])")])) == []
    [problem] = _problems(PromQLSyntax(), _dash(panels=[_panel("rate(app_requests_total[5m]")]))
    assert problem.obj == "dashboard 'T' / panel 'P'" and problem.where == "dashboards/s/x.py:7"


def test_promql_syntax_without_origin_names_file_and_json_path():
    art = _rules({"alert": "A", "expr": "sum(("})
    [problem] = _problems(PromQLSyntax(), art)
    assert problem.where == "s/prometheus/rules/g.yml $.groups[0].rules[0]"


@pytest.mark.parametrize("expr,message", [
    ("rate(app_request_total[5m])", "metric 'app_request_total' is not in the catalog"),
    ('rate(app_requests_total{rout="/"}[5m])', "label 'rout' does not exist on app_requests_total"),
    ("sum by (status) (rate(app_requests_total[5m]))", "label 'status' in by does not exist"),
    ('histogram_quantile(0.9, sum by (le, rute) (rate(app_duration_seconds_bucket[5m])))', "label 'rute' in by"),
    ("app_duration_seconds", "metric 'app_duration_seconds' is not in the catalog"),
])
def test_catalog_check_catches_unknown_metrics_and_labels(expr, message):
    problems = _problems(CatalogMetric(), _dash(panels=[_panel(expr)]))
    assert any(message in p.message for p in problems), problems


@pytest.mark.parametrize("expr", [
    'sum by (route, code) (rate(app_requests_total{route="/"}[5m]))',
    'histogram_quantile(0.9, sum by (le, route) (rate(app_duration_seconds_bucket{job="x"}[5m])))',
    "sum(rate(app_duration_seconds_sum[5m])) / sum(rate(app_duration_seconds_count[5m]))",
    'sum by (severity) (ALERTS{alertstate="firing"})',
    "min by (job) (up)",
    "sum(recorded:app_requests:rate5m)",
])
def test_catalog_check_accepts_catalogued_series(expr):
    recording = _rules({"record": "recorded:app_requests:rate5m", "expr": "sum(rate(app_requests_total[5m]))"})
    assert _problems(CatalogMetric(), _dash(panels=[_panel(expr)]), recording) == []


def test_catalog_check_knows_scrape_jobs():
    config = Artefact("s/prometheus/prometheus.yml", "prometheus", {"scrape_configs": [{"job_name": "api"}]}, {}, "s")
    assert _problems(CatalogMetric(), _dash(panels=[_panel('up{job="api"}')]), config) == []
    [problem] = _problems(CatalogMetric(), _dash(panels=[_panel('up{job="apl"}')]), config)
    assert "job 'apl' is not a scrape job" in problem.message


def test_grid_check():
    fine = _dash(panels=[_panel(x=0, w=12), _panel(x=12, w=12, title="Q")])
    assert _problems(DashboardGrid(), fine) == _problems(DashboardGridLayout(), fine) == []
    # Grafana moves a panel past column 24 and pushes overlapping panels down: house layout, not a mistake.
    wide = _dash(panels=[_panel(x=12, w=16)])
    assert _problems(DashboardGrid(), wide) == []
    assert "outside the 24-column grid" in _problems(DashboardGridLayout(), wide)[0].message
    overlap = _dash(panels=[_panel(x=0, w=12), _panel(x=6, w=12, title="Q")])
    assert "overlaps panel 'P'" in _problems(DashboardGridLayout(), overlap)[0].message
    assert "draws it with no width" in _problems(DashboardGrid(), _dash(panels=[_panel(w=0)]))[0].message


def test_uid_check():
    assert _problems(DashboardUid(), _dash("a", "A"), _dash("b", "B")) == []
    dupe = _problems(DashboardUid(), _dash("a", "A"), _dash("a", "B", path="s/grafana/dashboards/f/other.json"))
    assert "uid 'a' is also used by" in dupe[0].message
    same_title = _problems(DashboardUid(), _dash("a", "A"), _dash("b", "A"))
    assert "title 'A' is also used" in same_title[0].message
    assert "not a valid Grafana uid" in _problems(DashboardUid(), _dash("x" * 41))[0].message


def test_rule_duplicate_check():
    alert = {"alert": "A", "expr": "up == 0"}
    assert _problems(RuleIdentity(), _rules(alert, {"alert": "B", "expr": "up == 0"})) == []
    [problem] = _problems(RuleIdentity(), _rules(alert), _rules(alert, name="h"))
    assert "alert 'A' is already defined in group 'g'" in problem.message


def test_alert_links_check():
    good = {"alert": "A", "expr": "up == 0", "labels": {"team": "engineering"},
            "annotations": {"dashboard_url": f"{STACK.grafana_url}/d/u"}}
    assert _problems(AlertLinks(), _dash("u"), _rules(good), stack=STACK) == []
    bad = {**good, "labels": {"team": "nobody"}, "annotations": {"dashboard_url": f"{STACK.grafana_url}/d/gone"}}
    messages = [p.message for p in _problems(AlertLinks(), _dash("u"), _rules(bad), stack=STACK)]
    assert any("names uid 'gone', which no dashboard here has" in m for m in messages)
    assert any("team 'nobody' is not one of the stack's teams" in m for m in messages)
