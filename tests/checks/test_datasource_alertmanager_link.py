"""datasource-alertmanager-link (house): a Prometheus datasource names its Alertmanager datasource
(alertmanagerUid), so Grafana shows the alerts' silences and state."""

import pytest

from cases import datasources, fires, quiet, rows
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


@pytest.mark.parametrize("inputs, want", rows(FIRES))
def test_fires(inputs, want):
    fires(CHECK, inputs, want)


@pytest.mark.parametrize("inputs", rows(QUIET))
def test_quiet(inputs):
    quiet(CHECK, inputs)
