"""dashboard-grid-layout (house): panels inside the 24 columns and never overlapping."""

from obsgen.checks.dashboard_grid_layout import DashboardGridLayout

from cases import at, dash, found, panel


def test_grid_layout_check():
    assert found(DashboardGridLayout(), dash(panel(gridPos=at(0, 12)), panel(gridPos=at(12, 12), title="Q"))) == []
    assert "outside the 24-column grid" in found(DashboardGridLayout(), dash(panel(gridPos=at(12, 16))))[0].message
    overlap = dash(panel(gridPos=at(0, 12)), panel(gridPos=at(6, 12), title="Q"))
    assert "overlaps panel 'P'" in found(DashboardGridLayout(), overlap)[0].message
