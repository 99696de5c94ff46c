"""No rule is defined twice across a stack's rule files.

An alert defined twice (same name, expression and labels) fires twice and
pages twice. Alerts may share a name when their labels differ: the usual
warning/critical pair is two alerts Alertmanager tells apart by `severity`.
A recording rule is one series per name and labels: two rules writing it
collide. Two recording rules with the same expression under different names
are a duplicate too: one of them is queried, the other silently drifts.
"""

from obsgen import promql
from obsgen.checks.base import Check, Finding


def _normalised(expr) -> str:
    try:
        return promql.parse(str(expr)).prettify()
    except promql.PromQLError:
        return " ".join(str(expr).split())


def _labels(rule) -> tuple:
    labels = rule.get("labels")
    return tuple(sorted((str(k), str(v)) for k, v in labels.items())) if isinstance(labels, dict) else ()


class RuleDuplicate(Check):
    id = "rule-duplicate"
    severity = "error"
    summary = ("No alert is defined twice with the same name, expression and labels; no two recording rules record the "
               "same series with the same labels, or the same expression with the same labels under two names.")
    example = ("One alert pasted into two groups, two groups both recording `job:http_requests:rate5m`, or "
               "`a:x:rate5m` and `b:x:rate5m` with one expression.")

    def run(self, ctx):
        seen, exprs = {}, {}
        for art, path, group, rule in ctx.rules():
            if not isinstance(rule, dict):
                continue
            group_name = group.get("name") if isinstance(group, dict) else None
            if "alert" in rule:
                key = (art.stack, "alert", str(rule["alert"]), _normalised(rule.get("expr", "")), _labels(rule))
            elif "record" in rule:
                key = (art.stack, "record", str(rule["record"]), _labels(rule))
            else:
                continue
            if key in seen:
                same = "same expression and labels" if key[1] == "alert" else "same labels"
                yield Finding(art, path, f"{key[1]} {key[2]!r} is already defined in group {seen[key]!r} ({same})")
            else:
                seen[key] = group_name
            if "record" in rule:
                same = (art.stack, _normalised(rule.get("expr", "")), _labels(rule))
                if same in exprs and exprs[same] != str(rule["record"]):
                    yield Finding(art, path, f"recording rule {rule['record']!r} has the same expression as {exprs[same]!r}")
                exprs.setdefault(same, str(rule["record"]))
