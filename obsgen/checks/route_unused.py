"""Every Alertmanager route is reached by at least one alert.

`team="infra"` when every alert says `team: infrastructure` is a route that
never matches. It is a warning, not an error: a team may have a route before
its first alert exists.
"""

from obsgen import routing
from obsgen.checks.alert_routing import alert_labels
from obsgen.checks.base import Check, Finding


class RouteUnused(Check):
    id = "route-unused"
    severity = "warning"
    summary = ("Evaluating the route tree for every alert's labels, each child route is reached by at least one alert, "
               "and each inhibit rule's source and target matchers match some alert.")
    example = 'A route with `matchers: [team="infra"]` when alerts carry `team: infrastructure`.'

    def run(self, ctx):
        art, alerts = ctx.alertmanager_and_alerts()
        if art is None:
            return
        root = art.data.get("route") if isinstance(art.data.get("route"), dict) else {}
        alerts = [rule for rule in alerts if isinstance(rule, dict)]
        reached = set()
        tree = routing.RouteTree(root)
        for rule in alerts:
            for path, _receiver in tree.route(alert_labels(ctx, rule)):
                reached |= {path[:cut] for cut in range(1, len(path) + 1)}
        for path, node in routing.walk(root):
            if path != ("route",) and path not in reached:
                shown = ", ".join(f"{l}{o}{v!r}" for l, o, v in routing.matchers_of(node)) or "no matchers"
                yield Finding(art, path, f"route ({shown}) to {node.get('receiver')!r} is reached by no alert")
        inhibits = art.data.get("inhibit_rules") if isinstance(art.data.get("inhibit_rules"), list) else []
        for index, inhibit in enumerate(inhibits):
            if not isinstance(inhibit, dict):
                continue
            for prefix in ("source_", "target_"):
                found = routing.matchers_of(inhibit, prefix)
                if found and not any(all(routing.matches(m, alert_labels(ctx, r)) for m in found) for r in alerts):
                    shown = ", ".join(f"{l}{o}{v!r}" for l, o, v in found)
                    yield Finding(art, ("inhibit_rules", index, f"{prefix}matchers"),
                                  f"inhibit rule {prefix[:-1]} ({shown}) matches no alert")
