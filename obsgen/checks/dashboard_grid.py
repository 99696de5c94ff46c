"""Every data panel is drawn: its gridPos is made of numbers and has a width and height.

Grafana lays panels out with react-grid-layout, which repairs most positions
itself: a missing `x` or `y` is 0, a panel past column 24 is moved left, one
wider than 24 is made full width, overlapping panels are pushed down, and a
row is always full width and one unit high whatever its gridPos says. None of
that is a mistake a user sees. What it cannot repair is a data panel of zero
width or height (drawn invisible) or a position that is not a number.
"""

from obsgen.checks.base import Check, Finding, panels

KEYS = ("x", "y", "w", "h")


def number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


class DashboardGrid(Check):
    id = "dashboard-grid"
    severity = "error"
    summary = ("Every panel's gridPos holds numbers, and every data panel has a width and height of at least 1 "
               "(Grafana repairs overlaps, overflow and rows itself).")
    example = "A timeseries panel with `gridPos: {x: 0, y: 4, w: 0, h: 8}`, which Grafana draws zero columns wide."

    def run(self, ctx):
        for art in ctx.of_kind("dashboard"):
            for path, panel in panels(art):
                pos = panel.get("gridPos")
                title = panel.get("title", "")
                if pos is None:
                    continue  # Grafana gives the panel its default size at the top left
                if not isinstance(pos, dict):
                    yield Finding(art, path + ("gridPos",), f"panel {title!r} has gridPos {pos!r}, which is not an object")
                    continue
                wrong = [k for k in KEYS if k in pos and not number(pos[k])]
                for key in wrong:
                    yield Finding(art, path + ("gridPos", key),
                                  f"panel {title!r} has gridPos.{key} {pos[key]!r}, which is not a number")
                if wrong or panel.get("type") == "row":
                    continue  # Grafana draws a row full width and one unit high whatever its gridPos says
                for key in ("w", "h"):
                    if key in pos and pos[key] < 1:
                        size = "width" if key == "w" else "height"
                        yield Finding(art, path + ("gridPos", key),
                                      f"panel {title!r} has {key}={pos[key]}, so Grafana draws it with no {size}")
