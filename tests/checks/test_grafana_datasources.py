"""grafana-datasources: datasource provisioning files Grafana refuses or misreads, across files: two defaults
in one organisation, one name twice (the second replaces the first), one uid for two datasources."""

from cases import says, table_tests
from obsgen.artefact import Artefact
from obsgen.checks.grafana_datasources import GrafanaDatasources

CHECK = GrafanaDatasources()


def files(*lists):
    """One provisioning file per list of datasources."""
    return tuple(Artefact(f"s/grafana/provisioning/datasources/{i}.yaml", "datasources",
                          {"apiVersion": 1, "datasources": ds}, {}, "s") for i, ds in enumerate(lists))


P = {"name": "Prometheus", "type": "prometheus", "uid": "prom", "isDefault": True}
L = {"name": "Loki", "type": "loki", "uid": "loki", "isDefault": False}

FIRES = [
    ("two defaults in org 1, across files", files([P], [{**L, "isDefault": True}]), says(
        "datasource 'Loki' is isDefault in org 1, as is 'Prometheus' (s/grafana/provisioning/datasources/0.yaml "
        "datasource 0); Grafana refuses every datasource file: only one default per organization")),
    ("orgId 1 is the default org", files([P, {**L, "isDefault": True, "orgId": 1}]),
     "datasource 'Loki' is isDefault in org 1, as is 'Prometheus'"),
    ("one name twice: the second replaces the first", files([P, {**L, "name": "Prometheus"}]), says(
        "datasource name 'Prometheus' in org 1 is also provisioned by s/grafana/provisioning/datasources/0.yaml datasource 0; "
        "Grafana keeps only the last one read", where="$.datasources[1]")),
    ("a uid taken by another datasource", files([P, {**L, "uid": "prom"}]),
     "datasource uid 'prom' in org 1 is also used by 'Prometheus'"),
]
QUIET = [
    ("one default", files([P, L])),
    ("one default per org", files([P], [{**L, "isDefault": True, "orgId": 2}])),
    ("the same name in another org", files([P], [{**P, "orgId": 2}])),
    ("isDefault not a boolean: Grafana's YAML reader decides, not us", files([P, {**L, "isDefault": "true"}])),
    ("odd types", files([None, {"name": 3}])),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)
