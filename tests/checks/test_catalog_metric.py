"""catalog-metric (obsgen/checks/catalog_metric.py): names and labels a dashboard variable supplies are not judged."""

import pytest

from helpers import dashboard, panel, run
from obsgen.artefact import Artefact
from obsgen.checks.catalog_metric import CatalogMetric
from obsgen.model.catalog import Catalog, Metric
from obsgen.checks.catalog_metric import CatalogMetric
import cases

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


# Cases moved from tests/test_checks.py and tests/test_checks_lint.py (tests/checks/cases.py builders).

@pytest.mark.parametrize("expr,message", [
    ("rate(app_request_total[5m])", "metric 'app_request_total' is not in the catalog"),
    ('rate(app_requests_total{rout="/"}[5m])', "label 'rout' does not exist on app_requests_total"),
    ("sum by (status) (rate(app_requests_total[5m]))", "label 'status' in by does not exist"),
    ('histogram_quantile(0.9, sum by (le, rute) (rate(app_duration_seconds_bucket[5m])))', "label 'rute' in by"),
    ("app_duration_seconds", "metric 'app_duration_seconds' is not in the catalog"),
])
def test_catalog_check_catches_unknown_metrics_and_labels(expr, message):
    problems = cases.found(CatalogMetric(), cases.dash(cases.panel(expr)))
    assert any(message in p.message for p in problems), problems


@pytest.mark.parametrize("expr", [
    'sum by (route, code) (rate(app_requests_total{route="/"}[5m]))',
    'histogram_quantile(0.9, sum by (le, route) (rate(app_duration_seconds_bucket{job="x"}[5m])))',
    "sum(rate(app_duration_seconds_sum[5m])) / sum(rate(app_duration_seconds_count[5m]))",
    'sum by (severity) (ALERTS{alertstate="firing"})',
    "min by (job) (up)",
    "sum(recorded:app_requests:rate5m)",
])
def test_catalog_check_accepts_catalogued_series(expr):
    recording = cases.rules({"record": "recorded:app_requests:rate5m", "expr": "sum(rate(app_requests_total[5m]))"})
    assert cases.found(CatalogMetric(), cases.dash(cases.panel(expr)), recording) == []


def test_catalog_check_knows_scrape_jobs():
    config = Artefact("s/prometheus/prometheus.yml", "prometheus", {"scrape_configs": [{"job_name": "api"}]}, {}, "s")
    assert cases.found(CatalogMetric(), cases.dash(cases.panel('up{job="api"}')), config) == []
    [problem] = cases.found(CatalogMetric(), cases.dash(cases.panel('up{job="apl"}')), config)
    assert "job 'apl' is not a scrape job" in problem.message
