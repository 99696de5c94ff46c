"""promql-syntax after Grafana variable substitution: every form dashboards use parses, real errors still fire."""

import pytest

from helpers import dashboard, fixture, panel, run
from obsgen import promql
from obsgen.checks.promql_syntax import PromQLSyntax
import cases

QUIET = [
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
    "sum(rate(x_total[$__rate_interval])",
    'x{job="$job"',
    "rate(x_total[5m]) +",
]


@pytest.mark.parametrize("expr", QUIET)
def test_quiet(expr):
    assert run(PromQLSyntax(), dashboard(panel(expr))) == []


@pytest.mark.parametrize("expr", FIRES)
def test_fires(expr):
    [problem] = run(PromQLSyntax(), dashboard(panel(expr)))
    assert "PromQL does not parse" in problem.message


def test_empty_panel_expressions_run_no_query():
    assert run(PromQLSyntax(), dashboard(panel(""), panel("  \n"))) == []


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
    assert fixture("promql-variables", PromQLSyntax()) == []


# Cases moved from tests/test_checks.py and tests/test_checks_lint.py (tests/checks/cases.py builders).

def test_promql_syntax_passes_and_fails_with_the_panel_origin():
    assert cases.found(PromQLSyntax(), cases.dash(cases.panel("rate(app_requests_total[$__rate_interval])"), origins=cases.PANEL_ORIGIN)) == []
    [problem] = cases.found(PromQLSyntax(), cases.dash(cases.panel("rate(app_requests_total[5m]"), origins=cases.PANEL_ORIGIN))
    assert problem.obj == "dashboard 'T' / panel 'P'" and problem.where == "dashboards/s/x.py:7"


def test_promql_syntax_without_origin_names_file_and_json_path():
    [problem] = cases.found(PromQLSyntax(), cases.rules({"alert": "A", "expr": "sum(("}))
    assert problem.where == "s/prometheus/rules/g.yml $.groups[0].rules[0]"
