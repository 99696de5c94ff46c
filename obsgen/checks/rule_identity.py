"""No alert or recording rule is defined twice across a stack's rule files."""

from obsgen.checks.base import Check, Finding


class RuleIdentity(Check):
    id = "rule-duplicate"
    severity = "error"
    summary = "Alert names are unique within a stack; no two recording rules record the same series with the same labels."

    def run(self, ctx):
        seen = {}
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
