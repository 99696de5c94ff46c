"""An inhibit rule whose source and target sides match the same alerts does nothing.

Alertmanager skips, as an inhibitor, any source alert that also matches the
target side, so that an alert never mutes itself. When both sides carry the
same matchers every source alert is such an alert: the rule loads and never
inhibits anything.
"""

from obsgen.checks import plain
from obsgen.checks.base import Check, Finding


class InhibitSelf(Check):
    id = "inhibit-self"
    severity = "error"
    summary = ("No inhibit rule has the same source and target matchers: Alertmanager ignores source alerts that also "
               "match the target side, so such a rule never inhibits anything.")
    example = "`source_matchers: [severity=\"critical\"]` with `target_matchers: [severity=\"critical\"]`."
    mirrors = ("Alertmanager's inhibitor excludes source alerts matching both sides (hasEqual's excludeTwoSidedMatch): "
               "https://github.com/prometheus/alertmanager/blob/main/inhibit/inhibit.go")

    def run(self, ctx):
        for art in ctx.of_kind("alertmanager"):
            config = art.data if isinstance(art.data, dict) else {}
            for index, rule in enumerate(plain.seq(config.get("inhibit_rules"))):
                if not isinstance(rule, dict):
                    continue
                source = set(plain.matchers(rule, "source_"))
                target = set(plain.matchers(rule, "target_"))
                if source and source == target and not any(op == "invalid" for _l, op, _v in source):
                    shown = ", ".join(f"{l}{op}{v!r}" for l, op, v in sorted(source))
                    yield Finding(art, ("inhibit_rules", index),
                                  f"inhibit rule has the same source and target matchers ({shown}); every source alert "
                                  "also matches the target side, which Alertmanager never lets inhibit, so the rule does nothing")
