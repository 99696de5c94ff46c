"""Every team of the stack has a route of its own below the root (obsgen's routing convention).

In obsgen's stacks alerts are routed by their `team` label. A team that no
route names sends its alerts, once it has any, to the root's receiver, and
the team that owns them never hears. alert-routing-default judges each alert
that exists by its real labels; this check covers the teams that have no
alert yet, so the gap shows when the team is added, not when its first page
goes astray. A tree that is only a root receiver routes everything there by
design and is not judged. It needs the stack's teams, so it speaks in builds.
"""

from obsgen import routing
from obsgen.checks import plain
from obsgen.checks.base import Check, Finding


def names_team(node: dict, team: str) -> bool:
    """Whether a route has a `team` matcher (=, =~) that accepts `team`."""
    return any(label == "team" and op in ("=", "=~") and routing.matches((label, op, value), {"team": team})
               for label, op, value in plain.matchers(node))


class TeamRouted(Check):
    id = "team-routed"
    severity = "error"
    house = True
    summary = ("In a build, every team of the stack is named by a `team` matcher of some route below the root; "
               "teams that already have alerts are judged by alert-routing-default on those alerts instead.")
    example = "A stack adds `Team(\"dba\", ...)` but no route matches `team=\"dba\"`."

    def run(self, ctx):
        teams = getattr(ctx.stack, "teams", None) or ()
        configs = ctx.of_kind("alertmanager")
        if not teams or not configs:
            return
        art = configs[0]
        root = art.data.get("route") if isinstance(art.data, dict) else None
        below = [node for path, node in routing.walk(root) if path != ("route",)]
        if not below:
            return  # a root with no children routes everything to its receiver by design
        alerting = {str(r["labels"].get("team")) for _a, _p, _g, r in ctx.alerts() if isinstance(r.get("labels"), dict)}
        for team in teams:
            if team.name in alerting or any(names_team(node, team.name) for node in below):
                continue
            yield Finding(art, ("route",), f"team {team.name!r} ({team.defined_at}) has no route: no route matches "
                                           f"team=\"{team.name}\", so its alerts would fall through to the root "
                                           f"receiver {root.get('receiver')!r}")
