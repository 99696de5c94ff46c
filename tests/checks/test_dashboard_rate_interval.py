"""dashboard-rate-interval: a rate over a short fixed window (or [$__interval]) in a graph is a mistake; a
window the graph names, $__rate_interval and $__range are not."""

import pytest

from cases import dashboard, fixture, panel, says, table_tests
from obsgen.checks.dashboard_rate_interval import DashboardRateInterval, _named

CHECK = DashboardRateInterval()


def many_queries():
    graph = panel("sum(rate(a_total[1m])) - sum(rate(b_total[1m]))", title="qps")
    graph["targets"].append({"refId": "B", "expr": "sum(irate(c_total[5m]))"})
    return dashboard(graph)


FIRES = [
    ("fixed window", dashboard(panel("sum(rate(app_requests_total[5m]))")),
     "rate() over the fixed window [5m], which the graph does not name"),
    ("$__interval", dashboard(panel("sum(irate(app_requests_total[$__interval]))")),
     "irate() over [$__interval], which holds fewer than two samples when zoomed in"),
    ("one finding per panel however many queries and calls", many_queries(),
     says("2 queries use rate() over the fixed window [1m], which the graph does not name; irate() over the fixed "
          "window [5m], which the graph does not name; use [$__rate_interval]", where="$.panels[0].targets[0].expr")),
]
QUIET = [
    ("$__rate_interval", dashboard(panel("sum(rate(app_requests_total[$__rate_interval]))"))),
    ("$__range", dashboard(panel("sum(increase(app_requests_total[$__range]))"))),
    ("not a rate", dashboard(panel("max_over_time(app_memory_bytes[1h])"))),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)


def test_the_realworld_fixture_reports_only_the_two_accidental_windows():
    problems = fixture("rate-interval", CHECK)
    assert [(p.obj, p.message.split(";")[0]) for p in problems] == [
        ("dashboard 'Rates' / panel 'Requests'", "irate() over the fixed window [1m], which the graph does not name"),
        ("dashboard 'Rates' / panel 'Errors'",
         "rate() over [$__interval], which holds fewer than two samples when zoomed in"),
    ]


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
