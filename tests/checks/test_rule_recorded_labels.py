"""rule-recorded-labels: matchers and by (...) on recorded series name labels the recording carries."""

import pytest

from obsgen.artefact import Artefact
from obsgen.checks.base import Context
from obsgen.checks.rule_recorded_labels import RuleRecordedLabels
from obsgen.model.catalog import Catalog, Metric

CATALOG = Catalog([Metric("app_requests_total", "counter", "h", ("route", "code"))])
PROM = Artefact("s/prometheus/prometheus.yml", "prometheus", {"scrape_configs": [{"job_name": "app"}]}, {}, "s")
RECORDINGS = [
    {"record": "job:app_requests:rate5m", "expr": "sum by (job) (rate(app_requests_total[5m]))", "labels": {"tier": "web"}},
    {"record": "job_route:app_requests:rate5m", "expr": "sum by (job, route) (rate(app_requests_total[5m]))"},
    {"record": "job:app_requests:ratio", "expr": "job:app_requests:rate5m / on(job) group_left sum by (job) (job:app_requests:rate5m)"},
    {"record": "x:unknown:sum", "expr": "sum by (a) (unknown_metric) or unknown_metric"},
]


def findings(expr, catalog=CATALOG, extra=(PROM,)):
    rules = Artefact("s/rules.yml", "rules", {"groups": [{"name": "g", "rules": [
        *RECORDINGS, {"alert": "A", "expr": expr}]}]}, {}, "s")
    ctx = Context([rules, *extra], catalog)
    return [f.message for f in RuleRecordedLabels().run(ctx) if f.path == ("groups", 0, "rules", len(RECORDINGS))]


@pytest.mark.parametrize("expr, expected", [
    ('job:app_requests:rate5m{route="/login"} > 1',
     "job:app_requests:rate5m has no label 'route' (the recording carries job, tier), so `route=\"/login\"` selects nothing"),
    ('job:app_requests:rate5m{code=~"5.."} > 1',
     "job:app_requests:rate5m has no label 'code' (the recording carries job, tier), so `code=~\"5..\"` selects nothing"),
    ("sum by (route) (job:app_requests:rate5m) > 1",
     "sum by (route) over job:app_requests:rate5m: no series there carries 'route' (they carry job, tier)"),
    ('job:app_requests:ratio{tier="web", code="500"} > 1',  # resolved through another recording
     "job:app_requests:ratio has no label 'code' (the recording carries job, tier), so `code=\"500\"` selects nothing"),
])
def test_fires(expr, expected):
    assert findings(expr) == [expected]


def test_fires_without_a_catalog():
    """The recording's `by` bounds its labels whatever the catalog says."""
    assert findings('job:app_requests:rate5m{route="/login"} > 1', catalog=None) == [
        "job:app_requests:rate5m has no label 'route' (the recording carries job, tier), so `route=\"/login\"` selects nothing"]


@pytest.mark.parametrize("expr, kwargs", [
    ('job:app_requests:rate5m{job="app", tier="web"} > 1', {}),
    ('job_route:app_requests:rate5m{route=~"/api.*"} > 1', {}),
    ('job:app_requests:rate5m{route=""} > 1', {}),  # matches series without route: every series
    ('job:app_requests:rate5m{route!="/x"} > 1', {}),
    ("sum by (job, tier) (job:app_requests:rate5m) > 1", {}),
    ('x:unknown:sum{b="1"} > 1', {}),  # the recording's labels are not known
    ("sum by (route) (app_requests_total) > 1", {}),  # catalog series: catalog-metric's job
    ('job:app_requests:rate5m{route="$route"} > 1', {}),
])
def test_quiet(expr, kwargs):
    assert findings(expr, **kwargs) == []
