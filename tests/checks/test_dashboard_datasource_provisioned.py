"""dashboard-datasource-provisioned: datasource uids and variable defaults are provisioned."""

from obsgen.checks.dashboard_datasource_provisioned import DashboardDatasourceProvisioned

from cases import DS_VAR, dash, datasources, found, panel, prom


def test_dashboard_datasource_provisioned():
    ds = datasources({"name": "Prometheus", "type": "prometheus", "uid": "prom"})
    assert found(DashboardDatasourceProvisioned(), dash(panel()), ds) == []
    stale = {**DS_VAR, "current": {"value": "prom-old"}}
    problems = found(DashboardDatasourceProvisioned(), dash(panel(uid="gone"), variables=(stale,)), ds)
    assert any("defaults to 'prom-old', which is not provisioned" in p.message for p in problems)
    assert any("datasource uid 'gone' is not provisioned" in p.message for p in problems)
