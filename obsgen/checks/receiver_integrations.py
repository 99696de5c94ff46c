"""Every receiver an alert can reach, at some time of the week, has at least one integration.

Alertmanager accepts a receiver with no `*_configs` and silently drops what
reaches it. alert-routing reports alerts that reach only such receivers; this
check reports the quieter case: a receiver without integration that alerts
reach alongside others (through `continue`), so each alert still arrives
somewhere and the loss goes unseen. Routing does not depend on the clock, but
a route's time intervals decide whether it ever notifies: a route muted at all
times, or active at none, never sends, so its receiver is not judged. One
finding per receiver, with the alerts that reach it.
"""

from __future__ import annotations

from obsgen import routing
from obsgen.checks import plain
from obsgen.checks.alert_routing import notifies
from obsgen.checks.base import Check, Finding

# Names people give a receiver that drops on purpose (e.g. kube-prometheus routes the Watchdog to "null").
DELIBERATE = {"null", "blackhole", "devnull", "discard", "void", "none"}


def intervals(config: dict) -> dict:
    """name -> list of time ranges, from `time_intervals` and the older `mute_time_intervals`."""
    out = {}
    for key in ("mute_time_intervals", "time_intervals"):
        for entry in plain.seq(config.get(key)):
            if isinstance(entry, dict) and isinstance(entry.get("name"), str):
                ranges = entry.get("time_intervals")
                out[entry["name"]] = ranges if isinstance(ranges, list) else []
    return out


def always(ranges: list) -> bool:
    """An interval with an entry that restricts nothing contains every instant."""
    return any(isinstance(r, dict) and not any(r.get(k) for k in r) for r in ranges)


def never(ranges: list) -> bool:
    """An interval with no ranges contains no instant."""
    return not ranges


def silent(route: dict, known: dict) -> bool:
    """True when the route can never notify: muted at all times or active at none (unknown names: not judged)."""
    mute = plain.seq(route.get("mute_time_intervals"))
    active = plain.seq(route.get("active_time_intervals"))
    if not isinstance(mute, list) or not isinstance(active, list):
        return False
    if any(name in known and always(known[name]) for name in mute):
        return True
    return bool(active) and all(name in known and never(known[name]) for name in active)


def node(root: dict, path: tuple) -> dict:
    out = root
    for part in path[1:]:
        out = out[part]
    return out


class ReceiverIntegrations(Check):
    id = "receiver-integrations"
    severity = "error"
    summary = ("Every receiver that some alert reaches through a route able to notify at some time of the week "
               "(not muted at all times, not active at none) has at least one integration (`*_configs`), also when "
               "the alert reaches other receivers through `continue` (alert-routing reports alerts that notify "
               "nobody); one finding per receiver with the count of alerts that reach it.")
    example = ("An `escalation` receiver with no `email_configs`/`webhook_configs` that critical alerts reach through "
               "`continue: true` before their team's pager.")
    mirrors = ("Alertmanager accepts a receiver without integrations and drops its notifications; time intervals mute "
               "a route without changing where alerts go: https://prometheus.io/docs/alerting/latest/configuration/#receiver "
               "and https://github.com/prometheus/alertmanager/blob/main/dispatch/route.go")

    def run(self, ctx):
        configs = ctx.of_kind("alertmanager")
        if not configs or not isinstance(configs[0].data, dict):
            return
        art, config = configs[0], configs[0].data
        root = config.get("route")
        if not plain.well_formed(root):
            return
        receivers = {r.get("name"): (i, r) for i, r in enumerate(plain.seq(config.get("receivers")))
                     if isinstance(r, dict) and isinstance(r.get("name"), str)}
        known = intervals(config)
        tree = routing.RouteTree(root)
        reached: dict = {}
        for _art, _path, rule in plain.alerts(ctx):
            routes = tree.route(plain.alert_labels(ctx, rule))
            if all(name in receivers and not notifies(receivers[name][1]) for _p, name in routes):
                continue  # it notifies nobody at all: alert-routing reports that, once per receiver
            for route_path, name in routes:
                if name in receivers and not silent(node(root, route_path), known):
                    reached.setdefault(name, set()).add(rule["alert"])
        for name in sorted(reached, key=str):
            index, receiver = receivers[name]
            if notifies(receiver) or str(name).lower() in DELIBERATE:
                continue
            alerts = sorted(reached[name])
            shown = ", ".join(alerts[:3]) + (", ..." if len(alerts) > 3 else "")
            yield Finding(art, ("receivers", index),
                          f"receiver {name!r} has no integration, yet {len(alerts)} alert"
                          f"{'s' if len(alerts) != 1 else ''} reach it ({shown}): its notifications are dropped",
                          count=len(alerts))
