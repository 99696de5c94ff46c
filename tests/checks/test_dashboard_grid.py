"""dashboard-grid reports only what Grafana draws wrongly; dashboard-grid-layout (house) what it rearranges."""

import pytest

from helpers import dashboard, fixture, run
from obsgen.checks.dashboard_grid import DashboardGrid
from obsgen.checks.dashboard_grid_layout import DashboardGridLayout
import cases


def _panel(pos, kind="timeseries", title="P"):
    return {"type": kind, "title": title, "gridPos": pos}


@pytest.mark.parametrize("pos,kind,words", [
    ({"x": 0, "y": 0, "w": 0, "h": 8}, "timeseries", "w=0, so Grafana draws it with no width"),
    ({"x": 0, "y": 0, "w": 12, "h": 0}, "stat", "h=0, so Grafana draws it with no height"),
    ({"x": "0", "y": 0, "w": 12, "h": 8}, "timeseries", "gridPos.x '0', which is not a number"),
    ([0, 0, 12, 8], "timeseries", "which is not an object"),
])
def test_fires(pos, kind, words):
    [problem] = run(DashboardGrid(), dashboard(_panel(pos, kind)))
    assert words in problem.message


@pytest.mark.parametrize("pos,kind", [
    ({"x": 24, "y": 0, "w": 0, "h": 1}, "row"),  # rows are forced full width and one high
    ({"y": 0, "w": 12, "h": 8}, "timeseries"),  # no x: Grafana fills 0
    (None, "stat"),  # no gridPos: Grafana's default size
    ({"x": 12, "y": 0, "w": 18, "h": 8}, "timeseries"),  # moved left by Grafana
    ({"x": 0, "y": 0, "w": 30, "h": 8}, "timeseries"),  # made full width by Grafana
])
def test_quiet(pos, kind):
    assert run(DashboardGrid(), dashboard(_panel(pos, kind))) == []


def test_the_realworld_fixture_is_quiet_and_its_layout_is_a_house_matter():
    assert fixture("grid", DashboardGrid()) == []
    messages = [p.message for p in fixture("grid", DashboardGridLayout())]
    assert messages == ["panel 'Overlaps, Grafana pushes it down' overlaps panel 'No x: Grafana fills 0'; "
                        "Grafana pushes one of them down",
                        "panel 'Past column 24, Grafana moves it left' at x=12 w=18 runs outside the 24-column grid; "
                        "Grafana moves it"]
    assert DashboardGridLayout.house and not DashboardGrid.house


def test_nested_panels_of_collapsed_rows_are_checked():
    row = {"type": "row", "title": "R", "collapsed": True, "gridPos": {"x": 0, "y": 0, "w": 24, "h": 1},
           "panels": [_panel({"x": 0, "y": 1, "w": 0, "h": 8}, title="Inner")]}
    [problem] = run(DashboardGrid(), dashboard(row))
    assert problem.where.endswith("$.panels[0].panels[0].gridPos.w")


# Cases moved from tests/test_checks.py and tests/test_checks_lint.py (tests/checks/cases.py builders).

def test_grid_check():
    assert cases.found(DashboardGrid(), cases.dash(cases.panel(gridPos=cases.at(0, 12)), cases.panel(gridPos=cases.at(12, 12), title="Q"))) == []
    # Grafana moves a panel past column 24 and pushes overlapping panels down: house layout, not a mistake.
    assert cases.found(DashboardGrid(), cases.dash(cases.panel(gridPos=cases.at(12, 16)))) == []
    assert "draws it with no width" in cases.found(DashboardGrid(), cases.dash(cases.panel(gridPos=cases.at(0, 0))))[0].message
