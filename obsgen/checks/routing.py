"""Alertmanager's routing tree, evaluated the way Alertmanager does.

Not a check: the shared model the routing checks read.
"""

from __future__ import annotations

import re

_MATCHER = re.compile(r'^\s*("(?:[^"\\]|\\.)*"|[^\s=!~]+)\s*(=~|!~|!=|=)\s*(.*?)\s*$')


def parse_matcher(text: str):
    """(label, op, value) from `team="ai"`, `severity=~"critical|warning"`; None if it does not parse."""
    m = _MATCHER.match(str(text))
    if not m:
        return None
    label, op, value = m.groups()
    label = label.strip('"')
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    return label, op, value


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
    label, op, value = matcher
    have = labels.get(label, "")
    if op == "=":
        return have == value
    if op == "!=":
        return have != value
    try:
        hit = re.fullmatch(value, have) is not None
    except re.error:
        return False
    return hit if op == "=~" else not hit


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
