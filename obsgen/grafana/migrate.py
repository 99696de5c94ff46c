"""Legacy Grafana dashboards brought to the current model, the way Grafana migrates them on load.

Grafana upgrades an old dashboard every time it opens it (its DashboardMigrator and
each panel plugin's migration handler). Reading such a dashboard as it is would mean
reading a format Grafana itself no longer shows, so the importer and the linter both
run it through `migrate()` first:

- schema < 16: `rows[]` become row panels and panels with a 24-column `gridPos`
  (spans of 12 columns doubled, pixel heights turned into grid units, panels
  flowing left to right and wrapping as in Grafana's RowArea);
- angular panels are replaced by their React successors: `graph` → `timeseries`
  (or `barchart`/`histogram` by x-axis mode), `singlestat` → `stat` (or `gauge`),
  `table-old` and the styled table → `table`, `grafana-piechart-panel` → `piechart`;
  units, decimals, min/max, thresholds, colours, series overrides and legends move
  into `fieldConfig` and `options`;
- datasources named by string become `{type, uid}` references;
- old variable forms (boolean refresh, string datasource, tags) are rewritten.

It works on a deep copy and never raises on odd input: missing or mistyped fields are
treated as absent. Panel types it does not know are left exactly as they are.
"""

from __future__ import annotations

import copy
import math
import re
from typing import Any

GRID_COLUMNS = 24
_CELL_HEIGHT, _CELL_MARGIN = 30, 8
_MIN_PANEL_HEIGHT = _CELL_HEIGHT * 3
_DEFAULT_ROW_HEIGHT = 250
_DEFAULT_SPAN = 4

# Angular panel plugins and the React panel Grafana replaces each with.
ANGULAR = {
    "graph": "timeseries",
    "singlestat": "stat",
    "grafana-singlestat-panel": "stat",
    "table-old": "table",
    "grafana-piechart-panel": "piechart",
    "grafana-worldmap-panel": "geomap",
}
# Legacy reducer names (singlestat valueName, graph legend values) and Grafana's current ones.
_REDUCERS = {"avg": "mean", "current": "lastNotNull", "total": "sum", "min": "min", "max": "max",
             "first": "firstNotNull", "delta": "delta", "diff": "diff", "range": "range", "name": "lastNotNull",
             "last_time": "lastNotNull"}
_THRESHOLD_COLOURS = {"critical": "red", "warning": "orange", "ok": "green"}


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value if math.isfinite(value) else None
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
        if not math.isfinite(number):
            return None
        return int(number) if number.is_integer() else number
    return None


def grid_height(height: Any) -> int:
    """A pixel height (number or "250px") in grid units, as Grafana's getGridHeight computes it."""
    if isinstance(height, str):
        found = re.match(r"\s*(\d+)", height)
        height = int(found.group(1)) if found else _DEFAULT_ROW_HEIGHT
    if not isinstance(height, (int, float)) or isinstance(height, bool):
        height = _DEFAULT_ROW_HEIGHT
    height = max(height, _MIN_PANEL_HEIGHT)
    return math.ceil(height / (_CELL_HEIGHT + _CELL_MARGIN))


class _RowArea:
    """Grafana's RowArea: where the next panel of a legacy row goes, filling right then wrapping."""

    def __init__(self, height: int, y: int) -> None:
        self.area = [0] * GRID_COLUMNS
        self.y = y
        self.height = height

    def add(self, pos: dict) -> None:
        for column in range(pos["x"], min(pos["x"] + pos["w"], GRID_COLUMNS)):
            bottom = pos["y"] + pos["h"] - self.y
            if not self.area[column] or bottom > self.area[column]:
                self.area[column] = bottom

    def position(self, width: int, wrapped: bool = False) -> tuple | None:
        start = end = None
        for column in range(GRID_COLUMNS - 1, -1, -1):
            if self.height - self.area[column] <= 0:
                break
            if end is None:
                end = column
            elif column < GRID_COLUMNS - 1 and self.area[column] <= self.area[column + 1]:
                start = column
            else:
                break
        if start is not None and end is not None and end - start >= width - 1:
            return start, max(self.area[start:])
        if wrapped:
            return None
        self.y += self.height
        self.area = [0] * GRID_COLUMNS
        return self.position(width, True)


def _rows_to_panels(dashboard: dict) -> list:
    """Grafana's upgradeToGridLayout (schema 16)."""
    rows = [r for r in _list(dashboard.get("rows")) if isinstance(r, dict)]
    ids = [p.get("id") for r in rows for p in _list(r.get("panels")) if isinstance(p, dict)]
    next_id = max([i for i in ids if isinstance(i, int) and not isinstance(i, bool)] or [0]) + 1
    show_rows = any(r.get("collapse") or r.get("showTitle") or r.get("repeat") for r in rows)
    panels: list = []
    y = 0
    for row in rows:
        if row.get("repeatIteration"):
            continue
        row_height = grid_height(row.get("height") or _DEFAULT_ROW_HEIGHT)
        row_panel = None
        if show_rows:
            row_panel = {"id": next_id, "type": "row", "title": row.get("title") or "",
                         "collapsed": bool(row.get("collapse")), "panels": [],
                         "gridPos": {"x": 0, "y": y, "w": GRID_COLUMNS, "h": row_height}}
            if row.get("repeat"):
                row_panel["repeat"] = row["repeat"]
            next_id += 1
            y += 1
        area = _RowArea(row_height, y)
        for panel in _list(row.get("panels")):
            if not isinstance(panel, dict):
                continue
            span = _number(panel.pop("span", None)) or _DEFAULT_SPAN
            width = max(1, min(GRID_COLUMNS, math.floor(span) * (GRID_COLUMNS // 12)))
            height = grid_height(panel["height"]) if panel.get("height") else row_height
            panel.pop("height", None)
            found = area.position(width)
            if found is None:  # wider than the row can ever hold: Grafana puts it at the row's start
                found = (0, 0)
            y = area.y
            panel["gridPos"] = {"x": found[0], "y": y + found[1], "w": width, "h": height}
            area.add(panel["gridPos"])
            if row_panel is not None and row_panel["collapsed"]:
                row_panel["panels"].append(panel)
            else:
                panels.append(panel)
        if row_panel is not None:
            panels.append(row_panel)
            if not row_panel["collapsed"]:
                y += row_height
        else:
            y += row_height
    return sort_panels(panels)


def sort_panels(panels: list) -> list:
    """Panels in reading order, as Grafana sorts them by gridPos (top to bottom, then left to right)."""
    def key(panel):
        pos = _dict(panel.get("gridPos"))
        return (_number(pos.get("y")) or 0, _number(pos.get("x")) or 0)
    return sorted(panels, key=key)


def datasource_ref(value: Any) -> Any:
    """A datasource given by name (or variable) becomes a reference; references and null stay."""
    if isinstance(value, str):
        if value in ("-- Mixed --", "-- Dashboard --", "-- Grafana --"):
            return {"type": "datasource", "uid": value}
        return {"uid": value}
    return value


# --- graph → timeseries ------------------------------------------------------------------------

def _axis_config(axis: dict) -> dict:
    out: dict = {}
    if axis.get("format"):
        out["unit"] = axis["format"]
    for key in ("decimals", "min", "max"):
        number = _number(axis.get(key))
        if number is not None:
            out[key] = number
    custom: dict = {}
    if axis.get("label"):
        custom["axisLabel"] = axis["label"]
    if _number(axis.get("logBase")) not in (None, 1):
        custom["scaleDistribution"] = {"type": "log", "log": _number(axis["logBase"])}
    if axis.get("show") is False:
        custom["axisPlacement"] = "hidden"
    if custom:
        out["custom"] = custom
    return out


def _threshold_colour(threshold: dict) -> str:
    mode = threshold.get("colorMode")
    if mode in _THRESHOLD_COLOURS:
        return _THRESHOLD_COLOURS[mode]
    return threshold.get("fillColor") or threshold.get("lineColor") or "red"


def _graph_thresholds(thresholds: list) -> tuple:
    """Graph thresholds (value, op, colour) as steps and a threshold style, as Grafana's migration does."""
    items = sorted((t for t in thresholds if isinstance(t, dict) and _number(t.get("value")) is not None),
                   key=lambda t: _number(t["value"]))
    steps: list = []
    area = line = False
    for index, threshold in enumerate(items):
        following = items[index + 1] if index + 1 < len(items) else None
        value = _number(threshold["value"])
        area = area or bool(threshold.get("fill", True))
        line = line or bool(threshold.get("line", True))
        if threshold.get("op", "gt") == "gt":
            steps.append({"color": _threshold_colour(threshold), "value": value})
        elif threshold.get("op") == "lt":
            if not steps:
                steps.append({"color": _threshold_colour(threshold), "value": None})
            if following and following.get("op") == "lt" and _number(following["value"]) > value:
                steps.append({"color": _threshold_colour(following), "value": value})
            else:
                steps.append({"color": "transparent", "value": value})
    if not steps:
        return None, None
    if steps[0]["value"] is not None:
        steps.insert(0, {"color": "transparent", "value": None})
    mode = "line+area" if line and area else "area" if area else "line"
    return {"mode": "absolute", "steps": steps}, mode


def _matcher(alias: str) -> dict:
    if len(alias) > 1 and alias.startswith("/") and alias.rfind("/") > 0:
        return {"id": "byRegexp", "options": alias}
    return {"id": "byName", "options": alias}


def _series_override(override: dict, y2: dict) -> dict | None:
    alias = override.get("alias")
    if not isinstance(alias, str) or not alias:
        return None
    props: list = []

    def prop(key, value):
        props.append({"id": key, "value": value})

    if "color" in override and override["color"]:
        prop("color", {"mode": "fixed", "fixedColor": override["color"]})
    if override.get("bars") is True:
        prop("custom.drawStyle", "bars")
    elif override.get("lines") is False and override.get("points") is True:
        prop("custom.drawStyle", "points")
    elif override.get("lines") is True:
        prop("custom.drawStyle", "line")
    if _number(override.get("fill")) is not None:
        prop("custom.fillOpacity", _number(override["fill"]) * 10)
    if _number(override.get("linewidth")) is not None:
        prop("custom.lineWidth", _number(override["linewidth"]))
    if override.get("dashes") is True:
        prop("custom.lineStyle", {"fill": "dash", "dash": [10, 10]})
    if override.get("stack") is False:
        prop("custom.stacking", {"mode": "none", "group": "A"})
    if override.get("transform") == "negative-Y":
        prop("custom.transform", "negative-Y")
    if override.get("yaxis") == 2:
        prop("custom.axisPlacement", "right")
        for key, value in y2.items():
            if key != "custom":
                prop(key, value)
    if override.get("legend") is False or override.get("hiddenSeries") is True:
        prop("custom.hideFrom", {"legend": override.get("legend") is False, "tooltip": False,
                                 "viz": override.get("hiddenSeries") is True})
    if not props:
        return None
    return {"matcher": _matcher(alias), "properties": props}


def _legend(legend: dict) -> dict:
    # Values show only with `values` on; the reducers follow the order of the legend's own keys, as Grafana reads them.
    calcs = []
    if legend.get("values"):
        for key, enabled in legend.items():
            if enabled is True and key in ("avg", "current", "min", "max", "total") and _REDUCERS[key] not in calcs:
                calcs.append(_REDUCERS[key])
    return {"showLegend": legend.get("show", True) is not False,
            "displayMode": "table" if legend.get("alignAsTable") else "list",
            "placement": "right" if legend.get("rightSide") else "bottom",
            "calcs": calcs}


def _graph(panel: dict) -> dict:
    xaxis = _dict(panel.get("xaxis"))
    mode = xaxis.get("mode")
    panel["type"] = "barchart" if mode == "series" else "histogram" if mode == "histogram" else "timeseries"
    yaxes = [_dict(a) for a in _list(panel.get("yaxes"))] + [{}, {}]
    y1, y2 = _axis_config(yaxes[0]), _axis_config(yaxes[1])
    field_config = _dict(panel.get("fieldConfig"))
    defaults = _dict(field_config.get("defaults"))
    custom = dict(_dict(defaults.get("custom")))
    defaults.update({k: v for k, v in y1.items() if k != "custom"})
    custom.update(_dict(y1.get("custom")))
    bars, lines, points = panel.get("bars") is True, panel.get("lines", True) is not False, panel.get("points") is True
    custom["drawStyle"] = "bars" if bars else "line" if lines or not points else "points"
    custom["fillOpacity"] = (_number(panel.get("fill")) if _number(panel.get("fill")) is not None else 1) * 10
    custom["lineWidth"] = _number(panel.get("linewidth")) if _number(panel.get("linewidth")) is not None else 1
    custom["showPoints"] = "always" if points else "never"
    if _number(panel.get("pointradius")) is not None and points:
        custom["pointSize"] = 2 + _number(panel["pointradius"]) * 2
    custom["spanNulls"] = panel.get("nullPointMode") == "connected"
    custom["lineInterpolation"] = "stepAfter" if panel.get("steppedLine") else "linear"
    if panel.get("stack"):
        custom["stacking"] = {"mode": "percent" if panel.get("percentage") else "normal", "group": "A"}
    else:
        custom["stacking"] = {"mode": "none", "group": "A"}
    thresholds, style = _graph_thresholds(_list(panel.get("thresholds")))
    if thresholds:
        defaults["thresholds"] = thresholds
        custom["thresholdsStyle"] = {"mode": style}
    defaults["custom"] = custom
    defaults.setdefault("color", {"mode": "palette-classic"})
    overrides = list(_list(field_config.get("overrides")))
    for alias, colour in sorted(_dict(panel.get("aliasColors")).items()):
        if isinstance(colour, str) and colour:
            overrides.append({"matcher": {"id": "byName", "options": alias},
                              "properties": [{"id": "color", "value": {"mode": "fixed", "fixedColor": colour}}]})
    for override in _list(panel.get("seriesOverrides")):
        migrated = _series_override(override, y2) if isinstance(override, dict) else None
        if migrated:
            overrides.append(migrated)
    panel["fieldConfig"] = {"defaults": defaults, "overrides": overrides}
    options = dict(_dict(panel.get("options")))
    options.pop("alertThreshold", None)
    options.pop("dataLinks", None)
    tooltip = _dict(panel.get("tooltip"))
    sort = {1: "asc", 2: "desc"}.get(tooltip.get("sort"), "none") if isinstance(tooltip.get("sort"), int) else "none"
    options["tooltip"] = {"mode": "multi" if tooltip.get("shared", True) else "single", "sort": sort}
    options["legend"] = _legend(_dict(panel.get("legend")))
    panel["options"] = options
    for key in ("aliasColors", "bars", "dashLength", "dashes", "fill", "fillGradient", "lines", "linewidth",
                "nullPointMode", "percentage", "pointradius", "points", "renderer", "seriesOverrides", "spaceLength",
                "stack", "steppedLine", "thresholds", "timeRegions", "tooltip", "xaxis", "yaxes", "yaxis", "legend",
                "hiddenSeries", "decimals", "y-axis", "x-axis", "grid", "zindex", "isNew", "error", "editable"):
        panel.pop(key, None)
    return panel


# --- singlestat → stat / gauge -----------------------------------------------------------------

def _singlestat(panel: dict) -> dict:
    gauge = _dict(panel.get("gauge"))
    panel["type"] = "gauge" if gauge.get("show") else "stat"
    defaults: dict = dict(_dict(_dict(panel.get("fieldConfig")).get("defaults")))
    if panel.get("format"):
        defaults["unit"] = panel["format"]
    if _number(panel.get("decimals")) is not None:
        defaults["decimals"] = _number(panel["decimals"])
    if panel.get("nullText"):
        defaults["noValue"] = panel["nullText"]
    colours = [c for c in _list(panel.get("colors")) if isinstance(c, str)] or ["green", "orange", "red"]
    raw = panel.get("thresholds")
    values = [_number(v) for v in (raw.split(",") if isinstance(raw, str) else _list(raw))]
    values = [v for v in values if v is not None]
    steps = [{"color": colours[0], "value": None}]
    for index, value in enumerate(values):
        steps.append({"color": colours[min(index + 1, len(colours) - 1)], "value": value})
    defaults["thresholds"] = {"mode": "absolute", "steps": steps}
    if gauge.get("show"):
        for key, new in (("minValue", "min"), ("maxValue", "max")):
            if _number(gauge.get(key)) is not None:
                defaults[new] = _number(gauge[key])
    mappings = []
    for mapping in _list(panel.get("valueMaps")):
        if isinstance(mapping, dict) and mapping.get("value") not in (None, "null"):
            mappings.append({"type": "value", "options": {str(mapping["value"]): {"text": str(mapping.get("text", ""))}}})
    for mapping in _list(panel.get("rangeMaps")):
        if isinstance(mapping, dict):
            mappings.append({"type": "range", "options": {"from": _number(mapping.get("from")),
                                                         "to": _number(mapping.get("to")),
                                                         "result": {"text": str(mapping.get("text", ""))}}})
    if mappings:
        defaults["mappings"] = mappings
    calc = _REDUCERS.get(panel.get("valueName") or "avg", "mean")
    reduce = {"calcs": [calc], "fields": "", "values": False}
    if panel.get("tableColumn"):
        reduce["fields"] = "/^" + re.escape(str(panel["tableColumn"])) + "$/"
    options = {"reduceOptions": reduce, "orientation": "horizontal" if gauge.get("show") else "auto"}
    if gauge.get("show"):
        options["showThresholdLabels"] = bool(gauge.get("thresholdLabels"))
        options["showThresholdMarkers"] = gauge.get("thresholdMarkers", True) is not False
    else:
        options["colorMode"] = ("background" if panel.get("colorBackground")
                                else "value" if panel.get("colorValue") else "none")
        options["graphMode"] = "area" if _dict(panel.get("sparkline")).get("show") else "none"
        options["justifyMode"] = "auto"
        options["textMode"] = "auto"
    panel["options"] = options
    panel["fieldConfig"] = {"defaults": defaults, "overrides": list(_list(_dict(panel.get("fieldConfig")).get("overrides")))}
    for key in ("colorBackground", "colorValue", "colors", "format", "gauge", "mappingType", "mappingTypes",
                "maxDataPoints", "nullPointMode", "nullText", "postfix", "postfixFontSize", "prefix", "prefixFontSize",
                "rangeMaps", "sparkline", "tableColumn", "thresholds", "valueFontSize", "valueMaps", "valueName",
                "decimals", "colorPrefix", "colorPostfix", "combine", "decimals", "height", "span"):
        panel.pop(key, None)
    return panel


# --- the angular table → table ----------------------------------------------------------------

def _style_properties(style: dict) -> list:
    props = []
    if style.get("type") == "hidden":
        props.append({"id": "custom.hidden", "value": True})
    if style.get("alias"):
        props.append({"id": "displayName", "value": style["alias"]})
    if style.get("unit") and style.get("type", "number") == "number":
        props.append({"id": "unit", "value": style["unit"]})
    if _number(style.get("decimals")) is not None:
        props.append({"id": "decimals", "value": _number(style["decimals"])})
    if style.get("type") == "date":
        props.append({"id": "unit", "value": "time: " + str(style.get("dateFormat") or "YYYY-MM-DD HH:mm:ss")})
    if style.get("link") and style.get("linkUrl"):
        props.append({"id": "links", "value": [{"title": style.get("linkTooltip") or "", "url": style["linkUrl"],
                                                 "targetBlank": bool(style.get("linkTargetBlank"))}]})
    if style.get("colorMode") in ("cell", "row", "value"):
        props.append({"id": "custom.cellOptions",
                      "value": {"type": "color-text" if style["colorMode"] == "value" else "color-background"}})
    return props


def _old_table(panel: dict) -> dict:
    panel["type"] = "table"
    styles = [s for s in _list(panel.pop("styles", None)) if isinstance(s, dict)]
    field_config = _dict(panel.get("fieldConfig"))
    defaults = dict(_dict(field_config.get("defaults")))
    overrides = list(_list(field_config.get("overrides")))
    for style in styles:
        pattern = style.get("pattern")
        if pattern in ("/.*/", None, ""):
            for prop in _style_properties(style):
                key = prop["id"]
                if key.startswith("custom."):
                    defaults.setdefault("custom", {})[key[len("custom."):]] = prop["value"]
                else:
                    defaults[key] = prop["value"]
            continue
        props = _style_properties(style)
        if props:
            overrides.append({"matcher": _matcher(pattern), "properties": props})
    transform = panel.pop("transform", None)
    transformations = list(_list(panel.get("transformations")))
    if transform == "timeseries_to_rows":
        transformations.append({"id": "seriesToRows", "options": {}})
    elif transform == "timeseries_to_columns":
        transformations.append({"id": "seriesToColumns", "options": {"byField": "Time"}})
    elif transform == "timeseries_aggregations":
        calcs = [_REDUCERS.get(c.get("value"), c.get("value")) for c in _list(panel.get("columns")) if isinstance(c, dict)]
        transformations.append({"id": "reduce", "options": {"reducers": calcs or ["mean"], "includeTimeField": False}})
    elif transform == "table":
        transformations.append({"id": "merge", "options": {}})
    if transformations:
        panel["transformations"] = transformations
    options = dict(_dict(panel.get("options")))
    sort = _dict(panel.pop("sort", None))
    if sort.get("col") is not None and styles:
        options.setdefault("sortBy", [])
    options.setdefault("showHeader", True)
    panel["options"] = options
    panel["fieldConfig"] = {"defaults": defaults, "overrides": overrides}
    for key in ("columns", "fontSize", "scroll", "showHeader", "pageSize"):
        panel.pop(key, None)
    return panel


def _pie(panel: dict) -> dict:
    panel["type"] = "piechart"
    legend = _dict(panel.pop("legend", None))
    defaults = dict(_dict(_dict(panel.get("fieldConfig")).get("defaults")))
    if panel.get("format"):
        defaults["unit"] = panel["format"]
    if _number(panel.get("decimals")) is not None:
        defaults["decimals"] = _number(panel["decimals"])
    overrides = [{"matcher": {"id": "byName", "options": alias},
                  "properties": [{"id": "color", "value": {"mode": "fixed", "fixedColor": colour}}]}
                 for alias, colour in sorted(_dict(panel.pop("aliasColors", None)).items()) if isinstance(colour, str)]
    panel["fieldConfig"] = {"defaults": defaults, "overrides": overrides}
    values = [v for v in ("value", "percent") if legend.get(v if v != "value" else "values")]
    panel["options"] = {
        "pieType": "donut" if panel.get("pieType") == "donut" else "pie",
        "reduceOptions": {"calcs": [_REDUCERS.get(panel.get("valueName") or "current", "lastNotNull")],
                          "fields": "", "values": False},
        "legend": {"showLegend": legend.get("show", True) is not False,
                   "displayMode": "table" if panel.get("legendType") == "Right side" else "list",
                   "placement": "right" if panel.get("legendType") == "Right side" else "bottom",
                   "values": values, "calcs": []},
    }
    for key in ("format", "decimals", "pieType", "valueName", "legendType", "strokeWidth", "fontSize",
                "combine", "breakPoint", "cacheTimeout", "nullPointMode"):
        panel.pop(key, None)
    return panel


def _text(panel: dict) -> dict:
    options = dict(_dict(panel.get("options")))
    if "content" in panel:
        options.setdefault("content", panel.pop("content"))
    if "mode" in panel:
        options.setdefault("mode", panel.pop("mode"))
    if options:
        panel["options"] = options
    return panel


def _is_angular_table(panel: dict) -> bool:
    return panel.get("type") == "table-old" or (panel.get("type") == "table" and "styles" in panel)


def migrate_panel(panel: dict) -> dict:
    """One panel (and a row's nested panels) in the current model; unknown types are returned unchanged."""
    kind = panel.get("type")
    if kind == "row":
        panel["panels"] = [migrate_panel(p) for p in _list(panel.get("panels")) if isinstance(p, dict)]
        if "collapsed" in panel:
            panel["collapsed"] = bool(panel["collapsed"])
        return panel
    if "datasource" in panel:
        panel["datasource"] = datasource_ref(panel["datasource"])
    targets = []
    for target in _list(panel.get("targets")):
        if isinstance(target, dict):
            target = dict(target)
            if "datasource" in target:
                target["datasource"] = datasource_ref(target["datasource"])
            targets.append(target)
    if "targets" in panel:
        panel["targets"] = targets
    if kind == "graph":
        return _graph(panel)
    if kind in ("singlestat", "grafana-singlestat-panel"):
        return _singlestat(panel)
    if _is_angular_table(panel):
        return _old_table(panel)
    if kind == "grafana-piechart-panel":
        return _pie(panel)
    if kind == "text":
        return _text(panel)
    if kind == "grafana-worldmap-panel":
        panel["type"] = "geomap"
    return panel


def _variable(variable: dict) -> dict:
    variable = dict(variable)
    if isinstance(variable.get("refresh"), bool):
        variable["refresh"] = 1 if variable["refresh"] else 0
    if "datasource" in variable and variable.get("type") != "datasource":
        variable["datasource"] = datasource_ref(variable["datasource"])
    for key in ("tags", "tagsQuery", "tagValuesQuery", "useTags"):
        variable.pop(key, None)
    current = variable.get("current")
    if isinstance(current, dict) and "tags" in current:
        variable["current"] = {k: v for k, v in current.items() if k != "tags"}
    if variable.get("type") == "query" and variable.get("refresh") in (1, 2):
        variable["options"] = []  # options are fetched on load; stored ones are stale
    return variable


def migrate(dashboard: Any) -> dict:
    """A copy of `dashboard` in the current model: grid layout, React panels, datasource references."""
    data = copy.deepcopy(dashboard) if isinstance(dashboard, dict) else {}
    if "rows" in data:
        rows_panels = _rows_to_panels(data)
        panels = [p for p in _list(data.get("panels")) if isinstance(p, dict)]
        data["panels"] = sort_panels(panels + rows_panels) if panels else rows_panels
        del data["rows"]
    data["panels"] = [migrate_panel(p) for p in _list(data.get("panels")) if isinstance(p, dict)]
    templating = _dict(data.get("templating"))
    if templating:
        data["templating"] = {**templating,
                              "list": [_variable(v) for v in _list(templating.get("list")) if isinstance(v, dict)]}
    annotations = _dict(data.get("annotations"))
    if annotations:
        data["annotations"] = {**annotations, "list": [
            {**a, "datasource": datasource_ref(a.get("datasource"))} if isinstance(a, dict) and "datasource" in a else a
            for a in _list(annotations.get("list"))]}
    return data
