"""grafanalib's legacy output is rewritten into the current dashboard model."""

import json

import grafanalib.core as G
from grafanalib._gen import DashboardEncoder

from obsgen.grafana.normalise import SCHEMA_VERSION, normalise


def _legacy(**kwargs):
    dash = G.Dashboard(title="T", uid="t", **kwargs)
    return json.loads(json.dumps(dash.to_json_data(), cls=DashboardEncoder))


def test_grafanalib_really_emits_the_legacy_keys():
    raw = _legacy(panels=[G.Stat(title="s", targets=[G.Target(expr="up")], gridPos=G.GridPos(1, 1, 0, 0))])
    assert raw["schemaVersion"] == 12
    assert {"rows", "sharedCrosshair", "hideControls", "style", "gnetId"} <= raw.keys()
    assert {"query", "step", "intervalFactor", "metric", "target"} <= raw["panels"][0]["targets"][0].keys()


def test_dashboard_legacy_keys_are_removed_and_version_set():
    out = normalise(_legacy(sharedCrosshair=True))
    assert out["schemaVersion"] == SCHEMA_VERSION
    assert not {"rows", "sharedCrosshair", "hideControls", "style", "gnetId", "__inputs"} & out.keys()
    assert out["graphTooltip"] == 1  # the shared crosshair survives under its current name


def test_target_legacy_keys_are_removed_and_datasource_becomes_a_reference():
    panel = G.TimeSeries(title="t", targets=[G.Target(expr="up", datasource="${datasource}", refId="A")],
                         gridPos=G.GridPos(8, 12, 0, 0))
    target = normalise(_legacy(panels=[panel]))["panels"][0]["targets"][0]
    assert not {"query", "step", "intervalFactor", "metric", "target"} & target.keys()
    assert target["datasource"] == {"type": "prometheus", "uid": "${datasource}"}
    assert target["expr"] == "up" and target["range"] is True


def test_threshold_steps_get_a_null_base_and_lose_graph_era_fields():
    panel = G.Stat(title="s", targets=[G.Target(expr="up")], gridPos=G.GridPos(4, 4, 0, 0),
                   thresholds=[G.Threshold("green", 0, 0.0), G.Threshold("red", 1, 0.05)])
    steps = normalise(_legacy(panels=[panel]))["panels"][0]["fieldConfig"]["defaults"]["thresholds"]["steps"]
    assert steps == [{"color": "green", "value": None}, {"color": "red", "value": 0.05}]


def test_empty_stat_thresholds_become_a_single_base_step():
    panel = G.Stat(title="s", targets=[G.Target(expr="up")], gridPos=G.GridPos(4, 4, 0, 0), thresholds="")
    thresholds = normalise(_legacy(panels=[panel]))["panels"][0]["fieldConfig"]["defaults"]["thresholds"]
    assert thresholds == {"mode": "absolute", "steps": [{"color": "green", "value": None}]}


def test_nulls_are_dropped_everywhere():
    out = normalise(_legacy(panels=[G.TimeSeries(title="t", gridPos=G.GridPos(8, 12, 0, 0))]))

    def walk(value, path="$"):
        if isinstance(value, dict):
            for k, v in value.items():
                if not (k == "value" and path.endswith("steps")):
                    assert v is not None, f"{path}.{k} is null"
                walk(v, f"{path}.{k}")
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, path if isinstance(v, dict) and "color" in v else f"{path}[{i}]")

    walk(out)


def test_stat_and_timeseries_get_options_the_current_plugins_require():
    panels = [G.Stat(title="s", targets=[G.Target(expr="up")], gridPos=G.GridPos(4, 4, 0, 0)),
              G.TimeSeries(title="t", targets=[G.Target(expr="up")], gridPos=G.GridPos(4, 4, 4, 0))]
    stat, series = normalise(_legacy(panels=panels))["panels"]
    assert {"wideLayout", "showPercentChange", "percentChangeColorMode"} <= stat["options"].keys()
    assert series["options"]["legend"]["showLegend"] is True


def test_row_panels_keep_only_row_fields():
    row = normalise(_legacy(panels=[G.RowPanel(title="r", gridPos=G.GridPos(1, 24, 0, 0))]))["panels"][0]
    assert set(row) == {"type", "id", "title", "collapsed", "gridPos", "panels"}


def test_variable_legacy_fields_are_removed():
    templ = G.Templating([G.Template(name="job", query="label_values(up, job)", dataSource="${datasource}")])
    var = normalise(_legacy(templating=templ))["templating"]["list"][0]
    assert not {"useTags", "tagsQuery", "tagValuesQuery", "auto_min", "auto_count"} & var.keys()
    assert var["datasource"] == {"type": "prometheus", "uid": "${datasource}"}


def _one(panel):
    return normalise(_legacy(panels=[panel]))["panels"][0]


def test_grafanalib_heatmap_becomes_the_current_heatmap_panel():
    raw = G.Heatmap(title="h", targets=[G.Target(expr="x")], gridPos=G.GridPos(8, 12, 0, 0), dataFormat="tsbuckets",
                    yAxis=G.YAxis(format="s"), hideZeroBuckets=True, legend={"show": True})
    panel = _one(raw)
    assert not {"cards", "color", "dataFormat", "heatmap", "xAxis", "yAxis", "yBucketBound", "reverseYBuckets",
                "hideZeroBuckets", "highlightCards", "tooltip", "legend"} & panel.keys()
    options = panel["options"]
    assert options["calculate"] is False  # tsbuckets: Prometheus already bucketed the data
    assert options["rowsFrame"] == {"layout": "le"}
    assert options["yAxis"]["unit"] == "s" and panel["fieldConfig"]["defaults"]["unit"] == "s"
    assert options["filterValues"] == {"le": 1e-9}
    assert options["legend"] == {"show": True}


def test_unbucketed_heatmap_asks_grafana_to_calculate_buckets():
    options = _one(G.Heatmap(title="h", targets=[G.Target(expr="x")], gridPos=G.GridPos(8, 12, 0, 0)))["options"]
    assert options["calculate"] is True and "filterValues" not in options


def test_gauge_options_move_out_of_field_config():
    raw = G.GaugePanel(title="g", targets=[G.Target(expr="x")], gridPos=G.GridPos(4, 4, 0, 0), format="percentunit",
                       calc="lastNotNull", min=0, max=1, thresholds=[G.Threshold("green", 0, 0.0), G.Threshold("red", 1, 0.9)])
    panel = _one(raw)
    defaults = panel["fieldConfig"]["defaults"]
    assert set(defaults) <= {"unit", "min", "max", "decimals", "mappings", "thresholds", "links"}
    assert defaults["unit"] == "percentunit" and defaults["max"] == 1
    assert defaults["thresholds"]["steps"] == [{"color": "green", "value": None}, {"color": "red", "value": 0.9}]
    assert panel["options"]["reduceOptions"]["calcs"] == ["lastNotNull"]


def test_bargauge_field_options_become_reduce_options_and_field_config():
    raw = G.BarGauge(title="b", targets=[G.Target(expr="x")], gridPos=G.GridPos(4, 4, 0, 0), format="reqps",
                     calc="lastNotNull", displayMode="gradient", max=None,
                     thresholds=[G.Threshold("green", 0, 0.0), G.Threshold("red", 1, 5.0)])
    panel = _one(raw)
    assert "fieldOptions" not in panel["options"]
    assert panel["options"]["reduceOptions"] == {"calcs": ["lastNotNull"], "fields": "", "values": False}
    assert panel["options"]["displayMode"] == "gradient"
    defaults = panel["fieldConfig"]["defaults"]
    assert defaults["unit"] == "reqps" and "max" not in defaults
    assert [s["value"] for s in defaults["thresholds"]["steps"]] == [None, 5.0]


def test_table_loses_the_angular_table_fields():
    panel = _one(G.Table(title="t", targets=[G.Target(expr="x")], gridPos=G.GridPos(4, 4, 0, 0), unit="short"))
    assert not {"columns", "fontSize", "color", "mappings"} & panel.keys()
    assert panel["options"]["frameIndex"] == 0
    assert panel["fieldConfig"]["defaults"]["custom"]["inspect"] is False
    assert "displayMode" not in panel["fieldConfig"]["defaults"]["custom"]


def test_piechart_gains_orientation_and_tooltip_sort():
    panel = _one(G.PieChartv2(title="p", targets=[G.Target(expr="x")], gridPos=G.GridPos(4, 4, 0, 0)))
    assert panel["options"]["orientation"] == "auto"
    assert panel["options"]["tooltip"] == {"mode": "single", "sort": "none"}
    assert panel["options"]["legend"]["showLegend"] is True


def test_normalise_takes_grafanalib_objects_as_a_json_round_trip_would():
    # The build hands normalise grafanalib's to_json_data() directly; the result must be what
    # printing it with grafanalib's encoder and reading it back gives.
    dash = G.Dashboard(title="T", uid="t", panels=[
        G.Stat(title="s", targets=[G.Target(expr="up", legendFormat=None)], gridPos=G.GridPos(1, 1, 0, 0)),
        G.TimeSeries(title="t", targets=[G.Target(expr="x")], gridPos=G.GridPos(8, 12, 0, 1),
                     thresholds=[{"color": "red", "value": 1.5}], extraJson={"options": {"pair": ("a", None)}}),
    ], templating=G.Templating(list=[G.Template(name="job", query="label_values(up, job)", default=None)]))
    assert normalise(dash.to_json_data()) == normalise(json.loads(json.dumps(dash.to_json_data(), cls=DashboardEncoder)))


def test_data_that_is_not_json_is_refused_where_it_enters():
    import pytest

    with pytest.raises(TypeError, match="set"):
        normalise({"panels": [], "tags": {"a"}})
