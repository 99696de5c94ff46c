"""What Grafana assumes for a panel option that is not set, for the panel types most dashboards use.

Grafana fills these in when it loads a panel, so a dashboard that states them and one that
leaves them out look the same. The importer leaves them out (the generated code says
only what differs), and the round trip fills them in on both sides before comparing.
Only values Grafana has used as defaults since version 10 are listed; an option missing
here is simply kept.
"""

from __future__ import annotations

import copy
from typing import Any

_LEGEND = {"showLegend": True, "displayMode": "list", "placement": "bottom", "calcs": []}
_REDUCE = {"values": False, "calcs": ["lastNotNull"], "fields": ""}
_HIDE_FROM = {"legend": False, "tooltip": False, "viz": False}

_GRAPH_CUSTOM = {
    "axisBorderShow": False, "axisCenteredZero": False, "axisColorMode": "text", "axisLabel": "",
    "axisPlacement": "auto", "barAlignment": 0, "drawStyle": "line", "fillOpacity": 0, "gradientMode": "none",
    "hideFrom": _HIDE_FROM, "insertNulls": False, "lineInterpolation": "linear", "lineWidth": 1, "pointSize": 5,
    "scaleDistribution": {"type": "linear"}, "showPoints": "auto", "spanNulls": False,
    "stacking": {"group": "A", "mode": "none"}, "thresholdsStyle": {"mode": "off"},
}

PANELS = {
    "timeseries": {"options": {"legend": _LEGEND, "tooltip": {"mode": "single", "sort": "none"}},
                   "custom": _GRAPH_CUSTOM, "color": {"mode": "palette-classic"}},
    "stat": {"options": {"reduceOptions": _REDUCE, "orientation": "auto", "textMode": "auto", "wideLayout": True,
                         "colorMode": "value", "graphMode": "area", "justifyMode": "auto",
                         "showPercentChange": False, "percentChangeColorMode": "standard"},
             "color": {"mode": "thresholds"}},
    "gauge": {"options": {"reduceOptions": _REDUCE, "orientation": "auto", "showThresholdLabels": False,
                          "showThresholdMarkers": True, "sizing": "auto", "minVizWidth": 75, "minVizHeight": 75},
              "color": {"mode": "thresholds"}},
    "bargauge": {"options": {"reduceOptions": _REDUCE, "orientation": "auto", "displayMode": "gradient",
                             "valueMode": "color", "showUnfilled": True, "namePlacement": "auto", "sizing": "auto",
                             "minVizWidth": 8, "minVizHeight": 16, "maxVizHeight": 300},
                 "color": {"mode": "thresholds"}},
    "table": {"options": {"showHeader": True, "cellHeight": "sm"},
              "custom": {"align": "auto", "inspect": False}, "color": {"mode": "thresholds"}},
    "piechart": {"options": {"reduceOptions": _REDUCE, "pieType": "pie", "legend": _LEGEND,
                             "tooltip": {"mode": "single", "sort": "none"}},
                 "custom": {"hideFrom": _HIDE_FROM}, "color": {"mode": "palette-classic"}},
}


def prune(value: Any, default: Any) -> Any:
    """`value` without what equals `default` (recursively in mappings); `...` when nothing is left to say."""
    if value == default:
        return ...
    if isinstance(value, dict) and isinstance(default, dict):
        out = {}
        for key, item in value.items():
            kept = prune(item, default[key]) if key in default else item
            if kept is not ...:
                out[key] = kept
        return out if out or not value else ...
    return value


def fill(value: Any, default: Any) -> Any:
    """`value` with every unset key of `default` filled in (recursively in mappings)."""
    if value is None:
        return copy.deepcopy(default)
    if isinstance(value, dict) and isinstance(default, dict):
        out = {key: fill(value.get(key), item) if key in value else copy.deepcopy(item) for key, item in default.items()}
        out.update({key: item for key, item in value.items() if key not in default})
        return out
    return value


def panel_defaults(kind: Any) -> dict:
    """{'options', 'custom', 'color'} defaults for a panel type ({} for types not listed)."""
    return PANELS.get(kind, {}) if isinstance(kind, str) else {}
