"""datasource-alertmanager-link (house): a Prometheus datasource names its Alertmanager datasource
(alertmanagerUid), so Grafana shows the alerts' silences and state."""

from cases import datasources, table_tests
from obsgen.checks.datasource_alertmanager_link import DatasourceAlertmanagerLink

CHECK = DatasourceAlertmanagerLink()
MANAGER = {"name": "Alertmanager", "type": "alertmanager", "uid": "am"}
LINKED = {"name": "Prometheus", "type": "prometheus", "uid": "p", "jsonData": {"alertmanagerUid": "am"}}

FIRES = [
    ("no alertmanagerUid", datasources({**LINKED, "jsonData": {}}, MANAGER), "has no alertmanagerUid"),
]
QUIET = [
    ("linked", datasources(LINKED, MANAGER)),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)
