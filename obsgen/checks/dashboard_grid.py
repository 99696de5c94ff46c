"""Panels sit inside the 24-column grid and never overlap."""

from obsgen.checks.base import Check, Finding

COLUMNS = 24


def _cells(pos):
    return {(x, y) for x in range(pos["x"], pos["x"] + pos["w"]) for y in range(pos["y"], pos["y"] + pos["h"])}


class DashboardGrid(Check):
    id = "dashboard-grid"
    severity = "error"
    summary = "Every panel's gridPos lies within 24 columns, has positive size, and overlaps no other panel."
    example = "A panel at `x: 12, w: 16`, which runs past column 24."

    def run(self, ctx):
        for art in ctx.of_kind("dashboard"):
            taken = {}
            for index, panel in enumerate(art.data.get("panels", [])):
                pos = panel.get("gridPos")
                title = panel.get("title", "")
                if not pos:
                    yield Finding(art, ("panels", index), f"panel {title!r} has no gridPos")
                    continue
                if pos["w"] < 1 or pos["h"] < 1 or pos["x"] < 0 or pos["y"] < 0 or pos["x"] + pos["w"] > COLUMNS:
                    yield Finding(art, ("panels", index, "gridPos"),
                                  f"panel {title!r} at x={pos['x']} w={pos['w']} falls outside the {COLUMNS}-column grid")
                    continue
                for cell in _cells(pos):
                    if cell in taken:
                        yield Finding(art, ("panels", index, "gridPos"), f"panel {title!r} overlaps panel {taken[cell]!r}")
                        break
                else:
                    for cell in _cells(pos):
                        taken[cell] = title
