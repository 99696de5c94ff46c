"""Every alert reaches a receiver that notifies someone.

A `team` label with no route falls through to the default receiver (or
nowhere): the alert fires and the team that owns it never hears.
"""

from obsgen.checks import routing
from obsgen.checks.base import Check, Finding


def alert_labels(ctx, rule) -> dict:
    """The labels Alertmanager sees on an alert: its static labels, alertname and external labels."""
    labels = {}
    for config in ctx.of_kind("prometheus"):
        labels.update((config.data.get("global") or {}).get("external_labels") or {})
    labels.update({k: str(v) for k, v in (rule.get("labels") or {}).items()})
    labels["alertname"] = rule["alert"]
    return labels


def notifies(receiver: dict) -> bool:
    return any(key.endswith("_configs") and value for key, value in receiver.items())


class AlertRouting(Check):
    id = "alert-routing"
    severity = "error"
    summary = ("Evaluating Alertmanager's route tree, every alert (with its team, severity and other labels) matches a "
               "route below the root, and each receiver it reaches is defined and has at least one integration.")
    example = "An alert with `team: payments` when the routes only match team=infrastructure, product, engineering and ai."

    def run(self, ctx):
        configs = ctx.of_kind("alertmanager")
        if not configs:
            return
        config = configs[0].data
        root = config.get("route") or {}
        receivers = {r.get("name"): r for r in config.get("receivers") or []}
        tree = routing.RouteTree(root)
        for art, path, _group, rule in ctx.alerts():
            labels = alert_labels(ctx, rule)
            reached = tree.route(labels)
            described = ", ".join(f"{r!r}" for _p, r in reached)
            if root.get("routes") and [p for p, _r in reached] == [("route",)]:
                yield Finding(art, path, f"alert {rule['alert']} ({_show(rule)}) matches no route and falls through "
                                         f"to the default receiver {root.get('receiver')!r}")
            names = [name for _route_path, name in reached]
            for name in names:
                if name not in receivers:
                    yield Finding(art, path, f"alert {rule['alert']} routes to receiver {name!r}, which is not defined")
            if all(name in receivers and not notifies(receivers[name]) for name in names):
                yield Finding(art, path, f"alert {rule['alert']} routes only to {described}, which has no "
                                         "integration, so it notifies nobody")


def _show(rule) -> str:
    labels = rule.get("labels") or {}
    return ", ".join(f"{k}={labels[k]}" for k in ("team", "severity") if k in labels) or "no team/severity"
