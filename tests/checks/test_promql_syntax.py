"""promql-syntax: every PromQL query parses, after Grafana's variable substitution: every form dashboards use
parses, real errors still fire."""

import pytest

from cases import PANEL_ORIGIN, dashboard, fixture, panel, rules, says, table_tests
from obsgen import promql
from obsgen.checks.promql_syntax import PromQLSyntax

CHECK = PromQLSyntax()
PARSES = [
    'sum by ($grouping) (rate(x_total[$__rate_interval]))',
    'sum without ($a, $b) (x) / on ($a) group_left($c) y',
    '$metric{job=~"$job"}',
    'rate(${prefix}_requests_total[5m])',
    'count(x{topic!~"SYSTEM.*|\\\\$SYS.*"})',
    'x{a=~"${v:csv}", b=~"${v:regex}", c="${v:text}", d="[[v:text]]"}',
    'sum(increase(x_total[$__interval] offset -$__interval))',
    'increase(x_total[$__range]) / $__range_s * 1000 / $__interval_ms',
    'up{job=~"$__all"}',
    "# the job's errors\nsum(rate(errors_total{job=~\"$job\"}[$__rate_interval]))",
    "sum($query)",
    "topk($n, $metric)",
    "avg_over_time(up[${days}d])",
    "max_over_time(rate(x_total[5m])[1h:$__interval])",
    "x @ ${__to:date:seconds}",
    "rate(x_total[[[window]]])",
    'x{$label="a", job=~"$job"}',
]

FIRES = [
    ("unclosed call", dashboard(panel("sum(rate(x_total[$__rate_interval])")), "PromQL does not parse"),
    ("unclosed matcher", dashboard(panel('x{job="$job"')), "PromQL does not parse"),
    ("dangling operator", dashboard(panel("rate(x_total[5m]) +")), "PromQL does not parse"),
    ("named at the panel's Python line", dashboard(panel("rate(app_requests_total[5m]"), origins=PANEL_ORIGIN),
     says("PromQL does not parse", obj="dashboard 'T' / panel 'P'", where="dashboards/s/x.py:7")),
    ("without an origin: file and JSON path", rules({"alert": "A", "expr": "sum(("}),
     says("PromQL does not parse", where="s/prometheus/rules/g.yml $.groups[0].rules[0]")),
]
QUIET = [(expr, dashboard(panel(expr))) for expr in PARSES] + [
    ("empty panel expressions run no query", dashboard(panel(""), panel("  \n"))),
    ("with the panel's origin", dashboard(panel("rate(app_requests_total[$__rate_interval])"), origins=PANEL_ORIGIN)),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)


def test_variables_skips_escaped_dollars_and_comments_in_queries_only():
    assert promql.variables('x{t!~"\\\\$SYS"}') == []
    assert promql.variables("x # see $foo") == []
    assert promql.variables("CPU #1 on $instance", comments=False) == ["instance"]


@pytest.mark.parametrize("query,inner", [
    ("label_values(up{job=\"a\"}, instance)", 'up{job="a"}'),
    ("label_values(job)", None),
    ("label_names()", None),
    ("metrics(node_.*)", None),
    ("query_result(topk(5, sum by (job) (up)))", "topk(5, sum by (job) (up))"),
    ("up", "up"),
    ("", None),
])
def test_variable_query(query, inner):
    assert promql.variable_query(query) == inner


def test_the_realworld_fixture_parses():
    assert fixture("promql-variables", CHECK) == []
