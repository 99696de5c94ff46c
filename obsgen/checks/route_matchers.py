"""Route and inhibition matchers name alerts and labels that exist.

A matcher on a misspelt label name (`tema="ai"`) is a route or inhibition
that never matches; nothing reports it until the page does not arrive.
"""

from obsgen import routing
from obsgen.checks.alert_routing import alert_labels
from obsgen.checks.base import Check, Finding
from obsgen.model.catalog import TARGET_LABELS


class RouteMatchers(Check):
    id = "route-matchers"
    severity = "error"
    summary = ("Every matcher in Alertmanager routes and inhibit rules names a label alerts can carry (static alert "
               "labels, external labels, or a catalogued series label); route-unused judges their values.")
    example = 'A route with `matchers: [tema="ai"]`, or an inhibit rule with `source_matchers: [serverity="critical"]`.'

    def run(self, ctx):
        art, alerts = ctx.alertmanager_and_alerts()
        if art is None:
            return
        static = {}
        for rule in alerts:
            if not isinstance(rule, dict):
                continue
            for key, value in alert_labels(ctx, rule).items():
                static.setdefault(key, set()).add(value)
        dynamic = set(TARGET_LABELS)
        if ctx.catalog is not None:
            for metric in ctx.catalog:
                dynamic |= set(metric.labels)
        root = art.data.get("route") if isinstance(art.data.get("route"), dict) else {}
        sides = [(path, node, "") for path, node in routing.walk(root)]
        inhibits = art.data.get("inhibit_rules") if isinstance(art.data.get("inhibit_rules"), list) else []
        for index, rule in enumerate(inhibits):
            if not isinstance(rule, dict):
                continue
            for prefix in ("source_", "target_"):
                sides.append((("inhibit_rules", index), rule, prefix))
        for path, node, prefix in sides:
            for label, op, value in routing.matchers_of(node, prefix):
                if op == "invalid":
                    yield Finding(art, path, f"matcher {value!r} does not parse")
                    continue
                if label not in static and label not in dynamic:
                    if ctx.catalog is not None:  # without one, a label may come from any series
                        yield Finding(art, path, f"matcher {label}{op}{value!r} names label {label!r}, which no alert "
                                                 f"carries (alert labels: {', '.join(sorted(static))})")
                    continue
