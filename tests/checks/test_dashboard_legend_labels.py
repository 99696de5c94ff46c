"""dashboard-legend-labels: a legend's {{label}} is a label of its query's result."""

from cases import given, says, table_tests
from obsgen.artefact import Artefact
from obsgen.checks.base import Context
from obsgen.checks.dashboard_legend_labels import DashboardLegendLabels, references
from obsgen.model.catalog import Catalog, Metric

CATALOG = Catalog([Metric("app_requests_total", "counter", "h", ("route", "code")),
                   Metric("app_latency_seconds", "histogram", "h", ("route",), "seconds")])
PROM = Artefact("s/prometheus/prometheus.yml", "prometheus", {"scrape_configs": [{"job_name": "app"}]}, {}, "s")
RATE = "rate(app_requests_total[$__rate_interval])"
CHECK = DashboardLegendLabels()


def legend(expr, text, catalog=CATALOG, extra=(PROM,), datasource="prometheus"):
    """A panel inside a row whose one target runs `expr` with legend `text`."""
    target = {"refId": "A", "expr": expr, "legendFormat": text, "datasource": {"type": datasource, "uid": "x"}}
    dash = Artefact("s/d.json", "dashboard", {"title": "D", "panels": [
        {"type": "row", "panels": [{"type": "timeseries", "title": "P", "targets": [target]}]}]}, {}, "s")
    return given(dash, *extra, catalog=catalog)


FIRES = [
    ("a label aggregated away", legend(f"sum by (route) ({RATE})", "{{subject}}"),
     says("legend {{subject}} names a label the query's result never carries (it carries route)", where="$.panels[0].panels[0].targets[0].legendFormat")),
    ("sum() without grouping carries nothing, known even without a catalog",
     legend("sum(rate(anything[5m]))", "{{route}}"), "legend {{route}} names a label the query's result never carries (it carries no labels)"),
    ("spaces inside the braces", legend(f"sum({RATE})", "{{ route }} total"), "legend {{route}} names a label the query's result never carries (it carries no labels)"),
    ("le of a histogram_quantile",
     legend("histogram_quantile(0.9, sum by (le, route) (rate(app_latency_seconds_bucket[5m])))", "{{le}}"),
     "legend {{le}} names a label the query's result never carries (it carries route)"),
    ("two labels a group_left match drops",
     legend(f"sum by (route) ({RATE}) / ignoring(code) group_left sum by (route, code) ({RATE})", "{{code}} {{job}}"),
     says("legend {{code}} names a label the query's result never carries (it carries route)", "legend {{job}} names a label the query's result never carries (it carries route)")),
]
QUIET = [
    ("carried", legend(f"sum by (route) ({RATE})", "{{route}}")),
    ("two carried", legend(f"sum by (route, code) ({RATE})", "{{ route }} {{code}}")),
    ("label_replace may set it",
     legend(f"label_replace(sum by (route) ({RATE}), \"path\", \"$1\", \"route\", \"/(.*)\")", "{{path}}")),
    ("target labels", legend(RATE, "{{job}} {{instance}}")),
    ("__name__ is not a label check", legend(f"sum({RATE})", "{{__name__}} total")),
    ("__auto", legend(f"sum({RATE})", "__auto")),
    ("unknown metric: say nothing", legend("sum by (x) (unknown_metric) or unknown_metric", "{{y}}")),
    ("no prometheus.yml: relabelling may add pod", legend(RATE, "{{pod}}", extra=())),
    ("no catalog", legend(RATE, "{{pod}}", catalog=None)),
    ("Loki", legend("sum by (route) (rate({job=\"x\"} |= \"err\" [5m]))", "{{level}}", datasource="loki")),
    ("does not parse: promql-syntax reports it", legend(f"sum by (route) ({RATE}", "{{x}}")),
    ("catalog-metric reports the one mistake: no status label", legend(f"sum by (status) ({RATE})", "{{status}}")),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)


def test_references():
    assert references("{{ a }}-{{b}} {{a}} {{__name__}} {{ not a label }} {{$var}}") == ["a", "b"]


def test_odd_data_is_ignored():
    dash = Artefact("s/d.json", "dashboard", {"panels": [None, {"targets": [None, {"expr": 1, "legendFormat": None}]}]}, {}, "s")
    assert list(DashboardLegendLabels().run(Context([dash], CATALOG))) == []
