"""dashboard-datasource-variable (house): a dashboard querying a datasource has a datasource variable, so it
can be pointed at another one."""

import pytest

from cases import dashboard, fires, panel, quiet, rows
from obsgen.checks.dashboard_datasource_variable import DashboardDatasourceVariable

CHECK = DashboardDatasourceVariable()

FIRES = [
    ("no datasource variable", dashboard(panel(), variables=()), "no datasource variable"),
]
QUIET = [
    ("has one", dashboard(panel())),
]


@pytest.mark.parametrize("inputs, want", rows(FIRES))
def test_fires(inputs, want):
    fires(CHECK, inputs, want)


@pytest.mark.parametrize("inputs", rows(QUIET))
def test_quiet(inputs):
    quiet(CHECK, inputs)


def test_is_a_house_convention():
    assert DashboardDatasourceVariable.house
