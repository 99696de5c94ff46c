"""datasource-alertmanager: a Prometheus datasource names a provisioned Alertmanager datasource."""

from obsgen.checks.datasource_alertmanager import DatasourceAlertmanager

from cases import am, datasources, found


def test_datasource_alertmanager():
    manager = {"name": "Alertmanager", "type": "alertmanager", "uid": "am"}
    good = {"name": "Prometheus", "type": "prometheus", "uid": "p", "jsonData": {"alertmanagerUid": "am"}}
    assert found(DatasourceAlertmanager(), datasources(good, manager)) == []
    wrong = {**good, "jsonData": {"alertmanagerUid": "alertmanager"}}
    assert "alertmanagerUid 'alertmanager'" in found(DatasourceAlertmanager(), datasources(wrong, manager))[0].message
    # Leaving the link out is allowed; wanting it is the house check datasource-alertmanager-link.
    assert found(DatasourceAlertmanager(), datasources({**good, "jsonData": {}}, manager)) == []
