"""alert-comparison: alerts must filter unless declared always-on."""

import pytest

from obsgen.artefact import Artefact
from obsgen.checks.alert_comparison import AlertComparison
from obsgen.checks.base import Context


def _run(expr, name="A", labels=None):
    rule = {"alert": name, "expr": expr, **({"labels": labels} if labels is not None else {})}
    art = Artefact("s/prometheus/rules/g.yml", "rules", {"groups": [{"name": "g", "rules": [rule]}]}, {}, "s")
    return [p.message for p in AlertComparison().problems(Context([art]))]


FIRES = [
    "up",
    "rate(errors_total[5m])",
    "sum by (job) (rate(errors_total[5m])) / sum by (job) (rate(requests_total[5m]))",
    "x > bool 1",                       # bool turns the filter into 0/1: always a result
    "a or b > 1",                       # one side of or never filters
    "label_replace(up, 'a', '$1', 'job', '(.*)')",
    "-up",
]
QUIET = [
    "up == 0",
    "rate(errors_total[5m]) > 0.05",
    "sum(rate(x[5m])) by (job) / sum(rate(y[5m])) by (job) > 0.1",
    "absent(up{job=\"api\"})",
    "absent_over_time(up[5m])",
    "a unless b",
    "a and on(job) b",
    "(a > 1) or (b < 2)",
    "count(up == 0) by (job)",
    "vector(1)",                         # reads no series: a deliberate always-on alert
    "1",
    "sum(rate(x[5m]) > 0)",
]


@pytest.mark.parametrize("expr", FIRES)
def test_fires(expr):
    assert len(_run(expr)) == 1


@pytest.mark.parametrize("expr", QUIET)
def test_quiet(expr):
    assert _run(expr) == []


@pytest.mark.parametrize("name, labels", [("Watchdog", None), ("DeadMansSwitch", None), ("Heartbeat", {"heartbeat": "true"})])
def test_declared_always_on_alerts_are_quiet(name, labels):
    assert _run("up", name=name, labels=labels) == []


def test_message():
    [message] = _run("rate(errors_total[5m])")
    assert message == ("alert A has no comparison or filter, so it fires whenever the series exists: "
                       "'rate(errors_total[5m])'; add a threshold, or mark an always-on alert with label heartbeat: \"true\"")


def _run_with_records(expr, *records):
    rules = [{"record": r, "expr": e} for r, e in records] + [{"alert": "A", "expr": expr}]
    art = Artefact("s/prometheus/rules/g.yml", "rules", {"groups": [{"name": "g", "rules": rules}]}, {}, "s")
    return [p.message for p in AlertComparison().problems(Context([art]))]


@pytest.mark.parametrize("expr, records, count", [
    ("job:errors:bad", [("job:errors:bad", "sum by (job) (rate(e[5m])) > 1")], 0),       # the recording filters
    ("b:x", [("a:x", "x > 1"), ("b:x", "sum(a:x)")], 0),                               # through a record of a record
    ("job:errors:rate5m", [("job:errors:rate5m", "sum by (job) (rate(e[5m]))")], 1),  # it does not
    ("r:x", [("r:x", "x > 1"), ("r:x", "y")], 1),                                      # one of its two definitions does not
])
def test_recorded_series_that_filter(expr, records, count):
    assert len(_run_with_records(expr, *records)) == count
