"""dashboard-grid-layout (house): panels stay inside the 24 columns and never overlap, so Grafana draws them
where they are defined."""

import pytest

from cases import at, dashboard, fires, panel, quiet, rows
from obsgen.checks.dashboard_grid_layout import DashboardGridLayout

CHECK = DashboardGridLayout()

FIRES = [
    ("past column 24", dashboard(panel(gridPos=at(12, 16))), "outside the 24-column grid"),
    ("overlapping", dashboard(panel(gridPos=at(0, 12)), panel(gridPos=at(6, 12), title="Q")), "overlaps panel 'P'"),
]
QUIET = [
    ("side by side", dashboard(panel(gridPos=at(0, 12)), panel(gridPos=at(12, 12), title="Q"))),
]


@pytest.mark.parametrize("inputs, want", rows(FIRES))
def test_fires(inputs, want):
    fires(CHECK, inputs, want)


@pytest.mark.parametrize("inputs", rows(QUIET))
def test_quiet(inputs):
    quiet(CHECK, inputs)
