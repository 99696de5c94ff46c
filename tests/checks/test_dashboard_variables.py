"""dashboard-variables: a $variable used in a dashboard is defined in its templating; Grafana's own variables,
escaped dollars and comments in queries are not uses."""

from cases import DS_VAR, dashboard, panel, says, table_tests
from obsgen.checks.dashboard_variables import DashboardVariables

CHECK = DashboardVariables()
JOB = {"name": "job", "type": "custom", "query": "a"}


def with_job(expr):
    return dashboard(panel(expr), variables=[{"name": "datasource", "type": "datasource"}, JOB])


def imported():
    p = panel(datasource="${DS_PROMETHEUS}")
    p["targets"][0].pop("datasource")
    return dashboard(p, __inputs=[{"name": "DS_PROMETHEUS", "type": "datasource"}])


FIRES = [
    ("undefined in a matcher", dashboard(panel('up{cluster="$cluster"}')), "$cluster is used but not defined"),
    ("undefined, old [[ ]] syntax", dashboard(panel("x{a=~\"[[zone]]\"}")), "$zone is used but not defined"),
    ("undefined, ${ } syntax", dashboard(panel('up{cluster="${cluster}"}')),
     says("$cluster is used but not defined", where=".targets[0].expr")),
    ("a hash in a title is no comment", dashboard(panel(title="CPU #1 on $node")), "$node is used but not defined"),
    ("one undefined variable in many places is one finding",
     dashboard(*[panel(f'up{{cluster="$cluster", i="{i}"}}') for i in range(4)]),
     "variable $cluster is used but not defined in templating (4 places ($.panels[0].targets[0].expr, "
     "$.panels[1].targets[0].expr, $.panels[2].targets[0].expr, ...))"),
    ("an import input", imported(), "${DS_PROMETHEUS} is an import input (__inputs)"),
]
QUIET = [
    ("defined", with_job('up{job=~"$job"}')),
    ("Grafana's rate interval variables", with_job('rate(x_total[$__rate_interval]) * $__rate_interval_ms')),
    ("an escaped dollar", with_job('count(x{topic!~"SYSTEM.*|\\\\$SYS.*"})')),
    ("a comment in a query", with_job("sum(x) # one day we'll filter by $cluster")),
    ("Grafana's global variables", with_job('x{a="${__user.login}", b="${__org.name}", c="${__dashboard.uid}"}')),
    ("a query variable", dashboard(panel('sum(rate(app_requests_total{job=~"$job"}[$__rate_interval]))'),
                                   variables=(DS_VAR, {"name": "job", "type": "query", "query": "label_values(up, job)"}))),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)
