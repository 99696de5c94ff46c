"""dashboard-datasource-provisioned: the datasource uids dashboards name and their datasource variables'
defaults are provisioned."""

from cases import DS_VAR, dashboard, datasources, panel, says, table_tests
from obsgen.checks.dashboard_datasource_provisioned import DashboardDatasourceProvisioned

CHECK = DashboardDatasourceProvisioned()
PROVISIONED = datasources({"name": "Prometheus", "type": "prometheus", "uid": "prom"})
STALE = {**DS_VAR, "current": {"value": "prom-old"}}

FIRES = [
    ("a stale variable default and an unprovisioned uid",
     (dashboard(panel(uid="gone"), variables=(STALE,)), PROVISIONED),
     says("defaults to 'prom-old', which is not provisioned", "datasource uid 'gone' is not provisioned")),
]
QUIET = [
    ("the variable's default is provisioned", (dashboard(panel()), PROVISIONED)),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)
