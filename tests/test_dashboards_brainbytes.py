"""The six BrainBytes dashboards: what the seed asks of them, and the stack values they draw.

Dashboards are compiled in-process from the definitions (what `obsgen build`
writes). Conventions that hold on every panel (rate windows, counters, `le`,
the grid, variables, catalogued series, titles, descriptions and units, the
datasource variable) are the checks', which tests/test_build_findings.py runs
on a fresh build; these tests hold what is BrainBytes' own.
"""

from __future__ import annotations

import re

import attr
import pytest

from conftest import ROOT, definition
from obsgen.compile.grafana import compile_dashboard
from obsgen.docs import dashboards as dashboards_doc
from obsgen.loader import load
from obsgen.model.stack import Quantity

# The six dashboards the BrainBytes seed asks for: (title, tag). More may be added (README "Adding a dashboard";
# tests/test_adoption.py adds one and runs this module): tests that hold on every dashboard the definitions
# produce run on every one, and exact facts about the seed's six name them.
SEED = {
    "system-overview": ("BrainBytes / System Overview", "overview"),
    "application-performance": ("BrainBytes / Application Performance", "performance"),
    "error-analysis": ("BrainBytes / Error Analysis", "errors"),
    "resource-optimization": ("BrainBytes / Resource Optimization", "resources"),
    "user-experience": ("BrainBytes / User Experience", "experience"),
    "mobile-connectivity": ("BrainBytes / Mobile & Connectivity (Philippines)", "mobile"),
}
SLUGS = tuple(SEED)


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
    assert {slug: (compiled[slug]["title"], compiled[slug]["tags"]) for slug in SLUGS} == {
        slug: (title, ["brainbytes", tag]) for slug, (title, tag) in SEED.items()}
    assert {slug: data["uid"] for slug, data in compiled.items()} == {slug: f"brainbytes-{slug}" for slug in compiled}


def test_every_dashboard_has_panels_with_queries_and_distinct_titles(compiled):
    for slug, data in compiled.items():
        assert [p for p in _panels(data) if p.get("targets")], slug
        titles = [p["title"] for p in _panels(data)]
        assert len(titles) == len(set(titles)), f"{slug}: panel titles repeat within a dashboard"


def test_per_service_dashboards_have_multi_select_job_and_instance_refreshing_on_time_change(compiled):
    for slug in SLUGS[1:]:
        variables = {v["name"]: v for v in compiled[slug]["templating"]["list"]}
        for name in ("job", "instance"):
            assert variables[name]["multi"] is True and variables[name]["includeAll"] is True, (slug, name)
            assert variables[name]["refresh"] == 2, (slug, name)
        assert any('=~"$job"' in t["expr"] for p in _panels(compiled[slug]) for t in p.get("targets", [])), slug


def test_every_threshold_line_is_a_stack_value(project, compiled):
    allowed = stack_values(project.stack)
    drawn = [(slug, panel["title"], step["value"]) for slug, panel in _all_panels(compiled)
             for step in panel["fieldConfig"]["defaults"]["thresholds"]["steps"][1:]]
    assert [line for line in drawn if line[2] not in allowed] == []
    # The lines the seed's six dashboards draw today: none is lost without this changing.
    assert len([line for line in drawn if line[0] in SEED]) == 46


def test_changing_a_stack_threshold_moves_every_panel_line_that_draws_it(project):
    stack = project.stack
    moved = attr.evolve(stack, thresholds={**stack.thresholds, "backend_5xx_ratio": Quantity(0.0731, "percentunit")},
                        settings={**stack.settings, "db_pool_size": Quantity(37, "short")})
    dashboards = definition("dashboards.brainbytes").dashboards
    drawn = [(p["title"], step["value"]) for dash in dashboards(moved) for p in _panels(compile_dashboard(moved, dash).data)
             for step in p["fieldConfig"]["defaults"]["thresholds"]["steps"][1:]]
    # Overview (stat and time series), performance and error analysis draw the moved threshold.
    assert sorted(title for title, value in drawn if value == 0.0731) == [
        "Backend 5xx ratio", "Backend 5xx ratio", "Backend 5xx ratio over time", "Backend error ratio"]
    # 0.05 is left only where mobile_drop_ratio (also 0.05) is drawn.
    assert {title for title, value in drawn if value == 0.05} == {"Mobile drop ratio", "Mobile error rate", "Drop ratio by device type"}
    assert [title for title, value in drawn if value == 37] == ["Active DB connections"]
    pool = [t["expr"] for dash in dashboards(moved) for p in _panels(compile_dashboard(moved, dash).data)
            for t in p.get("targets", []) if "db_connections_active" in t["expr"] and "/ (" in t["expr"]]
    assert pool == ['(sum(brainbytes_db_connections_active{job=~"$job", instance=~"$instance"})) / (37)']


def test_dashboard_defaults_come_from_the_stack(project, compiled):
    for data in compiled.values():
        assert data["time"] == {"from": "now-6h", "to": "now"}
        assert data["refresh"] == "30s"
        assert data["timezone"] == project.stack.timezone == "Asia/Manila"
    # Every dashboard carries the stack's tag and links to the others through one dropdown of it.
    assert {slug: data["tags"][:1] for slug, data in compiled.items()} == {slug: ["brainbytes"] for slug in compiled}
    assert {slug: [(link["type"], link["tags"], link["asDropdown"], link["keepTime"]) for link in data["links"]]
            for slug, data in compiled.items()} == {slug: [("dashboards", ["brainbytes"], True, True)] for slug in compiled}


def test_system_overview_drills_down_into_the_other_five(compiled):
    targets = {link["url"] for p in _panels(compiled["system-overview"]) for link in p.get("links", [])}
    assert targets == {f"/d/brainbytes-{slug}" for slug in SLUGS[1:]}


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
