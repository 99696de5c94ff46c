"""dashboard-datasource-variable (house): a dashboard has a datasource variable."""

from obsgen.checks.dashboard_datasource_variable import DashboardDatasourceVariable

from cases import dash, found, panel


def test_dashboard_datasource_variable():
    assert "no datasource variable" in found(DashboardDatasourceVariable(), dash(panel(), variables=()))[-1].message
