"""metric-type: functions match the catalog's metric types: rate() on counters only, histograms read by their
_bucket series with `le` kept, counters never used raw, no _sum of a gauge."""

from cases import alert, rules, says, table_tests
from obsgen.checks.metric_type import MetricType

CHECK = MetricType()


def on(expr):
    return rules(alert(expr=expr))


def misuse(message):
    return says(message, obj="group 'g' / alert 'AppDown'")


FIRES = [
    ("rate of a gauge", on("rate(app_memory_bytes[5m])"), misuse("rate() applied to app_memory_bytes, a gauge")),
    ("a raw counter", on("sum(app_requests_total)"), misuse("counter app_requests_total is used raw")),
    ("quantile without le in by", on("histogram_quantile(0.9, sum by (route) (rate(app_duration_seconds_bucket[5m])))"),
     misuse("drops `le`")),
    ("quantile with le in without", on("histogram_quantile(0.9, sum without (le) (rate(app_duration_seconds_bucket[5m])))"),
     misuse("drops `le`")),
    ("quantile of _count", on("histogram_quantile(0.9, rate(app_duration_seconds_count[5m]))"),
     misuse("not a histogram's _bucket series")),
    ("_sum of a gauge", on("app_memory_bytes_sum"), misuse("app_memory_bytes is a gauge, so it has no _sum series")),
]
QUIET = [
    ("rate of a counter", on("sum by (route) (rate(app_requests_total[5m]))")),
    ("quantile keeping le", on("histogram_quantile(0.9, sum by (le, route) (rate(app_duration_seconds_bucket[5m])))")),
    ("an average from _sum and _count", on("sum(rate(app_duration_seconds_sum[5m])) / sum(rate(app_duration_seconds_count[5m]))")),
    ("a gauge raw", on("max(app_memory_bytes) > 1e9")),
    ("absent of a counter", on("absent(app_requests_total)")),
    ("increase of a counter", on("sum(increase(app_requests_total[1h]))")),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)
