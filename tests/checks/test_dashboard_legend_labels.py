"""dashboard-legend-labels: a legend's {{label}} is a label of its query's result."""

import pytest

from obsgen.artefact import Artefact
from obsgen.checks.base import Context
from obsgen.checks.dashboard_legend_labels import DashboardLegendLabels, references
from obsgen.model.catalog import Catalog, Metric

CATALOG = Catalog([Metric("app_requests_total", "counter", "h", ("route", "code")),
                   Metric("app_latency_seconds", "histogram", "h", ("route",), "seconds")])
PROM = Artefact("s/prometheus/prometheus.yml", "prometheus", {"scrape_configs": [{"job_name": "app"}]}, {}, "s")
RATE = "rate(app_requests_total[$__rate_interval])"


def findings(expr, legend, catalog=CATALOG, extra=(PROM,), datasource="prometheus"):
    target = {"refId": "A", "expr": expr, "legendFormat": legend, "datasource": {"type": datasource, "uid": "x"}}
    dash = Artefact("s/d.json", "dashboard", {"title": "D", "panels": [
        {"type": "row", "panels": [{"type": "timeseries", "title": "P", "targets": [target]}]}]}, {}, "s")
    return [f.message for f in DashboardLegendLabels().run(Context([dash, *extra], catalog))]


@pytest.mark.parametrize("expr, legend, expected", [
    (f"sum by (route) ({RATE})", "{{subject}}", ["legend {{subject}} names a label the query's result never carries (it carries route)"]),
    # sum() without grouping carries nothing, known even without a catalog
    ("sum(rate(anything[5m]))", "{{route}}", ["legend {{route}} names a label the query's result never carries (it carries no labels)"]),
    (f"sum({RATE})", "{{ route }} total", ["legend {{route}} names a label the query's result never carries (it carries no labels)"]),
    (f"histogram_quantile(0.9, sum by (le, route) (rate(app_latency_seconds_bucket[5m])))", "{{le}}",
     ["legend {{le}} names a label the query's result never carries (it carries route)"]),
    (f"sum by (route) ({RATE}) / ignoring(code) group_left sum by (route, code) ({RATE})", "{{code}} {{job}}",
     ["legend {{code}} names a label the query's result never carries (it carries route)",
      "legend {{job}} names a label the query's result never carries (it carries route)"]),
])
def test_fires(expr, legend, expected):
    assert findings(expr, legend) == expected


@pytest.mark.parametrize("expr, legend, kwargs", [
    (f"sum by (route) ({RATE})", "{{route}}", {}),  # carried
    (f"sum by (route, code) ({RATE})", "{{ route }} {{code}}", {}),
    (f"label_replace(sum by (route) ({RATE}), \"path\", \"$1\", \"route\", \"/(.*)\")", "{{path}}", {}),  # may be set
    (RATE, "{{job}} {{instance}}", {}),  # target labels
    (f"sum({RATE})", "{{__name__}} total", {}),  # not a label check
    (f"sum({RATE})", "__auto", {}),
    ("sum by (x) (unknown_metric) or unknown_metric", "{{y}}", {}),  # unknown metric: say nothing
    (RATE, "{{pod}}", {"extra": ()}),  # no prometheus.yml: relabelling may add pod
    (RATE, "{{pod}}", {"catalog": None}),
    ("sum by (route) (rate({job=\"x\"} |= \"err\" [5m]))", "{{level}}", {"datasource": "loki"}),
    (f"sum by (route) ({RATE}", "{{x}}", {}),  # does not parse: promql-syntax reports it
    (f"sum by (status) ({RATE})", "{{status}}", {}),  # catalog-metric reports the one mistake: no status label
])
def test_quiet(expr, legend, kwargs):
    assert findings(expr, legend, **kwargs) == []


def test_references():
    assert references("{{ a }}-{{b}} {{a}} {{__name__}} {{ not a label }} {{$var}}") == ["a", "b"]


def test_odd_data_is_ignored():
    dash = Artefact("s/d.json", "dashboard", {"panels": [None, {"targets": [None, {"expr": 1, "legendFormat": None}]}]}, {}, "s")
    assert list(DashboardLegendLabels().run(Context([dash], CATALOG))) == []
