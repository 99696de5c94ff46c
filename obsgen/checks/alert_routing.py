"""Every alert reaches a receiver that is defined and notifies someone.

One cause is reported once: when 137 alerts all end at a receiver with no
integration, that is one finding on the receiver, with the count and a few
of the alerts, not 137. A receiver named as a sink (`null`, `blackhole`...)
drops what reaches it on purpose, the usual home of Watchdog and
InfoInhibitor, so it is not one.
"""

import re

from obsgen import routing
from obsgen.checks.base import Check, Finding
from obsgen.checks.grouping import some

_SINK = re.compile(r"^(?:null|nil|none|noop|no-?op|blackhole|black-?hole|dev-?null|void|discard|drop|ignore|silence|"
                   r"silenced|mute|muted|nobody|nowhere|deadletter)$", re.I)


def alert_labels(ctx, rule) -> dict:
    """The labels Alertmanager sees on an alert: its static labels, alertname and external labels."""
    labels = {}
    for config in ctx.of_kind("prometheus"):
        glob = config.data.get("global")
        external = glob.get("external_labels") if isinstance(glob, dict) else None
        if isinstance(external, dict):
            labels.update({str(k): str(v) for k, v in external.items()})
    if isinstance(rule.get("labels"), dict):
        labels.update({str(k): str(v) for k, v in rule["labels"].items()})
    labels["alertname"] = str(rule.get("alert"))
    return labels


def notifies(receiver: dict) -> bool:
    return any(str(key).endswith("_configs") and value for key, value in receiver.items())


def sink(name: str) -> bool:
    """A receiver whose name says it drops alerts on purpose."""
    return bool(_SINK.match(name.strip().replace("_", "-")))


def root_and_receivers(config: dict) -> tuple:
    """(root route, {name: (index, receiver)}) of an Alertmanager config, whatever its shape."""
    root = config.get("route") if isinstance(config.get("route"), dict) else {}
    found = config.get("receivers") if isinstance(config.get("receivers"), list) else []
    receivers = {}
    for index, receiver in enumerate(found):
        if isinstance(receiver, dict) and isinstance(receiver.get("name"), str):
            receivers.setdefault(receiver["name"], (index, receiver))
    return root, receivers


class AlertRouting(Check):
    id = "alert-routing"
    severity = "error"
    summary = ("Evaluating Alertmanager's route tree for every alert's labels, each receiver an alert reaches is "
               "defined and has at least one integration (one finding per receiver, with a count).")
    example = "Alerts routed to a receiver `team-db` that has no `*_configs`, or to a receiver that is not defined."

    def run(self, ctx):
        configs = ctx.of_kind("alertmanager")
        if not configs:
            return
        am = configs[0]
        root, receivers = root_and_receivers(am.data)
        tree = routing.RouteTree(root)
        undefined, silent = {}, {}  # receiver -> (where, [alert names])
        for _art, _path, _group, rule in ctx.alerts():
            if not isinstance(rule, dict):
                continue
            reached = tree.route(alert_labels(ctx, rule))
            for route_path, name in reached:
                if name not in receivers:
                    undefined.setdefault(name, (route_path, []))[1].append(str(rule.get("alert")))
            names = [name for _p, name in reached]
            if all(name in receivers and not notifies(receivers[name][1]) and not sink(name) for name in names):
                key = ", ".join(repr(n) for n in names)
                silent.setdefault(key, (("receivers", receivers[names[0]][0]), []))[1].append(str(rule.get("alert")))
        for name, (where, alerts) in undefined.items():
            yield Finding(am, where, f"{some(alerts)} route to receiver {name!r}, which is not defined")
        for described, (where, alerts) in silent.items():
            yield Finding(am, where, f"{some(alerts)} route only to {described}, which has no integration, "
                                     "so it notifies nobody")
