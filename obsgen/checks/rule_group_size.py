"""A rule group holds at most 20 rules (obsgen's house convention).

Prometheus evaluates a group's rules one after another within its interval; a
large group is slow to evaluate and hard to review, and one slow rule delays all
the others. Many good rule sets keep bigger groups (kubernetes-mixin's
kubelet.rules), so this is a house convention.
"""

from obsgen.checks.base import Check, Finding

MAX_GROUP_RULES = 20


class RuleGroupSize(Check):
    id = "rule-group-size"
    severity = "error"
    house = True
    summary = f"A rule group holds at most {MAX_GROUP_RULES} rules."
    example = "One group with every alert of a service in it, 25 rules long: split it by concern."

    def run(self, ctx):
        for art in ctx.of_kind("rules"):
            groups = art.data.get("groups") if isinstance(art.data, dict) else None
            for index, group in enumerate(groups if isinstance(groups, list) else []):
                rules = group.get("rules") if isinstance(group, dict) else None
                if isinstance(rules, list) and len(rules) > MAX_GROUP_RULES:
                    yield Finding(art, ("groups", index), f"group {group.get('name')!r} holds {len(rules)} rules; "
                                                          f"split it (at most {MAX_GROUP_RULES})")
