"""catalog-metric: every metric, label and scrape job a query names exists in the catalog and the scrape
config; names and labels a dashboard variable supplies are not judged."""

from cases import dashboard, given, panel, prom, record, rules, table_tests
from obsgen.checks.catalog_metric import CatalogMetric
from obsgen.model.catalog import Catalog, Metric

CHECK = CatalogMetric()
# x_total with job and route, scraped by job `api`.
X = Catalog([Metric("x_total", "counter", "h", ("job", "route"))])
API = prom(scrape_configs=[{"job_name": "api"}])
RECORDING = rules(record("recorded:app_requests:rate5m", "sum(rate(app_requests_total[5m]))"))


def x(expr):
    return given(dashboard(panel(expr)), API, catalog=X)


def app(expr, *more):
    """A panel over the shared catalog (app_requests_total, app_duration_seconds, app_memory_bytes)."""
    return (dashboard(panel(expr)), RECORDING, *more)


FIRES = [
    ("unknown metric", x("rate(y_total[5m])"), "metric 'y_total' is not in the catalog"),
    ("unknown label", x('rate(x_total{rute="/"}[5m])'), "label 'rute' does not exist"),
    ("unknown job", x('rate(x_total{job="apl"}[5m])'), "job 'apl' is not a scrape job"),
    ("misspelt metric", app("rate(app_request_total[5m])"), "metric 'app_request_total' is not in the catalog"),
    ("misspelt label", app('rate(app_requests_total{rout="/"}[5m])'), "label 'rout' does not exist on app_requests_total"),
    ("unknown label in by", app("sum by (status) (rate(app_requests_total[5m]))"), "label 'status' in by does not exist"),
    ("unknown label in a histogram's by",
     app('histogram_quantile(0.9, sum by (le, rute) (rate(app_duration_seconds_bucket[5m])))'), "label 'rute' in by"),
    ("a histogram's bare name", app("app_duration_seconds"), "metric 'app_duration_seconds' is not in the catalog"),
    ("up of a job the scrape config lacks", app('up{job="apl"}', API), "job 'apl' is not a scrape job"),
]
QUIET = [
    ("grouping label from a variable", x('sum by ($grouping) (rate(x_total[5m]))')),
    ("metric from a variable", x('rate($metric{job="api"}[5m])')),
    ("metric name part from a variable", x('rate(${prefix}_total[5m])')),
    ("label name from a variable", x('rate(x_total{$label="a"}[5m])')),
    ("job from a variable", x('rate(x_total{job="$job"}[5m])')),
    ("job part from a variable", x('rate(x_total{job="api-$env"}[5m])')),
    ("catalogued labels", app('sum by (route, code) (rate(app_requests_total{route="/"}[5m]))')),
    ("histogram buckets", app('histogram_quantile(0.9, sum by (le, route) (rate(app_duration_seconds_bucket{job="x"}[5m])))')),
    ("histogram sum and count", app("sum(rate(app_duration_seconds_sum[5m])) / sum(rate(app_duration_seconds_count[5m]))")),
    ("Prometheus' ALERTS", app('sum by (severity) (ALERTS{alertstate="firing"})')),
    ("Prometheus' up", app("min by (job) (up)")),
    ("a recorded series", app("sum(recorded:app_requests:rate5m)")),
    ("up of a scrape job", app('up{job="api"}', API)),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)
