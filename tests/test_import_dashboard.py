"""`obsgen import dashboard`: legacy, exported (__inputs) and plugin dashboards become modules that build back."""

from __future__ import annotations

import ast
import json
import os

import pytest
from click.testing import CliRunner

from obsgen.cli import cli
from obsgen.importer import dashboard as importer
from obsgen.importer import roundtrip

DATA = os.path.join(os.path.dirname(__file__), "import_data")
FIXTURES = ("legacy", "exported", "plugin")


def _path(name: str) -> str:
    return os.path.join(DATA, f"{name}.json")


@pytest.fixture(scope="module")
def trips():
    return {name: roundtrip.dashboard_round_trip(_path(name)) for name in FIXTURES}


def _panels(built):
    return roundtrip._flatten(built["panels"])


@pytest.mark.parametrize("name", FIXTURES)
def test_round_trip_gives_back_the_same_dashboard(trips, name):
    built, difference = trips[name].built, trips[name].difference
    assert difference == ""
    with open(_path(name)) as fh:
        assert roundtrip.dropped(json.load(fh), built) == []


def test_the_comparison_can_fail(trips):
    """Change a unit, a query or a position in the built dashboard: the round trip says which."""
    with open(_path("exported")) as fh:
        source = json.load(fh)
    built = trips["exported"].built
    before = roundtrip.normal_form(source)
    changed = json.loads(json.dumps(built))
    changed["panels"][2]["fieldConfig"]["defaults"]["unit"] = "ms"
    assert "unit 's' became 'ms'" in roundtrip.difference(before, roundtrip.normal_form(changed))
    changed = json.loads(json.dumps(built))
    changed["panels"][0]["gridPos"]["x"] = 1
    assert "grid" in roundtrip.difference(before, roundtrip.normal_form(changed))
    changed = json.loads(json.dumps(built))
    changed["panels"][1]["targets"][0]["expr"] = "{job=\"x\"}"
    assert "queries" in roundtrip.difference(before, roundtrip.normal_form(changed))
    changed = json.loads(json.dumps(built))
    del changed["panels"][2]["options"]["legend"]
    # Grafana's default legend is shown, bottom, as a list: only the hidden legend is lost.
    assert roundtrip.dropped(source, changed) == ["panel 2 ('Latency p99'): options.legend.showLegend"]


def test_legacy_dashboard_is_written_with_current_panel_types(trips):
    source, built = trips["legacy"].source, trips["legacy"].built
    assert 'panel(\n' in source and '"graph"' not in source and '"singlestat"' not in source
    assert [(p["type"], p["title"]) for p in _panels(built)] == [
        ("row", "Traffic"), ("timeseries", "Requests"), ("stat", "Availability"),
        ("row", "Errors"), ("gauge", "Error budget"), ("table", "Top errors")]
    assert 'row("Errors"' in source.replace("\n", "").replace("    ", "") or "collapsed=True" in source
    # The old query variable is migrated (refresh on load) and queries through the stack's datasource;
    # the custom one is kept as written.
    assert '"type": "custom"' in source
    variables = {v["name"]: v for v in built["templating"]["list"]}
    job = variables["job"]
    assert (job["datasource"], job["refresh"], job["allValue"], job["query"]) == (
        {"type": "prometheus", "uid": "${datasource}"}, 1, ".+", "label_values(up, job)")
    assert variables["window"]["query"] == "5m,1h"


def test_exported_placeholders_are_resolved(trips):
    source, built = trips["exported"].source, trips["exported"].built
    assert "DS_PROMETHEUS" not in source and "DS_LOGS" not in source and "VAR_ENV" not in source
    assert "P1809F7CD0C75ACF3" not in source  # a concrete Prometheus uid becomes the stack's variable
    assert "loki=True" in source
    assert 'sum(up{env=\\"production\\"})' in source or "sum(up{env=\"production\"})" in source
    refs = {json.dumps(t["datasource"], sort_keys=True) for p in _panels(built) for t in p.get("targets", [])}
    assert refs == {'{"type": "loki", "uid": "${loki}"}', '{"type": "prometheus", "uid": "${datasource}"}'}
    assert [v["name"] for v in built["templating"]["list"]] == ["datasource", "loki"]


def test_unknown_panel_plugin_is_carried_over_with_a_comment(trips):
    source, built = trips["plugin"].source, trips["plugin"].built
    assert "# Panel plugin 'grafana-polystat-panel' has no obsgen builder: carried over as written." in source
    panel = _panels(built)[0]
    assert panel["type"] == "grafana-polystat-panel"
    assert panel["polystat"] == {"animationSpeed": 2500, "columns": "", "displayLimit": 100,
                                 "shape": "hexagon_pointed_top"}
    assert panel["legend"] == {"show": False}  # a key grafanalib-era clean-up would drop, kept for the plugin
    assert panel["savedOverrides"] == [{"metricName": "up", "thresholds": [{"value": 0.5, "state": 2}]}]
    assert panel["pluginVersion"] == "2.1.4"


@pytest.mark.parametrize("name", FIXTURES)
def test_generated_code_is_formatted_and_deterministic(trips, name):
    source = trips[name].source
    ast.parse(source)
    again = importer.import_dashboard(importer.load(_path(name)), source=_path(name),
                                      slug=importer.slug_for(_path(name), "imported", set()))
    assert again == source
    assert source.endswith("\n") and not source.endswith("\n\n")
    assert all(line == line.rstrip() for line in source.splitlines())
    lines = source.splitlines()
    imports = [line for line in lines if line.startswith(("import ", "from "))]
    assert imports and all(line.startswith("from obsgen.api import ") for line in imports)
    # Long lines are only string literals that cannot be split (black leaves them too).
    assert all(len(line) <= 120 or line.strip().startswith(('"', "'")) or '": "' in line or "=\"" in line
               for line in lines)


def test_rows_are_used_when_they_reproduce_the_grid():
    dashboard = {"title": "Rows", "templating": {"list": [
        {"name": "ds", "type": "datasource", "query": "prometheus"},
        {"name": "job", "type": "query", "datasource": "$ds", "query": "label_values(up, job)", "refresh": 2,
         "sort": 1, "multi": True, "includeAll": True, "allValue": ".*"}]}, "panels": [
        {"type": "row", "title": "A", "gridPos": {"x": 0, "y": 0, "w": 24, "h": 1}},
        {"type": "stat", "title": "one", "gridPos": {"x": 0, "y": 1, "w": 12, "h": 6}},
        {"type": "stat", "title": "two", "gridPos": {"x": 12, "y": 1, "w": 12, "h": 6}},
        {"type": "row", "title": "B", "gridPos": {"x": 0, "y": 7, "w": 24, "h": 1}},
        {"type": "timeseries", "title": "three", "gridPos": {"x": 0, "y": 8, "w": 24, "h": 8}},
    ]}
    source = importer.import_dashboard(dashboard, source="rows.json", slug="rows")
    assert 'Row("A"' in source and 'Row("B"' in source and "Grid(" not in source and "at=(" not in source
    assert "height=6" in source
    assert 'variables=[Variable("job", "label_values(up, job)")]' in source
    dash = roundtrip.run_module(source, "rows.py", "dashboard", roundtrip.scratch_stack())
    from obsgen.compile.grafana import compile_dashboard
    built = compile_dashboard(roundtrip.scratch_stack(), dash).data
    assert roundtrip.difference(roundtrip.normal_form(dashboard), roundtrip.normal_form(built)) == ""


def test_command_writes_modules_and_an_index(tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["--project", str(tmp_path), "import", "dashboard",
                                 *(_path(n) for n in FIXTURES), "--stack", "shop-eu"])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "dashboards" / "shop_eu"
    assert sorted(os.listdir(folder)) == ["__init__.py", "exported.py", "legacy.py", "plugin.py"]
    index = (folder / "__init__.py").read_text()
    assert "from dashboards.shop_eu import exported, legacy, plugin" in index
    assert "MODULES = (exported, legacy, plugin)" in index
    stack = roundtrip.scratch_stack("shop-eu")
    for name in ("exported", "legacy", "plugin"):
        dash = roundtrip.run_module((folder / f"{name}.py").read_text(), f"{name}.py", "dashboard", stack)
        assert dash.slug == name
    # A second import does not replace a module without --force (misuse, exit 2).
    again = runner.invoke(cli, ["--project", str(tmp_path), "import", "dashboard", _path("legacy"), "--stack", "shop-eu"])
    assert again.exit_code == 2 and "exists; pass --force" in again.output
    forced = runner.invoke(cli, ["--project", str(tmp_path), "import", "dashboard", _path("legacy"), "--stack",
                                 "shop-eu", "--force"])
    assert forced.exit_code == 0, forced.output


def test_a_hand_written_index_is_left_alone(tmp_path):
    folder = tmp_path / "dashboards" / "shop"
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text("def dashboards(stack):\n    return []\n")
    result = CliRunner().invoke(cli, ["--project", str(tmp_path), "import", "dashboard", _path("plugin"), "--stack", "shop"])
    assert result.exit_code == 0
    assert "written by hand: add the new modules" in result.output
    assert (folder / "__init__.py").read_text() == "def dashboards(stack):\n    return []\n"


@pytest.mark.parametrize("content", ["not json", "[1, 2]", '{"title": "no panels"}'])
def test_a_file_that_is_not_a_dashboard_is_one_error_line(tmp_path, content):
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    result = CliRunner().invoke(cli, ["--project", str(tmp_path), "import", "dashboard", str(bad), "--stack", "shop"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error[import] shop:")
    assert not (tmp_path / "dashboards").exists()


@pytest.mark.parametrize("odd", [
    {"panels": [None, 3, "x", {"type": None, "title": 5, "gridPos": "here", "targets": {"expr": "up"}}]},
    {"panels": [{"type": "stat", "fieldConfig": {"defaults": {"thresholds": {"steps": [None, 3]}}, "overrides": "no"}}]},
    {"panels": [{"type": "timeseries", "targets": [None, {"expr": None}, {"expr": "up", "datasource": 7}]}]},
    {"rows": [{"panels": [{"type": "graph", "yaxes": None, "legend": "yes"}]}], "templating": {"list": "none"}},
    {"panels": [], "templating": {"list": [{"type": "query", "name": 3, "query": {"query": None}}]},
     "__inputs": "DS", "tags": "ops", "time": {"from": 5}, "refresh": False},
    {"panels": [{"type": "row", "collapsed": True, "panels": [None, {"type": "text"}]}]},
])
def test_odd_dashboards_import_and_build_never_a_traceback(odd):
    stack = roundtrip.scratch_stack()
    source = importer.import_dashboard(odd, source="odd.json", slug="odd")
    ast.parse(source)
    from obsgen.compile.grafana import compile_dashboard
    compile_dashboard(stack, roundtrip.run_module(source, "odd.py", "dashboard", stack))


def test_long_file_names_make_uids_that_fit_the_target_stack(tmp_path):
    """The slug is sized for `<stack>-<slug>` (40 characters), and the import proves it with that stack."""
    name = tmp_path / "a-very-long-dashboard-file-name-from-some-mixin-overview.json"
    name.write_text(open(_path("plugin")).read())
    result = CliRunner().invoke(cli, ["--project", str(tmp_path), "import", "dashboard", str(name), "--stack", "shop"])
    assert result.exit_code == 0, result.output
    (module,) = [f for f in os.listdir(tmp_path / "dashboards" / "shop") if f != "__init__.py"]
    dash = roundtrip.run_module((tmp_path / "dashboards" / "shop" / module).read_text(), module, "dashboard",
                                roundtrip.scratch_stack("shop"))
    assert len(f"shop-{dash.slug}") == 40
