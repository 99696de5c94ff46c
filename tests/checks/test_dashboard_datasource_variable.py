"""dashboard-datasource-variable (house): a dashboard querying a datasource has a datasource variable, so it
can be pointed at another one."""

from cases import dashboard, panel, table_tests
from obsgen.checks.dashboard_datasource_variable import DashboardDatasourceVariable

CHECK = DashboardDatasourceVariable()

FIRES = [
    ("no datasource variable", dashboard(panel(), variables=()), "no datasource variable"),
]
QUIET = [
    ("has one", dashboard(panel())),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)


def test_is_a_house_convention():
    assert DashboardDatasourceVariable.house
