"""Every panel says what it shows: a title, a description, and a unit.

A panel without a unit shows 0.05 where it means 5%; one without a
description leaves the on-call engineer guessing what "good" looks like.
"""

from obsgen.checks.base import Check, Finding, panels

# Panels that hold no data and so need no unit.
NO_DATA = {"row", "text", "news", "dashlist", "alertlist", "annolist", "welcome"}


class DashboardPanelMeta(Check):
    id = "dashboard-panel-meta"
    severity = "error"
    summary = "Every data panel has a non-empty title, a description, and a unit in fieldConfig.defaults.unit."
    example = "A timeseries panel titled 'Errors' with no description and no unit."

    def run(self, ctx):
        for art in ctx.of_kind("dashboard"):
            for path, panel in panels(art):
                kind = panel.get("type")
                title = panel.get("title")
                if not (title or "").strip():
                    yield Finding(art, path, f"{kind} panel has no title")
                if kind in NO_DATA:
                    continue
                if not (panel.get("description") or "").strip():
                    yield Finding(art, path, f"panel {title!r} has no description")
                unit = ((panel.get("fieldConfig") or {}).get("defaults") or {}).get("unit")
                if kind == "heatmap":  # a heatmap's unit belongs to its y axis
                    unit = unit or ((panel.get("options") or {}).get("yAxis") or {}).get("unit")
                if not unit and kind != "logs":  # log lines are text: there is no number to give a unit
                    yield Finding(art, path + ("fieldConfig", "defaults", "unit"), f"panel {title!r} has no unit")
