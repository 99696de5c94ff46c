"""`group_by` of routes and `equal` of inhibit rules name labels that alerts carry.

A label no alert carries is empty on every alert: `group_by: [cluster, servce]`
groups nothing by the typo, and an inhibit rule with `equal: [servce]` treats
every pair of alerts as equal, so one critical alert silences every warning
everywhere. An alert carries its expression's result labels (obsgen.labelflow),
its static labels, `alertname` and Prometheus's external labels. The check
speaks only when every alert's labels are known; it is a warning because other
senders (another Prometheus, Grafana) may deliver alerts with other labels.
"""

from obsgen import labelflow, routing
from obsgen.checks.base import Check, Finding


_SHOWN = 12  # labels listed in a finding; a fleet's alerts carry dozens


class RouteAlertLabels(Check):
    id = "route-alert-labels"
    severity = "warning"
    summary = ("Every label in a route's `group_by` (`...` aside) and an inhibit rule's `equal` is carried by some alert "
               "(result labels, static labels, alertname, external labels); checked only when every alert's labels are known.")
    example = "An inhibit rule with `equal: [servce]`: no alert carries it, so a critical alert anywhere mutes every warning."

    def run(self, ctx):
        configs = ctx.of_kind("alertmanager")
        alerts = list(ctx.alerts())
        if not configs or not alerts:
            return
        carried = set()
        for art, path, _group, rule in alerts:
            found = labelflow.alert(ctx, art, path, rule)
            if not found.known:
                return
            carried |= found.may
        art = configs[0]
        data = art.data if isinstance(art.data, dict) else {}
        names = sorted(carried)
        shown = ", ".join(names[:_SHOWN]) + (f" and {len(names) - _SHOWN} more" if len(names) > _SHOWN else "")
        for path, node in routing.walk(data.get("route")):
            group_by = node.get("group_by")
            for index, name in enumerate(group_by if isinstance(group_by, list) else []):
                if isinstance(name, str) and name != "..." and name not in carried:
                    yield Finding(art, path + ("group_by", index),
                                  f"group_by label {name!r} is carried by no alert (they carry {shown})")
        inhibit_rules = data.get("inhibit_rules")
        for index, rule in enumerate(inhibit_rules if isinstance(inhibit_rules, list) else []):
            equal = rule.get("equal") if isinstance(rule, dict) else None
            for position, name in enumerate(equal if isinstance(equal, list) else []):
                if isinstance(name, str) and name not in carried:
                    yield Finding(art, ("inhibit_rules", index, "equal", position),
                                  f"inhibit rule equal label {name!r} is carried by no alert, so it is empty on every "
                                  f"source and target and never keeps them apart (alerts carry {shown})")

