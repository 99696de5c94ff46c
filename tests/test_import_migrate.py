"""Legacy Grafana dashboards are migrated the way Grafana migrates them (obsgen/grafana/migrate.py)."""

from __future__ import annotations

import json
import os

import pytest

from obsgen.grafana.migrate import grid_height, migrate

DATA = os.path.join(os.path.dirname(__file__), "import_data")


@pytest.fixture(scope="module")
def legacy():
    with open(os.path.join(DATA, "legacy.json")) as fh:
        return migrate(json.load(fh))


def _by_title(dashboard):
    out = {}
    for panel in dashboard["panels"]:
        out[panel["title"]] = panel
        for nested in panel.get("panels", []):
            out[nested["title"]] = nested
    return out


@pytest.mark.parametrize("height, units", [("250px", 7), (250, 7), (300, 8), (100, 3), (None, 7), ("tall", 7)])
def test_pixel_heights_become_grid_units_as_grafana_computes_them(height, units):
    assert grid_height(height) == units


def test_rows_become_row_panels_on_a_24_column_grid(legacy):
    assert "rows" not in legacy
    layout = [(p["type"], p["title"], p["gridPos"]) for p in legacy["panels"]]
    assert layout == [
        ("row", "Traffic", {"x": 0, "y": 0, "w": 24, "h": 7}),
        ("timeseries", "Requests", {"x": 0, "y": 1, "w": 12, "h": 7}),
        ("stat", "Availability", {"x": 12, "y": 1, "w": 12, "h": 7}),
        ("row", "Errors", {"x": 0, "y": 8, "w": 24, "h": 8}),
    ]
    collapsed = legacy["panels"][3]
    assert collapsed["collapsed"] is True
    assert [(p["type"], p["gridPos"]) for p in collapsed["panels"]] == [
        ("gauge", {"x": 0, "y": 9, "w": 8, "h": 8}), ("table", {"x": 8, "y": 9, "w": 16, "h": 8})]


def test_graph_becomes_timeseries_keeping_unit_thresholds_colours_and_legend(legacy):
    panel = _by_title(legacy)["Requests"]
    defaults = panel["fieldConfig"]["defaults"]
    assert defaults["unit"] == "reqps" and defaults["min"] == 0
    assert defaults["thresholds"] == {"mode": "absolute", "steps": [
        {"color": "transparent", "value": None}, {"color": "red", "value": 100}]}
    assert defaults["custom"]["thresholdsStyle"] == {"mode": "line+area"}
    assert defaults["custom"]["stacking"] == {"mode": "normal", "group": "A"}
    assert defaults["custom"]["fillOpacity"] == 20
    assert panel["fieldConfig"]["overrides"] == [
        {"matcher": {"id": "byName", "options": "500"},
         "properties": [{"id": "color", "value": {"mode": "fixed", "fixedColor": "red"}}]},
        {"matcher": {"id": "byRegexp", "options": "/4../"},
         "properties": [{"id": "color", "value": {"mode": "fixed", "fixedColor": "orange"}},
                        {"id": "custom.axisPlacement", "value": "right"}, {"id": "unit", "value": "short"}]},
    ]
    assert panel["options"]["legend"] == {"showLegend": True, "displayMode": "table", "placement": "right",
                                          "calcs": ["mean", "lastNotNull"]}
    assert panel["options"]["tooltip"] == {"mode": "multi", "sort": "desc"}
    for legacy_key in ("yaxes", "xaxis", "aliasColors", "seriesOverrides", "thresholds", "legend", "tooltip", "span"):
        assert legacy_key not in panel


def test_singlestat_becomes_stat_and_gauge(legacy):
    stat = _by_title(legacy)["Availability"]
    assert stat["type"] == "stat"
    assert stat["fieldConfig"]["defaults"]["unit"] == "percentunit"
    assert stat["fieldConfig"]["defaults"]["decimals"] == 2
    assert stat["fieldConfig"]["defaults"]["thresholds"]["steps"] == [
        {"color": "red", "value": None}, {"color": "orange", "value": 0.9}, {"color": "green", "value": 0.99}]
    assert stat["options"]["reduceOptions"]["calcs"] == ["lastNotNull"]
    assert (stat["options"]["colorMode"], stat["options"]["graphMode"]) == ("background", "area")
    gauge = _by_title(legacy)["Error budget"]
    assert gauge["type"] == "gauge"
    assert (gauge["fieldConfig"]["defaults"]["min"], gauge["fieldConfig"]["defaults"]["max"]) == (0, 1)


def test_old_table_styles_become_overrides(legacy):
    table = _by_title(legacy)["Top errors"]
    assert table["type"] == "table" and "styles" not in table
    assert table["fieldConfig"]["overrides"] == [{"matcher": {"id": "byName", "options": "Value"}, "properties": [
        {"id": "displayName", "value": "Errors"}, {"id": "unit", "value": "reqps"}, {"id": "decimals", "value": 1}]}]
    assert table["transformations"] == [{"id": "merge", "options": {}}]


def test_old_variable_forms_are_rewritten(legacy):
    job = next(v for v in legacy["templating"]["list"] if v["name"] == "job")
    assert job["refresh"] == 1
    assert job["datasource"] == {"uid": "Prometheus"}
    assert "useTags" not in job and "tags" not in job and "tags" not in job["current"]


def test_current_panels_and_unknown_plugins_are_left_alone():
    panel = {"type": "grafana-polystat-panel", "title": "x", "legend": {"show": False}, "polystat": {"a": 1},
             "gridPos": {"x": 0, "y": 0, "w": 6, "h": 4}}
    current = {"type": "timeseries", "title": "y", "fieldConfig": {"defaults": {"unit": "s"}, "overrides": []},
               "gridPos": {"x": 6, "y": 0, "w": 6, "h": 4}}
    out = migrate({"panels": [panel, current]})
    assert out["panels"] == [panel, current]


@pytest.mark.parametrize("odd", [None, [], "text", {"rows": None}, {"rows": [None, {"panels": ["x", None]}]},
                                 {"rows": [{"height": "huge", "panels": [{"span": "wide", "type": "graph",
                                                                          "yaxes": "no", "thresholds": [None]}]}]},
                                 {"panels": [{"type": "singlestat", "thresholds": 5, "colors": None}]},
                                 {"panels": [None, 3, {"type": "row", "panels": None}]},
                                 {"templating": {"list": [None, {"refresh": True}]}}])
def test_odd_input_is_handled_never_a_traceback(odd):
    out = migrate(odd)
    assert isinstance(out, dict) and isinstance(out["panels"], list)


def test_graph_legend_values_show_only_when_values_is_on():
    hidden = migrate({"panels": [{"type": "graph", "legend": {"show": True, "values": False, "avg": True}}]})
    shown = migrate({"panels": [{"type": "graph", "legend": {"show": True, "values": True, "max": True, "avg": True}}]})
    assert hidden["panels"][0]["options"]["legend"]["calcs"] == []
    assert shown["panels"][0]["options"]["legend"]["calcs"] == ["max", "mean"]
