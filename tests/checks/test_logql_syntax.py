"""logql-syntax: Grafana's Loki variable queries are not LogQL; only a non-empty selector inside is parsed."""

import pytest

from helpers import dashboard, fixture, run
from obsgen import logql
from obsgen.checks.logql_syntax import LogQLSyntax

LOKI = {"type": "loki", "uid": "${loki}"}
LOKI_VAR = {"name": "loki", "type": "datasource", "query": "loki"}


@pytest.mark.parametrize("query,inner", [
    ("label_values({}, job)", None),
    ("label_values( { } , job)", None),
    ("label_values(job)", None),
    ("label_names()", None),
    ('label_values({app="x"}, job)', '{app="x"}'),
    ('{job="a"}', '{job="a"}'),
    ("{}", None),
])
def test_variable_selector(query, inner):
    assert logql.variable_selector(query) == inner


def _var(query):
    return {"name": "v", "type": "query", "query": query, "datasource": LOKI}


def test_the_realworld_fixture_is_quiet():
    assert fixture("loki-variable-query", LogQLSyntax()) == []


def test_a_broken_panel_query_and_a_broken_selector_inside_a_variable_query_fire():
    target = {"type": "logs", "title": "L", "datasource": LOKI, "targets": [{"refId": "A", "expr": '{job="a"'}]}
    problems = run(LogQLSyntax(), dashboard(target, variables=[LOKI_VAR, _var('label_values({job="a", x)')]))
    assert [p.where.split(" ")[-1] for p in problems] == ["$.panels[0].targets[0].expr", "$.templating.list[1].query"]
    assert all("LogQL does not parse" in p.message for p in problems)
