"""rule-rate-window: windows against the selected job's scrape interval."""

import pytest

from obsgen.artefact import Artefact
from obsgen.checks.base import Context
from obsgen.checks.rule_rate_window import RuleRateWindow, seconds


def _run(expr, jobs=(("api", "30s"), ("db", None)), glob="15s", record=False):
    prom = {"global": {"scrape_interval": glob} if glob else {},
            "scrape_configs": [{"job_name": j, **({"scrape_interval": i} if i else {})} for j, i in jobs]}
    rule = {"record": "r:x"} if record else {"alert": "A"}
    rules = {"groups": [{"name": "g", "rules": [{**rule, "expr": expr}]}]}
    arts = [Artefact("s/prometheus/prometheus.yml", "prometheus", prom, {}, "s"),
            Artefact("s/prometheus/rules/g.yml", "rules", rules, {}, "s")]
    return [(p.severity, p.message) for p in RuleRateWindow().problems(Context(arts))]


CASES = [
    # (expression, job intervals, global, severities)
    ('rate(x_total{job="api"}[2m]) > 1', (("api", "30s"),), "15s", []),           # 4 scrapes
    ('rate(x_total{job="api"}[1m]) > 1', (("api", "30s"),), "15s", ["warning"]),  # 2 scrapes
    ('rate(x_total{job="api"}[30s]) > 1', (("api", "30s"),), "15s", ["error"]),   # 1 scrape
    ('increase(x_total{job="db"}[30s]) > 1', (("db", None),), "15s", ["warning"]),  # the global interval
    ('irate(x_total{job="db"}[1m]) > 1', (("db", None),), None, ["error"]),       # Prometheus' default 1m
    ('deriv(x{job="db"}[20s]) > 1', (("db", None),), "15s", ["error"]),
    ('rate(x_total[30s]) > 1', (("api", "30s"), ("db", None)), "15s", []),       # no job, intervals differ: quiet
    ('rate(x_total[30s]) > 1', (("api", "15s"), ("db", None)), "15s", ["warning"]),  # no job, one interval for all
    ('rate(x_total{job=~"api|db"}[30s]) > 1', (("api", "30s"), ("db", None)), "15s", []),  # not an equality: quiet
    ('rate(x_total{job="elsewhere"}[10s]) > 1', (("api", "30s"),), "15s", []),   # unknown job: quiet
    ('rate(job:x:sum{job="api"}[30s]) > 1', (("api", "30s"),), "15s", []),       # a recorded series
    ('avg_over_time(x{job="api"}[30s]) > 1', (("api", "30s"),), "15s", []),      # one sample is enough
    ('rate(x_total{job="api"}[$__rate_interval]) > 1', (("api", "30s"),), "15s", []),
]


@pytest.mark.parametrize("expr, jobs, glob, severities", CASES)
def test_cases(expr, jobs, glob, severities):
    assert [s for s, _m in _run(expr, jobs, glob)] == severities


def test_message_says_what_to_use():
    [(severity, message)] = _run('rate(x_total{job="api"}[30s]) > 1', (("api", "30s"),))
    assert severity == "error"
    assert message == ("rate() over [30s] in A covers 1 scrape(s) of job 'api' (every 30s): it needs two samples "
                       "and returns nothing; use at least [120s]")


def test_recording_rules_are_judged_too():
    assert len(_run('rate(x_total{job="api"}[30s])', (("api", "30s"),), record=True)) == 1


def test_without_prometheus_yml_it_says_nothing():
    rules = Artefact("s/prometheus/rules/g.yml", "rules", {"groups": [{"name": "g", "rules": [{"alert": "A", "expr": "rate(x[1s]) > 0"}]}]}, {}, "s")
    assert list(RuleRateWindow().problems(Context([rules]))) == []


@pytest.mark.parametrize("text, value", [("15s", 15), ("1m30s", 90), ("2h", 7200), ("500ms", 0.5), ("x", None), (None, None), ("", None)])
def test_seconds(text, value):
    assert seconds(text) == value
