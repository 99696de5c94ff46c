"""The six BrainBytes dashboards keep every dashboard convention, on every panel.

Dashboards are compiled in-process from the definitions (what `obsgen build`
writes), and each convention is a predicate over one panel or query. Each
predicate is also shown rejecting a violation, so a green run means something.
"""

from __future__ import annotations

import re

import attr
import promql_parser as pp
import pytest

from conftest import ROOT, definition
from obsgen import promql
from obsgen.compile.grafana import compile_dashboard
from obsgen.docs import dashboards as dashboards_doc
from obsgen.grafana.layout import GRID_COLUMNS
from obsgen.loader import load
from obsgen.model.stack import Quantity

# The six dashboards the BrainBytes seed asks for. More may be added: tests of conventions run on every
# dashboard the definitions produce, and only seed-specific tests name these.
SLUGS = ("system-overview", "application-performance", "error-analysis", "resource-optimization",
         "user-experience", "mobile-connectivity")
RATES = ("rate", "irate", "increase")
# Functions over a gauge whose window is a trend length, not a rate window (see blocks.disk_fill_prediction).
GAUGE_TRENDS = ("predict_linear", "deriv")
RATE_MARKER = 4321  # seconds that stand in for $__rate_interval, so a parsed range tells which was written
GRAFANA_BUILTINS = {"__rate_interval", "__interval", "__interval_ms", "__range", "__range_s", "__range_ms",
                    "__url_time_range", "__all", "__auto"}


@pytest.fixture(scope="module")
def project():
    (proj,) = load(ROOT, "brainbytes")
    return proj


@pytest.fixture(scope="module")
def compiled(project):
    return {dash.slug: compile_dashboard(project.stack, dash).data for dash in project.dashboards}


def _panels(data):
    return [p for p in data["panels"] if p["type"] != "row"]


def _all_panels(compiled):
    return [(slug, panel) for slug, data in compiled.items() for panel in _panels(data)]


def _all_targets(compiled):
    return [(slug, panel, t) for slug, panel in _all_panels(compiled) for t in panel.get("targets", [])]


# ------------------------------------------------------------------ predicates

def _range_selectors(expr: str) -> list:
    """(function applied, metric name, range seconds) for every range selector in expr."""
    # $__range (a total over the dashboard's time range) is allowed as the build and docs/checks.md allow it.
    marked = (expr.replace("${__rate_interval}", "$__rate_interval").replace("$__rate_interval", f"{RATE_MARKER}s")
              .replace("${__range}", "$__range").replace("$__range", f"{RATE_MARKER}s"))
    out = []

    def walk(node, function=None):
        if isinstance(node, pp.MatrixSelector):
            out.append((function, node.vector_selector.name, int(node.range.total_seconds())))
            return
        if isinstance(node, pp.Call):
            for arg in node.args:
                walk(arg, node.func.name)
            return
        for name in ("expr", "lhs", "rhs", "param"):
            child = getattr(node, name, None)
            if child is not None:
                walk(child)

    walk(promql.parse(marked))
    return out


def rate_window_problems(expr: str, catalog) -> list:
    """Raw series read over a window must use $__rate_interval (gauge trends excepted)."""
    problems = []
    for function, name, seconds in _range_selectors(expr):
        series = catalog.series(name)
        if series is None or seconds == RATE_MARKER:
            continue  # recorded series have their own fixed windows
        if series.kind == "gauge" and function in GAUGE_TRENDS:
            continue
        problems.append(f"{function}({name}[{seconds}s]) does not use $__rate_interval")
    return problems


def counter_problems(expr: str, catalog) -> list:
    """Counters (and histogram _bucket/_sum/_count) are only read through rate/irate/increase."""
    facts = promql.analyse(expr)
    rated = {id(u.selector) for u in facts.uses if u.function in RATES}
    rated_selectors = [u.selector for u in facts.uses if u.function in RATES]
    problems = []
    for sel in facts.selectors:
        series = catalog.series(sel.name) if sel.name else None
        if series is None or series.kind != "counter":
            continue
        if id(sel) not in rated and sel not in rated_selectors:
            problems.append(f"counter {sel.name} is read without rate/irate/increase")
    return problems


def quantile_problems(expr: str) -> list:
    """histogram_quantile's aggregation keeps `le`."""
    problems = []
    for labels, _selectors in promql.analyse(expr).quantiles:
        if labels is None:
            continue  # no aggregation: every label, le included, is kept
        clause, names = labels
        if (clause == "by" and "le" not in names) or (clause == "without" and "le" in names):
            problems.append(f"histogram_quantile aggregates {clause} ({', '.join(names)}) and loses le")
    return problems


def overlap_problems(panels) -> list:
    problems = []
    cells = {}
    for panel in panels:
        g = panel["gridPos"]
        if g["x"] < 0 or g["w"] < 1 or g["x"] + g["w"] > GRID_COLUMNS:
            problems.append(f"{panel['title']!r} spans columns {g['x']}..{g['x'] + g['w']}")
        for x in range(g["x"], g["x"] + g["w"]):
            for y in range(g["y"], g["y"] + g["h"]):
                if (x, y) in cells:
                    problems.append(f"{panel['title']!r} overlaps {cells[(x, y)]!r}")
                    break
                cells[(x, y)] = panel["title"]
            else:
                continue
            break
    return problems


def undefined_variables(data: dict) -> set:
    defined = {v["name"] for v in data["templating"]["list"]} | GRAFANA_BUILTINS
    used = set()
    for panel in data["panels"]:
        for target in panel.get("targets", []):
            used |= set(promql.variables(target["expr"]))
            used |= set(promql.variables(target.get("datasource", {}).get("uid", "")))
        used |= set(promql.variables(panel.get("datasource", {}).get("uid", "")))
    for var in data["templating"]["list"]:
        if var["type"] == "query":
            used |= set(promql.variables(var["query"]))
            used |= set(promql.variables(var["datasource"]["uid"]))
    return used - defined


def stack_values(stack) -> set:
    values = {q.value for q in stack.thresholds.values()} | {q.value for q in stack.settings.values()}
    # An SLO's line is its error budget, 1 - objective (blocks.error_budget).
    values |= {round(1 - q.value, 12) for name, q in stack.settings.items() if name.startswith("slo_") and q.value < 1}
    # Stack-independent lines: "any at all" on counts of bad things, and a burn rate of 1.
    from obsgen.queries import ON_BUDGET
    from obsgen.grafana.panels import ANY
    return values | {ANY.value, ON_BUDGET.value}


# ------------------------------------------------------------------ the dashboards exist and are substantial

def test_the_seed_dashboards_are_built_with_stable_uids(project, compiled):
    assert set(SLUGS) <= set(compiled)
    assert {slug: data["uid"] for slug, data in compiled.items()} == {slug: f"brainbytes-{slug}" for slug in compiled}


def test_every_dashboard_has_panels_with_queries_and_distinct_titles(compiled):
    for slug, data in compiled.items():
        assert [p for p in _panels(data) if p.get("targets")], slug
        titles = [p["title"] for p in _panels(data)]
        assert len(titles) == len(set(titles)), f"{slug}: panel titles repeat within a dashboard"


# ------------------------------------------------------------------ conventions on every panel

def test_every_target_reads_through_the_datasource_variable(compiled):
    for slug, panel, target in _all_targets(compiled):
        assert target["datasource"] == {"type": "prometheus", "uid": "${datasource}"}, (slug, panel["title"])
        assert panel["datasource"]["uid"] == "${datasource}", (slug, panel["title"])
    for data in compiled.values():
        assert data["templating"]["list"][0]["name"] == "datasource"
        assert data["templating"]["list"][0]["type"] == "datasource"


def test_every_raw_range_selector_uses_rate_interval(project, compiled):
    problems = [(slug, panel["title"], p) for slug, panel, t in _all_targets(compiled)
                for p in rate_window_problems(t["expr"], project.stack.catalog)]
    assert problems == []


def test_counters_are_only_read_through_rate(project, compiled):
    problems = [(slug, panel["title"], p) for slug, panel, t in _all_targets(compiled)
                for p in counter_problems(t["expr"], project.stack.catalog)]
    assert problems == []


def test_histogram_quantile_keeps_le(compiled):
    problems = [(slug, panel["title"], p) for slug, panel, t in _all_targets(compiled) for p in quantile_problems(t["expr"])]
    assert problems == []
    assert any("histogram_quantile" in t["expr"] for _s, _p, t in _all_targets(compiled))


def test_every_target_names_only_catalogued_or_recorded_series(project, compiled):
    recorded = {rule.record for group in project.groups for rule in group.rules if hasattr(rule, "record")}
    synthetic = {"up", "ALERTS"}
    for slug, panel, target in _all_targets(compiled):
        for sel in promql.analyse(target["expr"]).selectors:
            assert sel.name in recorded or sel.name in synthetic or project.stack.catalog.series(sel.name), \
                (slug, panel["title"], sel.name)
            series = project.stack.catalog.series(sel.name)
            if series is not None:
                for label, _op, _value in sel.matchers:
                    assert label in series.labels, (slug, panel["title"], sel.name, label)


def test_every_panel_has_title_description_and_unit(compiled):
    for slug, panel in _all_panels(compiled):
        assert panel["title"].strip(), slug
        assert panel.get("description", "").strip(), (slug, panel["title"])
        assert panel["fieldConfig"]["defaults"].get("unit"), (slug, panel["title"])


def test_grid_positions_never_overlap_or_pass_24_columns(compiled):
    assert {slug: overlap_problems(data["panels"]) for slug, data in compiled.items()} == {slug: [] for slug in compiled}


def test_every_referenced_variable_is_defined(compiled):
    assert {slug: undefined_variables(data) for slug, data in compiled.items()} == {slug: set() for slug in compiled}


def test_per_service_dashboards_have_multi_select_job_and_instance_refreshing_on_time_change(compiled):
    for slug in SLUGS[1:]:
        variables = {v["name"]: v for v in compiled[slug]["templating"]["list"]}
        for name in ("job", "instance"):
            assert variables[name]["multi"] is True and variables[name]["includeAll"] is True, (slug, name)
            assert variables[name]["refresh"] == 2, (slug, name)
        assert any('=~"$job"' in t["expr"] for p in _panels(compiled[slug]) for t in p.get("targets", [])), slug


def test_every_threshold_line_is_a_stack_value(project, compiled):
    allowed = stack_values(project.stack)
    seen = 0
    for slug, panel in _all_panels(compiled):
        for step in panel["fieldConfig"]["defaults"]["thresholds"]["steps"][1:]:
            seen += 1
            assert step["value"] in allowed, (slug, panel["title"], step["value"])
    assert seen  # thresholds are drawn, not just absent


def test_changing_a_stack_threshold_moves_every_panel_line_that_draws_it(project):
    stack = project.stack
    moved = attr.evolve(stack, thresholds={**stack.thresholds, "backend_5xx_ratio": Quantity(0.0731, "percentunit")},
                        settings={**stack.settings, "db_pool_size": Quantity(37, "short")})
    dashboards = definition("dashboards.brainbytes").dashboards
    drawn = [(p["title"], step["value"]) for dash in dashboards(moved) for p in _panels(compile_dashboard(moved, dash).data)
             for step in p["fieldConfig"]["defaults"]["thresholds"]["steps"][1:]]
    lines = [value for _title, value in drawn]
    # Overview (stat and time series), performance and error analysis draw the moved threshold.
    assert sorted(title for title, value in drawn if value == 0.0731) == [
        "Backend 5xx ratio", "Backend 5xx ratio", "Backend 5xx ratio over time", "Backend error ratio"]
    # 0.05 is left only where mobile_drop_ratio (also 0.05) is drawn.
    assert {title for title, value in drawn if value == 0.05} == {"Mobile drop ratio", "Mobile error rate", "Drop ratio by device type"}
    assert 37 in lines
    pool = [t["expr"] for dash in dashboards(moved) for p in _panels(compile_dashboard(moved, dash).data)
            for t in p.get("targets", []) if "db_connections_active" in t["expr"] and "/ (" in t["expr"]]
    assert pool and all(expr.endswith("/ (37)") for expr in pool)


def test_dashboard_defaults_come_from_the_stack(project, compiled):
    for data in compiled.values():
        assert data["time"] == {"from": "now-6h", "to": "now"}
        assert data["refresh"] == "30s"
        assert data["timezone"] == project.stack.timezone == "Asia/Manila"
        assert "brainbytes" in data["tags"]
        assert any(link["asDropdown"] and link["tags"] == ["brainbytes"] for link in data["links"])


def test_system_overview_drills_down_into_the_other_five(compiled):
    targets = {link["url"] for p in _panels(compiled["system-overview"]) for link in p.get("links", [])}
    assert targets >= {f"/d/brainbytes-{slug}" for slug in SLUGS[1:]}


def test_peak_hours_follow_the_stack_timezone_and_window(project, compiled):
    stack = project.stack
    start, end = stack.setting("peak_start_hour").value, stack.setting("peak_end_hour").value
    exprs = [t["expr"] for p in _panels(compiled["mobile-connectivity"]) for t in p.get("targets", [])]
    window = f"(((hour() + 8) % 24) >= {start:g} < {end:g})"
    assert sum(window in e for e in exprs) == 3
    hour_now = next(p for p in _panels(compiled["mobile-connectivity"]) if p["title"].startswith("Hour now"))
    steps = [s["value"] for s in hour_now["fieldConfig"]["defaults"]["thresholds"]["steps"]]
    assert steps == [None, start, end]


def test_expensive_expressions_read_recording_rules(compiled):
    """Backend latency quantiles and error ratios come from recorded series, not raw buckets."""
    for slug, panel, target in _all_targets(compiled):
        assert "brainbytes_http_request_duration_seconds_bucket{" not in target["expr"], (slug, panel["title"])
        assert not re.search(r"brainbytes_http_requests_total\{[^}]*status_code=~\"5", target["expr"]), (slug, panel["title"])


# ------------------------------------------------------------------ the predicates can fail

def test_the_predicates_reject_violations(project):
    catalog = project.stack.catalog
    assert rate_window_problems("rate(brainbytes_http_requests_total[5m])", catalog)
    assert not rate_window_problems("rate(brainbytes_http_requests_total[$__rate_interval])", catalog)
    assert not rate_window_problems("sum(increase(brainbytes_http_requests_total[$__range]))", catalog)
    assert not rate_window_problems("predict_linear(node_filesystem_avail_bytes[6h], 3600)", catalog)
    assert rate_window_problems("avg_over_time(brainbytes_sessions_active[1h])", catalog)
    assert counter_problems("sum(brainbytes_http_requests_total)", catalog)
    assert counter_problems("brainbytes_http_request_duration_seconds_bucket", catalog)
    assert not counter_problems("sum(rate(brainbytes_http_requests_total[$__rate_interval]))", catalog)
    assert quantile_problems("histogram_quantile(0.9, sum by (route) (rate(x_bucket[5m])))")
    assert quantile_problems("histogram_quantile(0.9, sum without (le) (rate(x_bucket[5m])))")
    assert not quantile_problems("histogram_quantile(0.9, sum by (route, le) (rate(x_bucket[5m])))")
    a = {"title": "a", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8}}
    b = {"title": "b", "gridPos": {"x": 6, "y": 4, "w": 12, "h": 8}}
    c = {"title": "c", "gridPos": {"x": 20, "y": 20, "w": 6, "h": 8}}
    assert overlap_problems([a, b]) and overlap_problems([c]) and not overlap_problems([a])
    dash = {"templating": {"list": [{"name": "datasource", "type": "datasource"}]},
            "panels": [{"targets": [{"expr": 'up{job=~"$job"}', "datasource": {"uid": "${datasource}"}}]}]}
    assert undefined_variables(dash) == {"job"}


# ------------------------------------------------------------------ generated documentation

def test_dashboard_doc_lists_every_panel_and_the_question_it_answers(project, compiled):
    (doc,) = dashboards_doc.generate(project)
    assert doc.path == "dashboards-brainbytes.md" and doc.root == "docs"
    for data in compiled.values():
        assert f"## {data['title']}" in doc.data
        for panel in _panels(data):
            assert f"| {panel['title']} |" in doc.data, panel["title"]
            assert panel["description"].replace("|", "\\|") in doc.data, panel["title"]


def test_committed_dashboard_doc_matches_the_definitions(project):
    (doc,) = dashboards_doc.generate(project)
    with open(f"{ROOT}/docs/dashboards-brainbytes.md", encoding="utf-8") as fh:
        assert fh.read() == doc.data + ("" if doc.data.endswith("\n") else "\n")
