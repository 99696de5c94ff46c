"""dashboard-grid: a gridPos Grafana draws wrongly (no width, no height, not a number, not an object); what
Grafana merely rearranges is the house check dashboard-grid-layout."""

from cases import at, dashboard, fixture, panel, says, table_tests
from obsgen.checks.dashboard_grid import DashboardGrid
from obsgen.checks.dashboard_grid_layout import DashboardGridLayout

CHECK = DashboardGrid()


def placed(pos, kind="timeseries", title="P"):
    """A bare panel at `pos`."""
    return {"type": kind, "title": title, "gridPos": pos}


COLLAPSED = {"type": "row", "title": "R", "collapsed": True, "gridPos": {"x": 0, "y": 0, "w": 24, "h": 1},
             "panels": [placed({"x": 0, "y": 1, "w": 0, "h": 8}, title="Inner")]}

FIRES = [
    ("no width", dashboard(placed({"x": 0, "y": 0, "w": 0, "h": 8})), "w=0, so Grafana draws it with no width"),
    ("no height", dashboard(placed({"x": 0, "y": 0, "w": 12, "h": 0}, "stat")), "h=0, so Grafana draws it with no height"),
    ("x a string", dashboard(placed({"x": "0", "y": 0, "w": 12, "h": 8})), "gridPos.x '0', which is not a number"),
    ("gridPos a list", dashboard(placed([0, 0, 12, 8])), "which is not an object"),
    ("nested panel of a collapsed row", dashboard(COLLAPSED),
     says("w=0, so Grafana draws it with no width", where="$.panels[0].panels[0].gridPos.w")),
    ("built panel with no width", dashboard(panel(gridPos=at(0, 0))), "draws it with no width"),
]
QUIET = [
    ("rows are forced full width and one high", dashboard(placed({"x": 24, "y": 0, "w": 0, "h": 1}, "row"))),
    ("no x: Grafana fills 0", dashboard(placed({"y": 0, "w": 12, "h": 8}))),
    ("no gridPos: Grafana's default size", dashboard(placed(None, "stat"))),
    ("moved left by Grafana", dashboard(placed({"x": 12, "y": 0, "w": 18, "h": 8}))),
    ("made full width by Grafana", dashboard(placed({"x": 0, "y": 0, "w": 30, "h": 8}))),
    ("side by side", dashboard(panel(gridPos=at(0, 12)), panel(gridPos=at(12, 12), title="Q"))),
    ("past column 24 is house layout", dashboard(panel(gridPos=at(12, 16)))),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)


def test_the_realworld_fixture_is_quiet_and_its_layout_is_a_house_matter():
    assert fixture("grid", CHECK) == []
    messages = [p.message for p in fixture("grid", DashboardGridLayout())]
    assert messages == ["panel 'Overlaps, Grafana pushes it down' overlaps panel 'No x: Grafana fills 0'; "
                        "Grafana pushes one of them down",
                        "panel 'Past column 24, Grafana moves it left' at x=12 w=18 runs outside the 24-column grid; "
                        "Grafana moves it"]
    assert DashboardGridLayout.house and not DashboardGrid.house
