"""An alert's expression filters: a comparison, a set operation or absent().

Prometheus fires an alert for every series its expression returns. Without a
comparison (`> 0.05`), a filtering set operation (`and`, `unless`) or
`absent()`, `expr: up` or `rate(errors_total[5m])` returns a series whenever
the metric exists, so the alert fires all the time. Only an alert declared
always-on may do that: obsgen's Watchdog carries `heartbeat: "true"`; the
conventional names Watchdog and DeadMansSwitch, and an expression that reads
no series at all (`vector(1)`), are taken as deliberate too. Reading a recorded
series whose recording expression filters counts as filtering.
"""

from __future__ import annotations

import promql_parser as pp

from obsgen import promql
from obsgen.checks import plain
from obsgen.checks.base import Check, Finding

COMPARISONS = {"==", "!=", ">", "<", ">=", "<="}
FILTER_FUNCTIONS = {"absent", "absent_over_time"}
ALWAYS_ON_NAMES = {"watchdog", "deadmansswitch", "deadmanssnitch"}


def filters(node, recorded=frozenset()) -> bool:
    """True when the expression can return nothing although the series it reads exist.

    `recorded` names recording rules whose own expression filters: reading one filters too.
    """
    def walk(node) -> bool:
        if isinstance(node, pp.VectorSelector):
            return node.name in recorded
        if isinstance(node, pp.MatrixSelector):
            return node.vector_selector.name in recorded
        if isinstance(node, pp.BinaryExpr):
            op = str(node.op).strip()
            if op in COMPARISONS:
                bool_mod = node.modifier is not None and node.modifier.return_bool
                return not bool_mod or walk(node.lhs) or walk(node.rhs)
            if op in ("and", "unless"):
                return True
            if op == "or":
                return walk(node.lhs) and walk(node.rhs)
            return walk(node.lhs) or walk(node.rhs)
        if isinstance(node, pp.Call):
            return node.func.name in FILTER_FUNCTIONS or any(walk(a) for a in node.args)
        if isinstance(node, pp.AggregateExpr):
            return walk(node.expr)
        if isinstance(node, (pp.ParenExpr, pp.UnaryExpr, pp.SubqueryExpr)):
            return walk(node.expr)
        return False

    return walk(node)


def filtering_records(ctx) -> frozenset:
    """Names of recording rules whose expression filters, following records of records."""
    exprs = {}
    for _art, _path, rule in plain.rules(ctx):
        if isinstance(rule.get("record"), str) and isinstance(rule.get("expr"), str):
            try:
                exprs.setdefault(rule["record"], []).append(promql.parse(rule["expr"]))
            except promql.PromQLError:
                continue
    found: frozenset = frozenset()
    while True:  # a fixed point: each pass can only add names
        more = frozenset(n for n, trees in exprs.items() if all(filters(t, found) for t in trees))
        if more == found:
            return found
        found = more


def reads_series(node) -> bool:
    if isinstance(node, (pp.VectorSelector, pp.MatrixSelector)):
        return True
    if isinstance(node, pp.Call):
        return any(reads_series(a) for a in node.args)
    return any(reads_series(getattr(node, a)) for a in ("expr", "lhs", "rhs", "param")
               if getattr(node, a, None) is not None)


def always_on(rule: dict, tree) -> bool:
    labels = rule.get("labels") if isinstance(rule.get("labels"), dict) else {}
    return (str(labels.get("heartbeat", "")).lower() == "true"
            or str(rule.get("alert", "")).lower() in ALWAYS_ON_NAMES
            or not reads_series(tree))


class AlertComparison(Check):
    id = "alert-comparison"
    severity = "error"
    summary = ("Every alert expression filters (a comparison without `bool`, `and`/`unless`, or `absent()`); "
               "otherwise it fires whenever the series exists. Exempt: alerts declared always-on "
               "(`heartbeat: \"true\"`, named Watchdog/DeadMansSwitch, or reading no series, like `vector(1)`).")
    example = "`expr: rate(http_errors_total[5m])` with no `> threshold`."
    mirrors = ("Prometheus turns every sample an alerting expression returns into a firing alert: "
               "https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/")

    def run(self, ctx):
        recorded = None
        for art, path, rule, tree in plain.parsed(plain.alerts(ctx)):
            if always_on(rule, tree) or filters(tree):
                continue
            recorded = filtering_records(ctx) if recorded is None else recorded
            if filters(tree, recorded):
                continue  # reads a recording that already filters
            yield Finding(art, path, f"alert {rule.get('alert')} has no comparison or filter, so it fires whenever "
                                     f"the series exists: {' '.join(rule['expr'].split())!r}; add a threshold, or mark an "
                                     "always-on alert with label heartbeat: \"true\"")
