"""grafana-datasources: fire and quiet cases, across provisioning files."""

import pytest

from obsgen.artefact import Artefact
from obsgen.checks.base import Context
from obsgen.checks.grafana_datasources import GrafanaDatasources


def _run(*files):
    arts = [Artefact(f"s/grafana/provisioning/datasources/{i}.yaml", "datasources", {"apiVersion": 1, "datasources": ds}, {}, "s")
            for i, ds in enumerate(files)]
    return [p.message for p in GrafanaDatasources().problems(Context(arts))]


P = {"name": "Prometheus", "type": "prometheus", "uid": "prom", "isDefault": True}
L = {"name": "Loki", "type": "loki", "uid": "loki", "isDefault": False}

CASES = [
    ([[P, L]], 0),
    ([[P], [{**L, "isDefault": True}]], 1),                     # two defaults in org 1, across files
    ([[P], [{**L, "isDefault": True, "orgId": 2}]], 0),         # one default per org
    ([[P, {**L, "isDefault": True, "orgId": 1}]], 1),           # orgId 1 is the default org
    ([[P, {**L, "name": "Prometheus"}]], 1),                    # one name twice: the second replaces the first
    ([[P], [{**P, "orgId": 2}]], 0),                            # same name in another org
    ([[P, {**L, "uid": "prom"}]], 1),                           # uid taken by another datasource
    ([[P, {**L, "isDefault": "true"}]], 0),                     # not a boolean: Grafana's YAML reader decides, not us
    ([[None, {"name": 3}]], 0),
]


@pytest.mark.parametrize("files, count", CASES)
def test_cases(files, count):
    assert len(_run(*files)) == count


def test_message_names_both_defaults():
    [message] = _run([P], [{**L, "isDefault": True}])
    assert message == ("datasource 'Loki' is isDefault in org 1, as is 'Prometheus' (s/grafana/provisioning/datasources/0.yaml "
                       "datasource 0); Grafana refuses every datasource file: only one default per organization")
