"""grafanalib's output, brought to the current Grafana dashboard format.

grafanalib 0.7.1 writes schemaVersion 12 with keys Grafana dropped long ago
(top-level rows, sharedCrosshair, hideControls, style, gnetId; target query,
step, intervalFactor, metric, target; threshold steps as graph-era objects;
null for "unset"). Grafana 11/12 would migrate such a dashboard on every
load. This module is the one place that knowledge lives: it rewrites the
plain data into the schemaVersion 42 model that the official schema describes.
"""

from __future__ import annotations

from typing import Any

SCHEMA_VERSION = 42

_DASHBOARD_LEGACY = ("rows", "sharedCrosshair", "hideControls", "style", "gnetId", "__inputs", "__requires")
_PANEL_LEGACY = (
    "cacheTimeout", "editable", "error", "height", "minSpan", "span", "hideTimeOverride",
    "isNew", "renderer", "nullPointMode", "legend", "tooltip", "xaxis", "yaxes", "seriesOverrides",
)
_TARGET_LEGACY = ("query", "step", "intervalFactor", "metric", "target")
_VARIABLE_LEGACY = ("useTags", "tagsQuery", "tagValuesQuery", "auto_min", "auto_count", "auto", "tags")
_TIMEPICKER_LEGACY = ("time_options",)

# Options added to panel plugins after grafanalib 0.7.1, which their schemas now
# require. Values are Grafana's own defaults, so nothing changes on screen.
_LEGEND = {"showLegend": True, "displayMode": "list", "placement": "bottom", "calcs": []}
_OPTION_DEFAULTS = {
    "stat": {"wideLayout": True, "showPercentChange": False, "percentChangeColorMode": "standard",
             "orientation": "auto", "justifyMode": "auto", "textMode": "auto"},
    "timeseries": {"legend": _LEGEND, "tooltip": {"mode": "single", "sort": "none"}},
    "piechart": {"legend": _LEGEND},
    "statetimeline": {"legend": _LEGEND},
    "histogram": {"legend": _LEGEND},
    "barchart": {"legend": _LEGEND},
    "table": {"showHeader": True, "cellHeight": "sm"},
    "logs": {"showTime": True, "showLabels": False, "showCommonLabels": False, "wrapLogMessage": False,
             "prettifyLogMessage": False, "enableLogDetails": True, "dedupStrategy": "none", "sortOrder": "Descending",
             "showLogContextToggle": False},
}


def _fill(target: dict, defaults: dict) -> dict:
    for key, value in defaults.items():
        if isinstance(value, dict):
            current = target.get(key)
            target[key] = _fill(dict(current) if isinstance(current, dict) else {}, value)
        else:
            target.setdefault(key, value)
    return target


def plain(value: Any) -> Any:
    """grafanalib's output as fresh JSON data, null-valued keys dropped.

    Nested grafanalib objects become their `to_json_data()`, tuples become lists, and a
    key whose value is (or becomes) None is removed: the current model means "unset" by
    absence. This is what a JSON round trip through grafanalib's DashboardEncoder gives,
    without printing and re-parsing every dashboard.
    """
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if type(key) is not str:
                raise TypeError(f"dashboard key {key!r} is not a string")
            if key == "__obsgen_raw__":  # obsgen.grafana.raw: JSON as written, nulls included
                out[key] = item
                continue
            item = plain(item)
            if item is not None:
                out[key] = item
        return out
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if value is None or isinstance(value, (str, int, float)):
        return value
    to_json_data = getattr(value, "to_json_data", None)
    if to_json_data is None:
        raise TypeError(f"{type(value).__name__} in a dashboard is not JSON data and has no to_json_data()")
    return plain(to_json_data())


def _datasource_ref(value: Any, default_type: str) -> Any:
    """A datasource given as a name or `${var}` string becomes a {type, uid} reference."""
    if isinstance(value, str):
        return {"type": default_type, "uid": value}
    return value


def _thresholds(config: dict) -> dict:
    steps = []
    for index, step in enumerate(config.get("steps") or []):
        value = step.get("value")
        if index == 0 or value in ("null", "", None):
            value = None  # the base step has no lower bound
        steps.append({"color": step.get("color", "green"), "value": value})
    if not steps:
        steps = [{"color": "green", "value": None}]
    return {"mode": config.get("mode") or "absolute", "steps": steps}


def _target(target: dict, panel_ds: Any) -> dict:
    out = {k: v for k, v in target.items() if k not in _TARGET_LEGACY}
    ds = _datasource_ref(out.get("datasource") or panel_ds, "prometheus")
    if ds is not None:
        out["datasource"] = ds
    if not out.get("interval"):
        out.pop("interval", None)
    if out.get("hide") is False:
        out.pop("hide")
    if ds and ds.get("type") == "loki":
        out.pop("format", None)
        out.pop("instant", None)
        out["queryType"] = "range"
    else:
        out["editorMode"] = "code"
        out["range"] = not out.get("instant", False)
    return out


_HIDE_FROM = {"legend": False, "tooltip": False, "viz": False}


def _reduce(calcs, values, limit=None) -> dict:
    out = {"calcs": list(calcs or ["lastNotNull"]), "fields": "", "values": bool(values)}
    if limit:
        out["limit"] = limit
    return out


def _heatmap(panel: dict) -> dict:
    """grafanalib's Heatmap is the pre-7 (angular) panel; its settings move into options."""
    color = panel.pop("color", {}) or {}
    y_axis = panel.pop("yAxis", {}) or {}
    cards = panel.pop("cards", {}) or {}
    pre_bucketed = panel.pop("dataFormat", "timeseries") == "tsbuckets"
    hide_zero = panel.pop("hideZeroBuckets", False)
    reverse = panel.pop("reverseYBuckets", False)
    legend = panel.get("legend") or {}
    for key in ("heatmap", "highlightCards", "xAxis", "xBucketNumber", "xBucketSize", "yBucketBound",
                "yBucketNumber", "yBucketSize"):
        panel.pop(key, None)
    axis = {"axisPlacement": "left" if y_axis.get("show", True) else "hidden", "reverse": bool(reverse)}
    for old, new in (("format", "unit"), ("decimals", "decimals"), ("min", "min"), ("max", "max")):
        if y_axis.get(old) is not None:
            axis[new] = y_axis[old]
    scheme = str(color.get("colorScheme", "interpolateOranges")).replace("interpolate", "")
    options = {
        "calculate": not pre_bucketed,
        "cellGap": int(cards.get("cardPadding") or 1),
        "color": {"mode": "scheme", "scheme": scheme, "fill": color.get("cardColor", "dark"),
                  "scale": "exponential" if color.get("colorScale") == "sqrt" else "linear",
                  "exponent": color.get("exponent", 0.5), "steps": 64, "reverse": False},
        "exemplars": {"color": "rgba(255,0,255,0.7)"},
        "legend": {"show": bool(legend.get("show", True))},
        "rowsFrame": {"layout": "le" if pre_bucketed else "auto"},
        "showValue": "auto",
        "tooltip": {"mode": "single", "yHistogram": False, "showColorScale": False},
        "yAxis": axis,
    }
    if hide_zero:
        options["filterValues"] = {"le": 1e-9}
    panel["options"] = options
    defaults = (panel.get("fieldConfig") or {}).get("defaults") or {}
    defaults["custom"] = {"hideFrom": dict(_HIDE_FROM), "scaleDistribution": {"type": "linear"}}
    if "unit" in axis:
        defaults["unit"] = axis["unit"]  # the y axis is the data's unit (bucket bounds)
    panel["fieldConfig"] = {"defaults": defaults, "overrides": []}
    return panel


def _gauge(panel: dict) -> dict:
    """grafanalib's GaugePanel puts its options inside fieldConfig.defaults."""
    old = (panel.get("fieldConfig") or {}).get("defaults") or {}
    panel["options"] = {
        "reduceOptions": _reduce(old.get("calcs"), old.get("values"), old.get("limit")),
        "showThresholdLabels": bool(old.get("showThresholdLabels", False)),
        "showThresholdMarkers": bool(old.get("showThresholdMarkers", True)),
        "orientation": "auto", "sizing": "auto", "minVizWidth": 75, "minVizHeight": 75,
    }
    defaults = {k: old[k] for k in ("unit", "min", "max", "decimals", "mappings", "thresholds", "links") if k in old}
    panel["fieldConfig"] = {"defaults": defaults, "overrides": []}
    return panel


def _bargauge(panel: dict) -> dict:
    """grafanalib's BarGauge writes the Grafana 6 `fieldOptions`."""
    old = panel.get("options") or {}
    field = old.get("fieldOptions") or {}
    panel["options"] = {
        "displayMode": old.get("displayMode", "gradient"),
        "orientation": old.get("orientation", "horizontal"),
        "reduceOptions": _reduce(field.get("calcs"), field.get("values"), field.get("limit")),
        "showUnfilled": True, "valueMode": "color", "namePlacement": "auto", "sizing": "auto",
        "minVizWidth": 8, "minVizHeight": 16, "maxVizHeight": 300,
        "legend": dict(_LEGEND, showLegend=False),
    }
    defaults = {k: v for k, v in (field.get("defaults") or {}).items() if k in ("unit", "min", "max", "decimals", "links")}
    defaults["mappings"] = field.get("mappings") or []
    defaults["thresholds"] = ((panel.get("fieldConfig") or {}).get("defaults") or {}).get("thresholds") or {}
    panel["fieldConfig"] = {"defaults": defaults, "overrides": []}
    return panel


def _piechart(panel: dict) -> dict:
    """PieChartv2 lacks the options added since (orientation, tooltip sort); the legend gains its own below."""
    options = dict(panel.get("options") or {})
    options.setdefault("orientation", "auto")
    options["tooltip"] = {"mode": (options.get("tooltip") or {}).get("mode", "single"), "sort": "none"}
    panel["options"] = options
    return panel


def _table(panel: dict) -> dict:
    """grafanalib's Table keeps the angular table's columns/fontSize and panel-level color and mappings."""
    for key in ("columns", "fontSize", "color"):
        panel.pop(key, None)
    mappings = panel.pop("mappings", [])
    field_config = panel.get("fieldConfig") or {}
    defaults = dict(field_config.get("defaults") or {})
    if mappings:
        defaults["mappings"] = mappings
    custom = dict(defaults.get("custom") or {})
    custom.pop("displayMode", None)  # superseded by cellOptions
    custom.setdefault("align", "auto")
    custom.setdefault("inspect", False)
    defaults["custom"] = custom
    panel["fieldConfig"] = {**field_config, "defaults": defaults}
    options = dict(panel.get("options") or {})
    options.setdefault("frameIndex", 0)
    if options.get("sortBy") == []:
        options.pop("sortBy")
    panel["options"] = options
    return panel


# Panel types grafanalib writes in a pre-current shape, rewritten before the common clean-up.
_BY_TYPE = {"heatmap": _heatmap, "gauge": _gauge, "bargauge": _bargauge, "piechart": _piechart, "table": _table}


def _panel(panel: dict) -> dict:
    if isinstance(panel.get("__obsgen_raw__"), dict):  # obsgen.grafana.raw: already current, kept as written
        return panel["__obsgen_raw__"]
    if panel.get("type") in _BY_TYPE:
        panel = _BY_TYPE[panel["type"]](dict(panel))
    if panel.get("type") == "row":
        return {
            "type": "row",
            "id": panel.get("id", 0),
            "title": panel.get("title", ""),
            "collapsed": bool(panel.get("collapsed", False)),
            "gridPos": panel["gridPos"],
            "panels": [_panel(p) for p in panel.get("panels", [])],
        }
    out = {k: v for k, v in panel.items() if k not in _PANEL_LEGACY}
    for key in ("repeat", "repeatDirection", "interval", "timeFrom", "timeShift", "description"):
        if out.get(key) in ("", None):
            out.pop(key, None)
    if out.get("transparent") is False:
        out.pop("transparent")
    for key in ("links", "transformations"):
        if out.get(key) == []:
            out.pop(key)
    ds = _datasource_ref(out.get("datasource"), "prometheus")
    out["targets"] = [_target(t, ds) for t in out.get("targets", [])]
    if ds is None and out["targets"]:
        ds = out["targets"][0].get("datasource")
    if ds is not None:
        out["datasource"] = ds
    if out.get("type") in _OPTION_DEFAULTS:
        out["options"] = _fill(dict(out.get("options") or {}), _OPTION_DEFAULTS[out["type"]])
    field_config = out.get("fieldConfig")
    if isinstance(field_config, dict):
        defaults = field_config.setdefault("defaults", {})
        defaults["thresholds"] = _thresholds(defaults.get("thresholds") or {})
        field_config.setdefault("overrides", [])
        if defaults.get("color") is None:
            defaults.pop("color", None)
    return out


def _variable(variable: dict) -> dict:
    out = {k: v for k, v in variable.items() if k not in _VARIABLE_LEGACY}
    current = out.get("current")
    if isinstance(current, dict):
        current = {k: v for k, v in current.items() if k != "tags"}
        if current.get("text") is None and current.get("value") is None:
            current = None
        out["current"] = current
    if out.get("type") == "datasource":
        out.pop("datasource", None)
    else:
        out["datasource"] = _datasource_ref(out.get("datasource"), "prometheus")
    if out.get("regex") in ("", None):
        out.pop("regex", None)
    return out


def normalise(data: dict) -> dict:
    """Rewrite grafanalib's dashboard (`to_json_data()`, or that as JSON data) into the current model."""
    data = plain(data)
    out = {k: v for k, v in data.items() if k not in _DASHBOARD_LEGACY}
    if data.get("sharedCrosshair") and not out.get("graphTooltip"):
        out["graphTooltip"] = 1
    out["schemaVersion"] = SCHEMA_VERSION
    out["panels"] = [_panel(p) for p in data.get("panels", [])]
    out["templating"] = {"list": [_variable(v) for v in (data.get("templating") or {}).get("list", [])]}
    timepicker = {k: v for k, v in (data.get("timepicker") or {}).items() if k not in _TIMEPICKER_LEGACY}
    out["timepicker"] = timepicker
    out.setdefault("annotations", {"list": []})
    return out
