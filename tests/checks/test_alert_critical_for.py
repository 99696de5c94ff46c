"""alert-critical-for: a critical alert with no `for` pages on one evaluation, unless its expression judges a window."""

from cases import alert, rules, says, table_tests
from obsgen.checks.alert_critical_for import AlertCriticalFor

CHECK = AlertCriticalFor()


def critical(expr="rate(errors_total[5m]) > 1", **fields):
    return rules(alert("ApiErrors", expr, **fields))


FIRES = [
    ("no for", critical(**{"for": None}),
     says("alert ApiErrors pages (severity critical) on a single evaluation", obj="group 'g' / alert 'ApiErrors'", severity="warning")),
    ("for 0", critical(**{"for": "0s"}), "on a single evaluation"),
    ("for the number 0", critical(**{"for": 0}), "on a single evaluation"),
    ("rate is not a window judgement", critical("sum(rate(x_total[5m])) / sum(rate(y_total[5m])) > 0.05", **{"for": None}),
     "on a single evaluation"),
    ("a raw gauge", critical("up == 0", **{"for": None}), "on a single evaluation"),
]
QUIET = [
    ("has a for", critical()),
    ("a short for is still a wait", critical(**{"for": "30s"})),
    ("increase over a window", critical("increase(restarts_total[15m]) > 3", **{"for": None})),
    ("changes over a window", critical("changes(process_start_time_seconds[15m]) > 2", **{"for": None})),
    ("avg_over_time", critical("avg_over_time(up[10m]) < 0.5", **{"for": None})),
    ("a warning may fire at once", rules(alert("Slow", "x > 1", labels={"severity": "warning"}, **{"for": None}))),
    ("no severity: rule-conventions says so", rules({"alert": "A", "expr": "up == 0"})),
    ("labels not a mapping", rules({"alert": "A", "expr": "up == 0", "labels": ["critical"]})),
    ("a recording", rules({"record": "job:x:rate5m", "expr": "rate(x[5m])", "labels": {"severity": "critical"}})),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)
