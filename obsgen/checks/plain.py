"""Walks over hand-written rule files that tolerate any shape: not a check.

`obsgen lint` reads files people wrote; a group that is a list or a rule that
is a string is reported by promtool, and must not stop the checks that read
the rest.
"""

from __future__ import annotations

from typing import Iterator


def rules(ctx) -> Iterator[tuple]:
    """(artefact, JSON path, rule) for every rule that is a mapping, in every rule file."""
    for art in ctx.of_kind("rules"):
        groups = art.data.get("groups") if isinstance(art.data, dict) else None
        for g_index, group in enumerate(groups if isinstance(groups, list) else []):
            members = group.get("rules") if isinstance(group, dict) else None
            for r_index, rule in enumerate(members if isinstance(members, list) else []):
                if isinstance(rule, dict):
                    yield art, ("groups", g_index, "rules", r_index), rule


def alerts(ctx) -> Iterator[tuple]:
    return ((a, p, r) for a, p, r in rules(ctx) if isinstance(r.get("alert"), str))


def parsed(walk) -> Iterator[tuple]:
    """(artefact, JSON path, rule, PromQL tree) for each rule of `walk` (rules() or alerts()) whose expr parses;
    one that does not is promql-syntax's finding, so the checks reading trees skip it."""
    from obsgen import promql

    for art, path, rule in walk:
        expr = rule.get("expr")
        if not isinstance(expr, str):
            continue
        try:
            yield art, path, rule, promql.parse(expr)
        except promql.PromQLError:
            continue


def alert_labels(ctx, rule: dict) -> dict:
    """The labels Alertmanager sees on an alert: external labels, its static labels, alertname."""
    labels = {}
    for config in ctx.of_kind("prometheus"):
        settings = config.data.get("global") if isinstance(config.data, dict) else None
        external = settings.get("external_labels") if isinstance(settings, dict) else None
        if isinstance(external, dict):
            labels.update({str(k): str(v) for k, v in external.items()})
    static = rule.get("labels")
    if isinstance(static, dict):
        labels.update({str(k): str(v) for k, v in static.items()})
    labels["alertname"] = str(rule.get("alert"))
    return labels


def seq(value) -> list:
    """`value` when it is a list, else nothing: `x: true` where a list belongs is promtool's or amtool's to report."""
    return value if isinstance(value, list) else []


def panels(art) -> Iterator[tuple]:
    """(JSON path, panel) for every panel that is a mapping, including those inside collapsed rows."""
    top = art.data.get("panels") if isinstance(art.data, dict) else None
    for index, panel in enumerate(seq(top)):
        if isinstance(panel, dict):
            yield ("panels", index), panel
            for inner, sub in enumerate(seq(panel.get("panels"))):
                if isinstance(sub, dict):
                    yield ("panels", index, "panels", inner), sub


def matchers(node: dict, prefix: str = "") -> list:
    """routing.matchers_of, for nodes whose matcher fields may have any shape (others are skipped)."""
    from obsgen import routing

    safe = {}
    if isinstance(node.get(f"{prefix}matchers"), list):
        safe[f"{prefix}matchers"] = node[f"{prefix}matchers"]
    for key in (f"{prefix}match", f"{prefix}match_re"):
        if isinstance(node.get(key), dict):
            safe[key] = node[key]
    return routing.matchers_of(safe, prefix)


def well_formed(route) -> bool:
    """Every route is a mapping with list `routes`/`matchers` and mapping `match`/`match_re` where present.

    The routing evaluator assumes this shape; amtool reports anything else, and the checks that
    evaluate routes say nothing about a tree they cannot read.
    """
    if not isinstance(route, dict):
        return False
    for key, kind in (("routes", list), ("matchers", list), ("match", dict), ("match_re", dict)):
        if route.get(key) is not None and not isinstance(route[key], kind):
            return False
    if not all(isinstance(m, str) for m in route.get("matchers") or []):
        return False
    return all(well_formed(child) for child in route.get("routes") or [])
