"""alertmanager.yml, its notification templates, and the routing-table file."""

from __future__ import annotations

from obsgen.artefact import Artefact, Origin
from obsgen.model.alertmanager import AlertmanagerConfig, Route
from obsgen.model.stack import Stack

TEMPLATES_DIR = "templates"


def _route(route: Route, path: tuple, origins: dict) -> dict:
    origins[path] = Origin(f"route {route.name or route.receiver!r}", route.defined_at)
    data = {"receiver": route.receiver}
    if route.matchers:
        data["matchers"] = list(route.matchers)
    if route.group_by is not None:
        data["group_by"] = list(route.group_by)
    if route.continue_:
        data["continue"] = True
    for key in ("group_wait", "group_interval", "repeat_interval"):
        if getattr(route, key):
            data[key] = getattr(route, key)
    if route.active_time_intervals:
        data["active_time_intervals"] = list(route.active_time_intervals)
    if route.mute_time_intervals:
        data["mute_time_intervals"] = list(route.mute_time_intervals)
    if route.routes:
        data["routes"] = [_route(r, path + ("routes", i), origins) for i, r in enumerate(route.routes)]
    return data


def _receiver(receiver) -> dict:
    data = {"name": receiver.name}
    if receiver.slack:
        data["slack_configs"] = [c.to_data() for c in receiver.slack]
    if receiver.email:
        data["email_configs"] = [c.to_data() for c in receiver.email]
    if receiver.webhook:
        data["webhook_configs"] = [c.to_data() for c in receiver.webhook]
    return data


def compile_alertmanager(stack: Stack, config: AlertmanagerConfig) -> list:
    prefix = f"{stack.name}/alertmanager"
    origins = {(): Origin("alertmanager config", config.defined_at)}
    if hasattr(config, "body"):  # obsgen.model.imported: routes compiled here, the rest as written
        body = config.body(_route(config.route, ("route",), origins))
        for index, receiver in enumerate(config.receivers):
            origins[("receivers", index)] = Origin(f"receiver {receiver.name!r}", receiver.defined_at)
        return [Artefact(f"{prefix}/alertmanager.yml", "alertmanager", body, origins, stack.name)]
    global_ = {"resolve_timeout": config.resolve_timeout, **config.smtp}
    body = {
        "global": global_,
        "route": _route(config.route, ("route",), origins),
        "receivers": [_receiver(r) for r in config.receivers],
    }
    for index, receiver in enumerate(config.receivers):
        origins[("receivers", index)] = Origin(f"receiver {receiver.name!r}", receiver.defined_at)
    if config.inhibit_rules:
        body["inhibit_rules"] = [
            {"source_matchers": list(r.source_matchers), "target_matchers": list(r.target_matchers), "equal": list(r.equal)}
            for r in config.inhibit_rules
        ]
        for index, rule in enumerate(config.inhibit_rules):
            origins[("inhibit_rules", index)] = Origin(f"inhibit rule {rule.name or index!r}", rule.defined_at)
    if config.time_intervals:
        body["time_intervals"] = [
            {"name": t.name, "time_intervals": [r.to_data() for r in t.ranges]} for t in config.time_intervals
        ]
        for index, interval in enumerate(config.time_intervals):
            origins[("time_intervals", index)] = Origin(f"time interval {interval.name!r}", interval.defined_at)
    if config.templates:
        body["templates"] = [f"{TEMPLATES_DIR}/*.tmpl"]
    artefacts = [Artefact(f"{prefix}/alertmanager.yml", "alertmanager", body, origins, stack.name)]
    for name, text in sorted(config.templates.items()):
        artefacts.append(Artefact(f"{prefix}/{TEMPLATES_DIR}/{name}", "text", text,
                                  {(): Origin(f"template {name!r}", config.defined_at)}, stack.name))
    if config.route_tests:
        cases = [{"name": c.name or ",".join(f"{k}={v}" for k, v in sorted(c.labels.items())),
                  "labels": dict(c.labels), "receivers": list(c.receivers)} for c in config.route_tests]
        case_origins = {("cases", i): Origin(f"routing case {c.name or i!r}", c.defined_at)
                        for i, c in enumerate(config.route_tests)}
        artefacts.append(Artefact(f"{prefix}/tests/routes.yml", "route-tests", {"cases": cases}, case_origins, stack.name))
    return artefacts
