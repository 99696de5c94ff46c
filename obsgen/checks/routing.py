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
    texts = node.get(f"{prefix}matchers") or []
    for text in texts if isinstance(texts, list) else [texts]:
        parsed = parse_matcher(text)
        out.append(parsed if parsed is not None else ("", "invalid", str(text)))
    for key, op in (("match", "="), ("match_re", "=~")):
        pairs = node.get(f"{prefix}{key}") or {}
        if not isinstance(pairs, dict):
            out.append(("", "invalid", str(pairs)))
            continue
        for label, value in sorted(pairs.items(), key=lambda kv: str(kv[0])):
            out.append((str(label), op, str(value)))
    return out


def matches(matcher, labels: dict) -> bool:
    """Alertmanager's matching (obsgen.routing.Matcher) for a (label, op, value) tuple."""
    return Matcher(*matcher).matches(labels)


class RouteTree:
    """A route tree prepared for routing many alerts.

    Alertmanager tries a node's children in order. A fleet's root has a child per
    team or service, so trying every child for every alert grows with the square
    of the fleet. Here each node's children are indexed by one of their equality
    matchers: an alert is tried only against the children whose indexed matcher
    it satisfies, plus those with no equality matcher, still in order.
    """

    def __init__(self, root: dict):
        self.root = root
        self._prepared: dict = {}  # id(node) -> (children with their Matchers, {label: {value: [index]}}, [index])

    def _children(self, node: dict) -> tuple:
        prepared = self._prepared.get(id(node))
        if prepared is None:
            children, indexed, unindexed = [], {}, []
            for index, child in enumerate(_routes(node)):
                if not isinstance(child, dict):
                    child = {}  # never matches: it has no receiver of its own and Alertmanager refuses the file
                    children.append((child, [Matcher("", "invalid", "")]))
                    unindexed.append(index)
                    continue
                found = matchers_of(child)
                children.append((child, [Matcher(*m) for m in found]))
                key = next(((label, value) for label, op, value in found if op == "="), None)
                if key is None:
                    unindexed.append(index)
                else:
                    indexed.setdefault(key[0], {}).setdefault(key[1], []).append(index)
            prepared = self._prepared[id(node)] = (children, indexed, unindexed)
        return prepared

    def route(self, labels: dict) -> list:
        """[(JSON path, receiver)] of the routes an alert with `labels` is delivered through."""
        return self._route(self.root, labels, ("route",), None)

    def _route(self, node: dict, labels: dict, path: tuple, inherited: str | None) -> list:
        receiver = node.get("receiver") or inherited
        children, indexed, unindexed = self._children(node)
        candidates = list(unindexed)
        for label, by_value in indexed.items():
            candidates.extend(by_value.get(labels.get(label, ""), ()))  # a missing label has the empty value
        found = []
        for index in sorted(candidates):
            child, child_matchers = children[index]
            if all(m.matches(labels) for m in child_matchers):
                found += self._route(child, labels, path + ("routes", index), receiver)
                if not child.get("continue"):
                    break
        return found or [(path, receiver)]


def _routes(node: dict) -> list:
    routes = node.get("routes")
    return routes if isinstance(routes, list) else []


def walk(node: dict, path: tuple = ("route",)):
    """(JSON path, route) for the route and every route beneath it."""
    yield path, node
    for index, child in enumerate(_routes(node)):
        if isinstance(child, dict):
            yield from walk(child, path + ("routes", index))
