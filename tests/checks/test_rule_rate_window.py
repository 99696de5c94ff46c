"""rule-rate-window: a rate window in a rule against the selected job's scrape interval: one scrape returns nothing
(error), two barely work (warning)."""

import pytest

from cases import rules, says, table_tests
from obsgen.artefact import Artefact
from obsgen.checks.rule_rate_window import RuleRateWindow, seconds

CHECK = RuleRateWindow()


def windowed(expr, jobs=(("api", "30s"), ("db", None)), glob="15s", record=False):
    """prometheus.yml scraping `jobs` (name, interval or None) with global interval `glob`, and a rule on `expr`."""
    prom = {"global": {"scrape_interval": glob} if glob else {},
            "scrape_configs": [{"job_name": j, **({"scrape_interval": i} if i else {})} for j, i in jobs]}
    rule = {"record": "r:x"} if record else {"alert": "A"}
    return (Artefact("s/prometheus/prometheus.yml", "prometheus", prom, {}, "s"),
            rules({**rule, "expr": expr}))


API = (("api", "30s"),)
DB = (("db", None),)

FIRES = [
    ("2 scrapes", windowed('rate(x_total{job="api"}[1m]) > 1', API), says("rate() over [60s] in A covers 2 scrapes of job 'api' (every 30s): one missed scrape leaves too few samples; use at least [120s]", severity="warning")),
    ("1 scrape", windowed('rate(x_total{job="api"}[30s]) > 1', API), says(
        "rate() over [30s] in A covers 1 scrape(s) of job 'api' (every 30s): it needs two samples and returns nothing; "
        "use at least [120s]", severity="error", where="$.groups[0].rules[0]")),
    ("the global interval", windowed('increase(x_total{job="db"}[30s]) > 1', DB), says("increase() over [30s] in A covers 2 scrapes of job 'db' (every 15s): one missed scrape leaves too few samples; use at least [60s]", severity="warning")),
    ("Prometheus' default 1m", windowed('irate(x_total{job="db"}[1m]) > 1', DB, None), says("irate() over [60s] in A covers 1 scrape(s) of job 'db' (every 60s): it needs two samples and returns nothing; use at least [240s]", severity="error")),
    ("deriv", windowed('deriv(x{job="db"}[20s]) > 1', DB), says("deriv() over [20s] in A covers 1.33333 scrape(s) of job 'db' (every 15s)", severity="error")),
    ("no job, one interval for all", windowed('rate(x_total[30s]) > 1', (("api", "15s"), ("db", None))),
     says("rate() over [30s] in A covers 2 scrapes of every job (every 15s): one missed scrape leaves too few samples", severity="warning")),
    ("a recording rule", windowed('rate(x_total{job="api"}[30s])', API, record=True), says("rate() over [30s] in r:x covers 1 scrape(s) of job 'api' (every 30s)", severity="error")),
]
QUIET = [
    ("4 scrapes", windowed('rate(x_total{job="api"}[2m]) > 1', API)),
    ("no job, intervals differ", windowed('rate(x_total[30s]) > 1')),
    ("not an equality", windowed('rate(x_total{job=~"api|db"}[30s]) > 1')),
    ("unknown job", windowed('rate(x_total{job="elsewhere"}[10s]) > 1', API)),
    ("a recorded series", windowed('rate(job:x:sum{job="api"}[30s]) > 1', API)),
    ("one sample is enough for avg_over_time", windowed('avg_over_time(x{job="api"}[30s]) > 1', API)),
    ("$__rate_interval", windowed('rate(x_total{job="api"}[$__rate_interval]) > 1', API)),
    ("without prometheus.yml it says nothing",
     (Artefact("s/prometheus/rules/g.yml", "rules", {"groups": [{"name": "g", "rules": [{"alert": "A", "expr": "rate(x[1s]) > 0"}]}]},
               {}, "s"),)),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)


@pytest.mark.parametrize("text, value", [("15s", 15), ("1m30s", 90), ("2h", 7200), ("500ms", 0.5), ("x", None), (None, None), ("", None)])
def test_seconds(text, value):
    assert seconds(text) == value
