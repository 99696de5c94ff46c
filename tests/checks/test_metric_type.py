"""metric-type: rate() on counters only, histograms by their buckets, counters never raw."""

import pytest
from obsgen.checks.metric_type import MetricType

from cases import alert, found, rules


@pytest.mark.parametrize("expr,message", [
    ("rate(app_memory_bytes[5m])", "rate() applied to app_memory_bytes, a gauge"),
    ("sum(app_requests_total)", "counter app_requests_total is used raw"),
    ("histogram_quantile(0.9, sum by (route) (rate(app_duration_seconds_bucket[5m])))", "drops `le`"),
    ("histogram_quantile(0.9, sum without (le) (rate(app_duration_seconds_bucket[5m])))", "drops `le`"),
    ("histogram_quantile(0.9, rate(app_duration_seconds_count[5m]))", "not a histogram's _bucket series"),
    ("app_memory_bytes_sum", "app_memory_bytes is a gauge, so it has no _sum series"),
])
def test_metric_type_catches_misuse(expr, message):
    problems = found(MetricType(), rules(alert(expr=expr)))
    assert any(message in p.message for p in problems), problems
    assert problems[0].obj == "group 'g' / alert 'AppDown'"


@pytest.mark.parametrize("expr", [
    "sum by (route) (rate(app_requests_total[5m]))",
    "histogram_quantile(0.9, sum by (le, route) (rate(app_duration_seconds_bucket[5m])))",
    "sum(rate(app_duration_seconds_sum[5m])) / sum(rate(app_duration_seconds_count[5m]))",
    "max(app_memory_bytes) > 1e9",
    "absent(app_requests_total)",
    "sum(increase(app_requests_total[1h]))",
])
def test_metric_type_accepts_correct_use(expr):
    assert found(MetricType(), rules(alert(expr=expr))) == []
