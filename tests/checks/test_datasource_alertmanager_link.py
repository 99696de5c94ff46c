"""datasource-alertmanager-link (house): a Prometheus datasource names its Alertmanager datasource."""

from obsgen.checks.datasource_alertmanager_link import DatasourceAlertmanagerLink

from cases import datasources, found


def test_datasource_alertmanager_link():
    manager = {"name": "Alertmanager", "type": "alertmanager", "uid": "am"}
    good = {"name": "Prometheus", "type": "prometheus", "uid": "p", "jsonData": {"alertmanagerUid": "am"}}
    assert found(DatasourceAlertmanagerLink(), datasources(good, manager)) == []
    assert "has no alertmanagerUid" in found(DatasourceAlertmanagerLink(), datasources({**good, "jsonData": {}}, manager))[0].message
