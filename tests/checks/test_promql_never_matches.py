"""promql-never-matches: a binary operation's two sides can match."""

import pytest

from obsgen.artefact import Artefact
from obsgen.checks.base import Context
from obsgen.checks.promql_never_matches import PromQLNeverMatches
from obsgen.model.catalog import Catalog, Metric

CATALOG = Catalog([Metric("app_requests_total", "counter", "h", ("route", "code")),
                   Metric("app_latency_seconds", "histogram", "h", ("route",), "seconds"),
                   Metric("app_up", "gauge", "h", ())])
PROM = Artefact("s/prometheus/prometheus.yml", "prometheus", {"scrape_configs": [{"job_name": "app"}]}, {}, "s")
REQ = "rate(app_requests_total[5m])"


def findings(expr, catalog=CATALOG, extra=(PROM,)):
    rules = Artefact("s/rules.yml", "rules", {"groups": [{"name": "g", "rules": [{"record": "a:b:c", "expr": expr}]}]},
                     {}, "s")
    return [f.message for f in PromQLNeverMatches().run(Context([rules, *extra], catalog))]


@pytest.mark.parametrize("expr, expected", [
    (f"sum by (route, code) ({REQ}) / sum by (route) ({REQ})",
     "`sum by (route, code)(rate(app_requests_total[5m])) / sum by (route)(rate(app_requests_total[5m]))` always returns "
     "nothing: the left side always carries 'code' and the right side never does (match with ignoring(code) or aggregate it away)"),
    ("rate(app_latency_seconds_bucket[5m]) / rate(app_latency_seconds_count[5m])",
     "`rate(app_latency_seconds_bucket[5m]) / rate(app_latency_seconds_count[5m])` always returns nothing: the left side "
     "always carries 'le' and the right side never does (match with ignoring(le) or aggregate it away)"),
    (f"sum({REQ}) > on(route) sum by (route) ({REQ})",
     "`sum(rate(app_requests_total[5m])) > on (route) sum by (route)(rate(app_requests_total[5m]))` always returns nothing: "
     "the right side always carries 'route' and the left side never does (match with a different on(...) or aggregate it away)"),
    (f"sum by (job) ({REQ}) and sum by (route) ({REQ})",
     "`sum by (job)(rate(app_requests_total[5m])) and sum by (route)(rate(app_requests_total[5m]))` always returns nothing: "
     "the left side always carries 'job' and the right side never does (match with ignoring(job) or aggregate it away)"),
])
def test_fires(expr, expected):
    assert findings(expr) == [expected]


@pytest.mark.parametrize("expr, kwargs", [
    (f"sum by (route, code) ({REQ}) / ignoring(code) group_left sum by (route) ({REQ})", {}),
    (f"sum by (route, code) ({REQ}) / on(route) group_left sum by (route) ({REQ})", {}),
    (f"sum by (route) ({REQ}) / sum by (route) (rate(app_latency_seconds_count[5m]))", {}),
    (f"{REQ} / {REQ}", {}),
    (f"sum({REQ}) / sum(rate(app_latency_seconds_count[5m]))", {}),
    (f"sum by (route) ({REQ}) or sum by (code) ({REQ})", {}),  # or: either side's series
    (f"sum by (route) ({REQ}) unless sum by (code) ({REQ})", {}),  # unless: the left side, always
    (f"sum by (route) ({REQ}) * on() group_left app_up", {}),
    (f"{REQ} > 0", {}),  # vector and scalar
    (f"sum by (status) ({REQ}) / sum by (route) ({REQ})", {}),  # catalog-metric reports `status`, the root mistake
    ("sum by (route) (unknown_metric) / sum by (route, code) (other_unknown)", {}),  # unknown must: may lack code
    ("sum by (route, code) (unknown_metric) / unknown_metric", {}),
    (f"sum by (route, code) ({REQ}) / sum by (route) ({REQ})", {"catalog": None}),  # no catalog: code may be missing
])
def test_quiet(expr, kwargs):
    assert findings(expr, **kwargs) == []


def test_fires_without_prometheus_yml():
    """The catalog says code is always there; `by` bounds the right side whatever the scrape config adds."""
    assert len(findings(f"sum by (route, code) ({REQ}) / sum by (route) ({REQ})", extra=())) == 1


def test_one_finding_per_expression():
    nested = f"(sum by (route, code) ({REQ}) / sum by (route) ({REQ})) / sum by (route) ({REQ})"
    assert len(findings(nested)) == 1


def test_dashboard_query_with_variables_names_the_operator():
    target = {"refId": "A", "expr": "sum by (route, code) (rate(app_requests_total[$__rate_interval])) / "
                                    "sum by (route) (rate(app_requests_total[$__rate_interval]))"}
    dash = Artefact("s/d.json", "dashboard", {"panels": [{"type": "timeseries", "targets": [target]}]}, {}, "s")
    found = [f.message for f in PromQLNeverMatches().run(Context([dash, PROM], CATALOG))]
    assert found == ["the `/` here always returns nothing: the left side always carries 'code' and the right side never "
                     "does (match with ignoring(code) or aggregate it away)"]
