"""dashboard-variables: undefined variables fire; Grafana's own, escaped dollars and comments do not."""

import pytest

from helpers import dashboard, panel, run
from obsgen.checks.dashboard_variables import DashboardVariables
import cases


@pytest.mark.parametrize("expr", [
    'up{job=~"$job"}',
    'rate(x_total[$__rate_interval]) * $__rate_interval_ms',
    'count(x{topic!~"SYSTEM.*|\\\\$SYS.*"})',
    "sum(x) # one day we'll filter by $cluster",
    'x{a="${__user.login}", b="${__org.name}", c="${__dashboard.uid}"}',
])
def test_quiet(expr):
    job = {"name": "job", "type": "custom", "query": "a"}
    assert run(DashboardVariables(), dashboard(panel(expr), variables=[{"name": "datasource", "type": "datasource"}, job])) == []


@pytest.mark.parametrize("expr,name", [('up{cluster="$cluster"}', "cluster"), ("x{a=~\"[[zone]]\"}", "zone")])
def test_fires(expr, name):
    [problem] = run(DashboardVariables(), dashboard(panel(expr)))
    assert f"${name} is used but not defined" in problem.message


def test_a_hash_in_a_title_is_no_comment():
    [problem] = run(DashboardVariables(), dashboard(panel(title="CPU #1 on $node")))
    assert "$node is used but not defined" in problem.message


def test_one_undefined_variable_in_many_places_is_one_finding():
    [problem] = run(DashboardVariables(), dashboard(*[panel(f'up{{cluster="$cluster", i="{i}"}}') for i in range(4)]))
    assert problem.message == ("variable $cluster is used but not defined in templating (4 places "
                               "($.panels[0].targets[0].expr, $.panels[1].targets[0].expr, $.panels[2].targets[0].expr, ...))")


# Cases moved from tests/test_checks.py and tests/test_checks_lint.py (tests/checks/cases.py builders).

def test_dashboard_variables():
    job = {"name": "job", "type": "query", "query": "label_values(up, job)"}
    good = cases.dash(cases.panel('sum(rate(app_requests_total{job=~"$job"}[$__rate_interval]))'), variables=(cases.DS_VAR, job))
    assert cases.found(DashboardVariables(), good) == []
    [problem] = cases.found(DashboardVariables(), cases.dash(cases.panel('up{cluster="${cluster}"}')))
    assert "$cluster is used but not defined" in problem.message and problem.where.endswith(".targets[0].expr")
