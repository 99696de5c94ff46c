"""dashboard-rate-interval: a short fixed window in a graph is a mistake; deliberate windows are not."""

from helpers import fixture
from obsgen.checks.dashboard_rate_interval import DashboardRateInterval, _named

import pytest
import cases


def test_the_realworld_fixture_reports_only_the_two_accidental_windows():
    problems = fixture("rate-interval", DashboardRateInterval())
    assert [(p.obj, p.message.split(";")[0]) for p in problems] == [
        ("dashboard 'Rates' / panel 'Requests'", "irate() over the fixed window [1m], which the graph does not name"),
        ("dashboard 'Rates' / panel 'Errors'",
         "rate() over [$__interval], which holds fewer than two samples when zoomed in"),
    ]


def test_one_finding_per_panel_however_many_queries_and_calls():
    from helpers import dashboard, panel, run

    graph = panel("sum(rate(a_total[1m])) - sum(rate(b_total[1m]))", title="qps")
    graph["targets"].append({"refId": "B", "expr": "sum(irate(c_total[5m]))"})
    [problem] = run(DashboardRateInterval(), dashboard(graph))
    assert problem.message.startswith("2 queries use rate() over the fixed window [1m], which the graph does not name; "
                                      "irate() over the fixed window [5m], which the graph does not name; "
                                      "use [$__rate_interval]")
    assert problem.where.endswith("$.panels[0].targets[0].expr")


@pytest.mark.parametrize("seconds,text,named", [
    (300, "requests, last 5 minutes", True),
    (300, "errors (5m)", True),
    (60, "rps [1m]", True),
    (60, "1 min rate", True),
    (300, "requests", False),
    (300, "15m window", False),
    (60, "p0.1m", False),
])
def test_named(seconds, text, named):
    assert _named(seconds, text) == named


# Cases moved from tests/test_checks.py and tests/test_checks_lint.py (tests/checks/cases.py builders).

@pytest.mark.parametrize("expr,ok", [
    ("sum(rate(app_requests_total[$__rate_interval]))", True),
    ("sum(increase(app_requests_total[$__range]))", True),
    ("sum(rate(app_requests_total[5m]))", False),
    ("sum(irate(app_requests_total[$__interval]))", False),
    ("max_over_time(app_memory_bytes[1h])", True),
])
def test_dashboard_rate_interval(expr, ok):
    problems = cases.found(DashboardRateInterval(), cases.dash(cases.panel(expr)))
    assert (problems == []) == ok, problems
