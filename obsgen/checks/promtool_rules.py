"""The real `promtool check rules --lint=all --lint-fatal` accepts every rule file."""

import re

from obsgen.checks import real_tools
from obsgen.checks.base import Check, Finding

# promtool names the failing rule as `group "NAME", rule N` (N counts from 1).
_RULE = re.compile(r'group "(?P<group>(?:[^"\\]|\\.)*)", rule (?P<rule>\d+)')
# Its lint names a duplicate by the rule's name: `Metric: NAME`.
_DUPLICATE = re.compile(r"Metric: (?P<name>\S+)")


def _path(art, text: str) -> tuple:
    """The JSON path of the rule promtool names, so the finding lands on its line (also inside a manifest)."""
    groups = art.data.get("groups") if isinstance(art.data, dict) else None
    if not isinstance(groups, list):
        return ()
    match = _RULE.search(text)
    if match is not None:
        for g_index, group in enumerate(groups):
            if isinstance(group, dict) and str(group.get("name")) == match.group("group"):
                return ("groups", g_index, "rules", int(match.group("rule")) - 1)
        return ()
    match = _DUPLICATE.search(text)
    if match is not None:  # the second of the duplicates is the one to look at
        found = [("groups", g, "rules", r) for g, group in enumerate(groups) if isinstance(group, dict)
                 for r, rule in enumerate(group.get("rules") or []) if isinstance(rule, dict)
                 and match.group("name") in (rule.get("alert"), rule.get("record"))]
        return found[-1] if found else ()
    return ()


class PromtoolRules(Check):
    id = "promtool-rules"
    severity = "error"
    summary = "`promtool check rules --lint=all --lint-fatal` passes on every rule file (syntax, duplicates, lint)."
    example = "A rule file where one group lists the same recording rule twice, which promtool's lint rejects."
    needs_tools = True

    def run(self, ctx):
        for art, output in real_tools.batch(ctx, ctx.of_kind("rules"), "promtool",
                                            ["check", "rules", "--lint=all", "--lint-fatal"]):
            yield Finding(art, _path(art, output), real_tools.explain("promtool", real_tools.summary(output)))
