"""Panels are laid out where the dashboard says: inside 24 columns, never overlapping.

Grafana repairs both (a panel past column 24 is moved left, overlapping
panels are pushed down), so neither is a bug a user sees; but the file then
describes a layout other than the one on screen, and the next edit in the UI
rewrites every position. obsgen computes positions from rows, so its own
dashboards always agree with the screen: a house convention.
"""

from obsgen.checks.base import Check, Finding
from obsgen.checks.dashboard_grid import KEYS, number

COLUMNS = 24


def _overlap(a, b) -> bool:
    (ax, ay, aw, ah), (bx, by, bw, bh) = a, b
    return ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah


class DashboardGridLayout(Check):
    id = "dashboard-grid-layout"
    severity = "error"
    house = True
    summary = ("Top-level panels lie within the 24-column grid and overlap no other panel, so the layout in the file "
               "is the one Grafana shows.")
    example = "A panel at `x: 12, w: 16`, which runs past column 24, or two panels both at `x: 0, y: 0`."

    def run(self, ctx):
        for art in ctx.of_kind("dashboard"):
            placed = []  # (rectangle, title)
            items = art.data.get("panels")
            for index, panel in enumerate(items if isinstance(items, list) else []):
                if not isinstance(panel, dict) or not isinstance(panel.get("gridPos"), dict):
                    continue
                pos = panel["gridPos"]
                if not all(number(pos.get(k, 0)) for k in KEYS):
                    continue  # dashboard-grid reports it
                title = panel.get("title", "")
                x, y, w, h = (int(pos.get(k, 0)) for k in KEYS)
                if panel.get("type") == "row":
                    x, w, h = 0, COLUMNS, 1  # Grafana draws every row across the whole width
                if w < 1 or h < 1:
                    continue  # dashboard-grid reports it
                if x < 0 or x + w > COLUMNS:
                    yield Finding(art, ("panels", index, "gridPos"),
                                  f"panel {title!r} at x={x} w={w} runs outside the {COLUMNS}-column grid; "
                                  "Grafana moves it")
                    continue
                rect = (x, y, w, h)
                clash = next((other for box, other in placed if _overlap(box, rect)), None)
                if clash is not None:
                    yield Finding(art, ("panels", index, "gridPos"),
                                  f"panel {title!r} overlaps panel {clash!r}; Grafana pushes one of them down")
                    continue
                placed.append((rect, title))
