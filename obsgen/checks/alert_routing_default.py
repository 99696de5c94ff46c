"""Every alert matches a route below the root (obsgen's routing convention).

In obsgen's stacks every alert is routed by its team; one that falls through
to the root's receiver has a team with no route, and the team that owns it
never hears. Elsewhere the root receiver is often the intended catch-all
(kube-prometheus sends every warning there), so this is a house convention.
"""

from obsgen import routing
from obsgen.checks.alert_routing import alert_labels, root_and_receivers
from obsgen.checks.grouping import some
from obsgen.checks.base import Check, Finding


def _show(rule) -> str:
    labels = rule.get("labels") if isinstance(rule.get("labels"), dict) else {}
    return ", ".join(f"{k}={labels[k]}" for k in ("team", "severity") if k in labels) or "no team/severity"


class AlertRoutingDefault(Check):
    id = "alert-routing-default"
    severity = "error"
    house = True
    summary = ("Every alert (with its team, severity and other labels) matches a route below the root, instead of "
               "falling through to the default receiver; one finding per team and severity.")
    example = "An alert with `team: payments` when the routes only match team=infrastructure, product, engineering and ai."

    def run(self, ctx):
        configs = ctx.of_kind("alertmanager")
        if not configs:
            return
        root, _receivers = root_and_receivers(configs[0].data)
        if not routing._routes(root):
            return  # a root with no children routes everything to its receiver by design
        tree = routing.RouteTree(root)
        fallen = {}  # labels shown -> (first alert's artefact and path, [alert names])
        for art, path, _group, rule in ctx.alerts():
            if not isinstance(rule, dict):
                continue
            if [p for p, _r in tree.route(alert_labels(ctx, rule))] == [("route",)]:
                fallen.setdefault(_show(rule), (art, path, []))[2].append(str(rule.get("alert")))
        for shown, (art, path, alerts) in fallen.items():
            yield Finding(art, path, f"{some(alerts)} ({shown}) {'matches' if len(alerts) == 1 else 'match'} no route "
                                     f"and {'falls' if len(alerts) == 1 else 'fall'} through to the default receiver "
                                     f"{root.get('receiver')!r}")
