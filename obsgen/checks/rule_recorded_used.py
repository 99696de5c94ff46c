"""Every recorded series is read by a dashboard, an alert or another recording rule.

An unused recording rule costs evaluation time and TSDB series forever, and
usually means a dashboard or alert queries the raw expression instead. A
folder of rules without dashboards is judged by nobody: its series may be
read by dashboards provisioned elsewhere, so nothing is said.
"""

from obsgen.checks.base import Check, Finding


class RuleRecordedUsed(Check):
    id = "rule-recorded-used"
    severity = "warning"
    summary = ("In a folder with dashboards, every recording rule's series is queried by some dashboard panel, alert or "
               "other recording rule.")
    example = "A recording rule `job:http_requests:rate5m` that no panel or alert reads."

    def run(self, ctx):
        if not ctx.of_kind("dashboard"):
            return
        used = set()
        for _e, facts in ctx.promql_facts():
            used |= {s.name for s in facts.selectors if s.name}
        for art, path, _group, rule in ctx.rules():
            name = rule.get("record") if isinstance(rule, dict) else None
            if isinstance(name, str) and name and name not in used:
                yield Finding(art, path, f"recorded series {name} is not used by any dashboard, alert or recording rule")
