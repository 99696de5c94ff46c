"""dashboard-grid-layout (house): panels stay inside the 24 columns and never overlap, so Grafana draws them
where they are defined."""

from cases import at, dashboard, panel, table_tests
from obsgen.checks.dashboard_grid_layout import DashboardGridLayout

CHECK = DashboardGridLayout()

FIRES = [
    ("past column 24", dashboard(panel(gridPos=at(12, 16))), "outside the 24-column grid"),
    ("overlapping", dashboard(panel(gridPos=at(0, 12)), panel(gridPos=at(6, 12), title="Q")), "overlaps panel 'P'"),
]
QUIET = [
    ("side by side", dashboard(panel(gridPos=at(0, 12)), panel(gridPos=at(12, 12), title="Q"))),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)
