"""logql-syntax: Loki queries in panels and Loki variable queries parse as LogQL; Grafana's variable query
functions are not LogQL, so only a non-empty selector inside them is parsed."""

import pytest

from cases import dashboard, fixture, says, table_tests
from obsgen import logql
from obsgen.checks.logql_syntax import LogQLSyntax

CHECK = LogQLSyntax()
LOKI = {"type": "loki", "uid": "${loki}"}
LOKI_VAR = {"name": "loki", "type": "datasource", "query": "loki"}


def logs(expr, *queries):
    """A logs panel running `expr` and one Loki query variable per query."""
    target = {"type": "logs", "title": "L", "datasource": LOKI, "targets": [{"refId": "A", "expr": expr}]}
    variables = [{"name": f"v{i}", "type": "query", "query": q, "datasource": LOKI} for i, q in enumerate(queries)]
    return dashboard(target, variables=[LOKI_VAR, *variables])


FIRES = [
    ("a broken panel query", logs('{job="a"'), says("LogQL does not parse", where="$.panels[0].targets[0].expr")),
    ("a broken selector inside a variable query", logs('{job="a"}', 'label_values({job="a", x)'),
     says("LogQL does not parse", where="$.templating.list[1].query")),
]
QUIET = [
    ("a selector, and variable queries with none or an empty one",
     logs('{job="a"} |= "x"', "label_values({}, job)", "label_values(job)", "label_names()")),
    ("a selector inside a variable query", logs('{job="a"}', 'label_values({app="x"}, job)')),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)


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


def test_the_realworld_fixture_is_quiet():
    assert fixture("loki-variable-query", CHECK) == []
