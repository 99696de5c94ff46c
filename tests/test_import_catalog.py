"""What the build says about imported content, and the catalog module `obsgen import` writes for it.

Findings on objects built by the import's classes (Imported* rules, raw `panel(...)` panels) are
warnings in the build; the same finding on a hand-written definition stays an error. The catalog
module declares what imported queries read, with types inferred from the names.
"""

from __future__ import annotations

import importlib
import os

import attr

import pytest

from conftest import ROOT, obsgen_in_process
from obsgen import loader
from obsgen.api import (Dashboard, ImportedAlert, ImportedGroup, ImportedRecording, Row, loki_query, panel, prom,
                        query, stat)
from obsgen.checks import run_all
from obsgen.checks.base import Context
from obsgen.compile.alertmanager import compile_alertmanager
from obsgen.compile.grafana import compile_dashboard
from obsgen.compile.prometheus import compile_rule_group
from obsgen.importer import catalog
from obsgen.importer.roundtrip import scratch_stack
from obsgen.model.imported import UNTESTED
from obsgen.model.rules import Alert, RuleGroup
from obsgen.pipeline import soften

STACK = scratch_stack("shop")
EXPR = 'sum(rate(http_requests_total{job="shop"}[5m])) > 1'  # a fixed rate window, an uncatalogued metric


def _findings(artefact):
    return [p for p in run_all(Context(artefacts=[artefact], catalog=STACK.catalog, stack=STACK))]


def test_findings_on_imported_rules_are_warnings_and_on_hand_written_rules_errors():
    imported = compile_rule_group(STACK, ImportedGroup(name="third-party", rules=[
        ImportedAlert(name="high-rate", expr=EXPR, untested=UNTESTED),
        ImportedRecording(record="job:http:rate5m", expr=EXPR)]))
    assert all(o.imported for o in imported.origins.values())
    found = _findings(imported)
    assert {p.code for p in found} >= {"catalog-metric", "rule-conventions"} and all(p.imported for p in found)
    assert [p.severity for p in soften(found)] == ["warning" if p.severity == "error" else p.severity for p in found]
    assert {p.severity for p in soften(found)} == {"warning"}

    mine = compile_rule_group(STACK, RuleGroup("mine", [Alert(
        name="HighRate", expr=EXPR, severity="warning", team="web", service="shop", summary="Too many requests.",
        description="Too many.", untested="a test fixture")]))
    assert not any(o.imported for o in mine.origins.values())
    found = _findings(mine)
    assert any(p.code == "catalog-metric" and p.severity == "error" for p in found)
    assert soften(found) == found


def test_a_dashboard_is_imported_while_every_panel_is_raw():
    raw = panel("timeseries", "Requests", query("rate(http_requests_total[5m])"))
    art = compile_dashboard(STACK, Dashboard(slug="third", title="Third", description="d", rows=[Row("A", [raw])]))
    assert art.origins[()].imported and art.origins[("panels", 1)].imported  # panels[0] is the row header
    assert {p.imported for p in _findings(art)} == {True}
    typed = stat("Rate", "Requests per second.", prom("sum(rate(http_requests_total[$__rate_interval]))"), unit="reqps")
    art = compile_dashboard(STACK, Dashboard(slug="mixed", title="Mixed", description="d",
                                             rows=[Row("A", [panel("timeseries", "Raw", query("up")), typed])]))
    assert not art.origins[()].imported  # a typed panel: the dashboard is someone's own now
    assert art.origins[("panels", 1)].imported and not art.origins[("panels", 2)].imported
    for problem in _findings(art):
        assert problem.imported == ("/ panel 'Raw'" in problem.obj), problem


@pytest.mark.parametrize("series, families", [
    ({"x_bucket": {"le", "path"}, "x_sum": set(), "x_count": {"code"}}, {"x": ("histogram", {"path", "code"})}),
    ({"rpc_seconds_sum": set(), "rpc_seconds_count": {"method"}}, {"rpc_seconds": ("summary", {"method"})}),
    ({"rpc_seconds": {"quantile"}, "rpc_seconds_count": set()}, {"rpc_seconds": ("summary", set())}),
    ({"requests_total": {"code", "job", "instance", "__name__"}}, {"requests_total": ("counter", {"code"})}),
    ({"queue_length": {"$label", "queue"}}, {"queue_length": ("gauge", {"queue"})}),
    ({"jobs_created": set()}, {"jobs_created": ("gauge", set())}),  # a counter without _total: catalogued as a gauge
    ({"errors_total_count": set()}, {"errors_total_count": ("gauge", set())}),  # no summary named ..._total
])
def test_types_are_inferred_from_names_and_labels_from_queries(series, families):
    assert catalog.infer(series) == families


@pytest.fixture()
def project(tmp_path):
    path = tmp_path / "acme"
    assert obsgen_in_process("init", str(path), "--obsgen-source", ROOT).returncode == 0
    assert obsgen_in_process("--project", str(path), "new", "stack", "shop").returncode == 0
    return path


def _metrics(project):
    with loader.project_modules(str(project)):
        module = importlib.import_module("stacks.shop")
        return {m.name: (m.type, m.labels) for m in module.STACK.catalog}


def test_write_declares_what_the_catalog_lacks_and_wires_it_in_once(project):
    lines = catalog.write(str(project), "shop", {
        "http_requests_total": {"code"},  # the scaffold declares it
        "db_query_seconds_bucket": {"le", "db"}, "queue_length": {"queue"}, "up": set(),
        "job:errors:rate5m": set()}, recorded=set())
    stack_py = project / "stacks" / "shop.py"
    assert lines == [f"2 metrics the imported content reads are declared in {project}/stacks/_shop_imported.py: "
                     "review their inferred types",
                     f"{stack_py}: the catalog now includes _shop_imported.METRICS"]
    assert "TYPES WERE INFERRED" in (project / "stacks" / "_shop_imported.py").read_text()
    metrics = _metrics(project)
    assert metrics["db_query_seconds"] == ("histogram", ("db",)) and metrics["queue_length"] == ("gauge", ("queue",))
    assert "job:errors:rate5m" not in metrics and "up" not in metrics
    # A second import extends the module; a name a recording rule now writes leaves it; the stack is wired once.
    lines = catalog.write(str(project), "shop", {"queue_length": {"host"}, "cache_hits_total": set()},
                          recorded={"db_query_seconds"})
    assert lines == [f"2 metrics the imported content reads are declared in {project}/stacks/_shop_imported.py: "
                     "review their inferred types"]
    metrics = _metrics(project)
    assert metrics["queue_length"] == ("gauge", ("host", "queue")) and "db_query_seconds" not in metrics
    assert metrics["cache_hits_total"] == ("counter", ())
    text = stack_py.read_text()
    assert text.count("from stacks import _shop_imported\n") == 1 and text.count("+ _shop_imported.METRICS") == 1


def test_a_stack_without_the_marked_place_gets_the_line_to_add(project):
    stack_py = project / "stacks" / "shop.py"
    stack_py.write_text(stack_py.read_text().replace(catalog.MARK, ""))
    lines = catalog.write(str(project), "shop", {"queue_length": set()}, recorded=set())
    assert lines[-1] == (f"add the imported metrics to the catalog in {stack_py}: `from stacks import _shop_imported`, "
                         "then CATALOG = Catalog(... + _shop_imported.METRICS)")
    assert "_shop_imported" not in stack_py.read_text()


def test_a_log_dashboard_on_a_stack_without_loki_is_a_finding_not_a_traceback():
    no_loki = attr.evolve(STACK, datasources=[d for d in STACK.datasources if d.type != "loki"])
    dash = Dashboard(slug="logs", title="Logs", description="d", loki=True,
                     rows=[Row("A", [panel("logs", "Lines", loki_query('{job="shop"}'))])])
    with pytest.raises(ValueError, match=r"^it reads Loki but stack shop declares no loki datasource: add "
                                         r"Datasource\('Loki', 'loki', \"shop-loki\", URL\)"):
        compile_dashboard(no_loki, dash)


def test_a_new_stack_index_takes_the_imported_modules_at_its_marked_place_once(project):
    plugin = os.path.join(ROOT, "tests", "import_data", "plugin.json")
    for extra in ((), ("--force",)):
        proc = obsgen_in_process("--project", str(project), "import", "dashboard", plugin, "--stack", "shop", *extra)
        assert proc.returncode == 0, proc.stderr
        assert "written by hand" not in proc.stdout
    index = (project / "dashboards" / "shop" / "__init__.py").read_text()
    assert index.count("from dashboards.shop import _imported\n") == 1
    assert index.count("return [service(stack)] + _imported.dashboards(stack)  # written by obsgen import\n") == 1
    assert "from dashboards.shop import plugin\n" in (project / "dashboards" / "shop" / "_imported.py").read_text()
    proc = obsgen_in_process("build", cwd=project)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "built shop: 19 written, 0 removed, 19 files\n"  # the scaffold's 18 and the dashboard


def test_an_imported_alertmanager_config_is_imported_content_throughout():
    from obsgen.api import AlertmanagerConfig, ImportedAlertmanagerConfig, ImportedReceiver, Receiver, Route, Webhook

    route = Route(receiver="team", routes=[Route(receiver="team", matchers=['severity="critical"'])])
    imported = ImportedAlertmanagerConfig(route=route, receivers=[ImportedReceiver("team")])
    (art,) = compile_alertmanager(STACK, imported)
    assert len(art.origins) == 4 and all(o.imported for o in art.origins.values())  # root, 2 routes, receiver
    mine = compile_alertmanager(STACK, AlertmanagerConfig(route=route, receivers=[Receiver("team", webhook=[Webhook("http://hooks.example.org/alerts")])]))
    assert not any(o.imported for a in mine for o in a.origins.values())


@pytest.mark.parametrize("expr, legend, labels", [
    ('rate(jobs_done_total{queue="a"}[5m])', "{{queue}} {{worker}}", {"queue", "worker"}),  # passes through
    ("sum by (queue) (rate(jobs_done_total[5m]))", "{{ worker }}", {"queue"}),  # aggregated: the legend may be wrong
    ("rate(jobs_done_total[5m]) / rate(jobs_seen_total[5m])", "{{worker}}", set()),  # which side carries it?
    ('label_replace(jobs_done_total, "worker", "$1", "host", "(.*)")', "{{worker}}", set()),  # made by the query
])
def test_legend_labels_count_only_where_the_series_is_shown_as_it_is(expr, legend, labels):
    art = compile_dashboard(STACK, Dashboard(slug="q", title="Q", description="d", rows=[Row("A", [
        panel("timeseries", "Jobs", query(expr, legend))])]))
    series, _recorded = catalog.reads(Context(artefacts=[art]))
    assert series["jobs_done_total"] == labels
