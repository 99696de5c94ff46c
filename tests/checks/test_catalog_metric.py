"""catalog-metric (obsgen/checks/catalog.py): names and labels a dashboard variable supplies are not judged."""

import pytest

from helpers import dashboard, panel, run
from obsgen.artefact import Artefact
from obsgen.checks.catalog import CatalogMetric
from obsgen.model.catalog import Catalog, Metric

CATALOG = Catalog([Metric("x_total", "counter", "h", ("job", "route"))])
PROM = Artefact("f/prometheus/prometheus.yml", "prometheus", {"scrape_configs": [{"job_name": "api"}]}, {}, "f")


@pytest.mark.parametrize("expr", [
    'sum by ($grouping) (rate(x_total[5m]))',
    'rate($metric{job="api"}[5m])',
    'rate(${prefix}_total[5m])',
    'rate(x_total{$label="a"}[5m])',
    'rate(x_total{job="$job"}[5m])',
    'rate(x_total{job="api-$env"}[5m])',
])
def test_quiet(expr):
    assert run(CatalogMetric(), dashboard(panel(expr)), PROM, catalog=CATALOG) == []


@pytest.mark.parametrize("expr,words", [
    ("rate(y_total[5m])", "metric 'y_total' is not in the catalog"),
    ('rate(x_total{rute="/"}[5m])', "label 'rute' does not exist"),
    ('rate(x_total{job="apl"}[5m])', "job 'apl' is not a scrape job"),
])
def test_fires(expr, words):
    [problem] = run(CatalogMetric(), dashboard(panel(expr)), PROM, catalog=CATALOG)
    assert words in problem.message
