"""datasource-alertmanager: a Prometheus datasource's alertmanagerUid names a provisioned Alertmanager
datasource; leaving the link out is allowed (wanting it is the house check datasource-alertmanager-link)."""

from cases import datasources, table_tests
from obsgen.checks.datasource_alertmanager import DatasourceAlertmanager

CHECK = DatasourceAlertmanager()
MANAGER = {"name": "Alertmanager", "type": "alertmanager", "uid": "am"}
LINKED = {"name": "Prometheus", "type": "prometheus", "uid": "p", "jsonData": {"alertmanagerUid": "am"}}

FIRES = [
    ("a uid no datasource has", datasources({**LINKED, "jsonData": {"alertmanagerUid": "alertmanager"}}, MANAGER),
     "alertmanagerUid 'alertmanager'"),
]
QUIET = [
    ("linked", datasources(LINKED, MANAGER)),
    ("no link", datasources({**LINKED, "jsonData": {}}, MANAGER)),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)
