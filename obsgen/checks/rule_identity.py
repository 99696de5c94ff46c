"""No alert or recording rule is defined twice across a stack's rule files.

Two recording rules with the same expression under different names are a
duplicate too: one of them is queried, the other silently drifts.
"""

from obsgen import promql
from obsgen.checks.base import Check, Finding


def _normalised(expr: str) -> str:
    try:
        return promql.parse(expr).prettify()
    except promql.PromQLError:
        return " ".join(expr.split())


class RuleIdentity(Check):
    id = "rule-duplicate"
    severity = "error"
    summary = ("Alert names are unique within a stack; no two recording rules record the same series with the same "
               "labels, or the same expression with the same labels under two names.")
    example = "Two groups both recording `job:http_requests:rate5m`, or `a:x:rate5m` and `b:x:rate5m` with one expression."

    def run(self, ctx):
        seen, exprs = {}, {}
        for art in ctx.of_kind("rules"):
            for g_index, group in enumerate(art.data.get("groups", [])):
                for r_index, rule in enumerate(group.get("rules", [])):
                    if "alert" in rule:
                        key = (art.stack, "alert", rule["alert"])
                    else:
                        key = (art.stack, "record", rule.get("record"), tuple(sorted((rule.get("labels") or {}).items())))
                    if key in seen:
                        yield Finding(art, ("groups", g_index, "rules", r_index),
                                      f"{key[1]} {key[2]!r} is already defined in group {seen[key]!r}")
                    else:
                        seen[key] = group.get("name")
                    if "record" in rule:
                        same = (art.stack, _normalised(str(rule.get("expr", ""))),
                                tuple(sorted((rule.get("labels") or {}).items())))
                        if same in exprs and exprs[same] != rule.get("record"):
                            yield Finding(art, ("groups", g_index, "rules", r_index),
                                          f"recording rule {rule.get('record')!r} has the same expression as {exprs[same]!r}")
                        exprs.setdefault(same, rule.get("record"))
