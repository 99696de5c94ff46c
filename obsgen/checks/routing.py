"""Alertmanager's routing tree over plain data, for the routing checks.

Not a check. Lint reads alertmanager.yml from disk, so it walks dicts; the
matching itself is obsgen.routing's, shared with the model-level evaluator.
"""

from __future__ import annotations

from obsgen.routing import Matcher, parse


def parse_matcher(text: str):
    """(label, op, value) from `team="ai"`, `severity=~"critical|warning"`; None if it does not parse."""
    try:
        m = parse(str(text))
    except ValueError:
        return None
    return m.name, m.op, m.value


def matchers_of(node: dict, prefix: str = "") -> list:
    """Every (label, op, value) of a route or inhibit side; `prefix` is '' or 'source_'/'target_'."""
    out = []
    for text in node.get(f"{prefix}matchers") or []:
        parsed = parse_matcher(text)
        out.append(parsed if parsed is not None else ("", "invalid", str(text)))
    for label, value in sorted((node.get(f"{prefix}match") or {}).items()):
        out.append((label, "=", str(value)))
    for label, value in sorted((node.get(f"{prefix}match_re") or {}).items()):
        out.append((label, "=~", str(value)))
    return out


def matches(matcher, labels: dict) -> bool:
    """Alertmanager's matching (obsgen.routing.Matcher) for a (label, op, value) tuple."""
    return Matcher(*matcher).matches(labels)


def route(node: dict, labels: dict, path: tuple = ("route",), inherited: str | None = None) -> list:
    """[(JSON path, receiver)] of the routes an alert with `labels` is delivered through."""
    receiver = node.get("receiver") or inherited
    found = []
    for index, child in enumerate(node.get("routes") or []):
        if all(matches(m, labels) for m in matchers_of(child)):
            found += route(child, labels, path + ("routes", index), receiver)
            if not child.get("continue"):
                break
    return found or [(path, receiver)]


def walk(node: dict, path: tuple = ("route",)):
    """(JSON path, route) for the route and every route beneath it."""
    yield path, node
    for index, child in enumerate(node.get("routes") or []):
        yield from walk(child, path + ("routes", index))
