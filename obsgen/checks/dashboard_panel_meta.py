"""Every panel says what it shows: a title, a description, and a unit.

A panel without a unit shows 0.05 where it means 5%; one without a
description leaves the on-call engineer guessing what "good" looks like.
Many good dashboards skip descriptions, so this is a house convention.
"""

from obsgen.checks.base import Check, Finding, panels

# Panels that hold no data and so need no unit.
NO_DATA = {"row", "text", "news", "dashlist", "alertlist", "annolist", "welcome"}
# Panels whose values are text, so there is no number to give a unit.
TEXT_VALUES = {"logs", "traces", "nodeGraph", "flamegraph"}


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value) -> list:
    return value if isinstance(value, list) else []


def unit(panel: dict):
    """The unit a panel shows its values in, wherever Grafana (current or legacy) lets it be set."""
    field = _dict(panel.get("fieldConfig"))
    found = [_dict(field.get("defaults")).get("unit")]
    for override in _list(field.get("overrides")):
        found += [p.get("value") for p in _list(_dict(override).get("properties"))
                  if isinstance(p, dict) and p.get("id") == "unit"]
    options = _dict(panel.get("options"))
    found.append(_dict(options.get("yAxis")).get("unit"))  # heatmap
    found.append(_dict(_dict(options.get("fieldOptions")).get("defaults")).get("unit"))  # gauge before 7.0
    found += [_dict(axis).get("format") for axis in _list(panel.get("yaxes"))]  # graph
    found.append(panel.get("format"))  # singlestat
    found.append(_dict(panel.get("yAxis")).get("format"))  # heatmap before 7.0
    found += [_dict(style).get("unit") for style in _list(panel.get("styles"))]  # table-old
    return next((u for u in found if isinstance(u, str) and u.strip()), None)


class DashboardPanelMeta(Check):
    id = "dashboard-panel-meta"
    severity = "error"
    house = True
    summary = ("Every data panel has a non-empty title, a description, and a unit (field defaults or overrides, or "
               "the legacy axis/format fields).")
    example = "A timeseries panel titled 'Errors' with no description and no unit."

    def run(self, ctx):
        for art in ctx.of_kind("dashboard"):
            for path, panel in panels(art):
                kind = panel.get("type") if isinstance(panel.get("type"), str) else None
                title = panel.get("title")
                if not str(title or "").strip():
                    yield Finding(art, path, f"{kind} panel has no title")
                if kind in NO_DATA:
                    continue
                if not str(panel.get("description") or "").strip():
                    yield Finding(art, path, f"panel {title!r} has no description")
                if kind not in TEXT_VALUES and unit(panel) is None:
                    yield Finding(art, path + ("fieldConfig", "defaults", "unit"), f"panel {title!r} has no unit")
