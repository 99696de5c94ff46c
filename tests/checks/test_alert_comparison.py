"""alert-comparison: an alert with no comparison or filter fires whenever its series exists; alerts must
filter (directly or through the recordings they read) unless declared always-on."""

from cases import bare, record, rules, table_tests
from obsgen.checks.alert_comparison import AlertComparison

CHECK = AlertComparison()
NO_FILTER = "alert A has no comparison or filter, so it fires whenever the series exists"


def a(expr, name="A", labels=None):
    return rules(bare(name, expr, **({"labels": labels} if labels is not None else {})))


def reading(expr, *records):
    """Alert A on `expr`, after the recordings (name, expression) it may read."""
    return rules(*[record(r, e) for r, e in records], bare("A", expr))


FIRES = [
    ("a bare series", a("up"), NO_FILTER),
    ("a rate", a("rate(errors_total[5m])"),
     "alert A has no comparison or filter, so it fires whenever the series exists: 'rate(errors_total[5m])'; "
     "add a threshold, or mark an always-on alert with label heartbeat: \"true\""),
    ("a ratio", a("sum by (job) (rate(errors_total[5m])) / sum by (job) (rate(requests_total[5m]))"), NO_FILTER),
    ("bool turns the filter into 0/1: always a result", a("x > bool 1"), NO_FILTER),
    ("one side of or never filters", a("a or b > 1"), NO_FILTER),
    ("label_replace", a("label_replace(up, 'a', '$1', 'job', '(.*)')"), NO_FILTER),
    ("negation", a("-up"), NO_FILTER),
    ("a recording that does not filter", reading("job:errors:rate5m", ("job:errors:rate5m", "sum by (job) (rate(e[5m]))")),
     NO_FILTER),
    ("one of a recording's two definitions does not filter", reading("r:x", ("r:x", "x > 1"), ("r:x", "y")), NO_FILTER),
]
QUIET = [
    ("== 0", a("up == 0")),
    ("a threshold", a("rate(errors_total[5m]) > 0.05")),
    ("a ratio over a threshold", a("sum(rate(x[5m])) by (job) / sum(rate(y[5m])) by (job) > 0.1")),
    ("absent", a("absent(up{job=\"api\"})")),
    ("absent_over_time", a("absent_over_time(up[5m])")),
    ("unless", a("a unless b")),
    ("and on", a("a and on(job) b")),
    ("both sides of or filter", a("(a > 1) or (b < 2)")),
    ("count of a filter", a("count(up == 0) by (job)")),
    ("vector(1) reads no series: a deliberate always-on alert", a("vector(1)")),
    ("a number", a("1")),
    ("sum of a filter", a("sum(rate(x[5m]) > 0)")),
    ("Watchdog", a("up", name="Watchdog")),
    ("DeadMansSwitch", a("up", name="DeadMansSwitch")),
    ("heartbeat label", a("up", name="Heartbeat", labels={"heartbeat": "true"})),
    ("the recording filters", reading("job:errors:bad", ("job:errors:bad", "sum by (job) (rate(e[5m])) > 1"))),
    ("through a recording of a recording", reading("b:x", ("a:x", "x > 1"), ("b:x", "sum(a:x)"))),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)
