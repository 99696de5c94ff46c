"""Alertmanager's routing and time intervals, evaluated over the compiled config.

The one routing evaluator: it reads alertmanager.yml as data (what `obsgen build`
writes and Alertmanager loads, or what `obsgen lint` reads from disk), so the
checks, the alerting docs, delivery and the tests all ask the same question of
the same file. amtool proves which receivers a label set reaches but ignores time
intervals; this follows Alertmanager's own rules (dispatch/route.go, timeinterval)
so callers can also ask who is notified at an instant. tests/test_routing.py holds
it to amtool's answers.

It is also the one home of Alertmanager's routing facts: the matcher grammar
(`parse`), the walk over a route tree (`walk`, and `timed_walk` with the timing
each route inherits by `inherited`), the root's default timing, weekday names.
The model validates definitions and the docs describe the tree through them.

Hand-written configs may hold anything: a node that is not a mapping, matchers that
do not parse, a broken regex. Such parts match nothing (amtool reports them); the
evaluator never raises on them.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
import zoneinfo
from typing import Iterable, Mapping

import attr

_MATCHER = re.compile(r'^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$')

# Alertmanager's defaults for the root route (config/config.go); children inherit what they do not set.
ROOT_TIMING = {"group_wait": "30s", "group_interval": "5m", "repeat_interval": "4h"}
# Alertmanager's weekday names, Sunday first as in its time intervals (timeinterval/timeinterval.go).
WEEKDAYS = ("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday")


def minutes(clock: str) -> int:
    """Minutes since midnight of a time interval's `HH:MM` (24:00 is the end of the day)."""
    hours, mins = clock.split(":")
    return int(hours) * 60 + int(mins)


@attr.s(frozen=True, auto_attribs=True)
class Matcher:
    name: str
    op: str
    value: str

    def matches(self, labels: Mapping) -> bool:
        # A missing label has the empty value, as in Alertmanager.
        actual = labels.get(self.name, "")
        if self.op == "=":
            return actual == self.value
        if self.op == "!=":
            return actual != self.value
        if self.op not in ("=~", "!~"):
            return False  # an unparsable matcher ("invalid") matches nothing
        try:
            found = re.fullmatch(self.value, actual) is not None
        except re.error:
            return False  # a hand-written config's broken regex matches nothing; amtool reports it
        return found if self.op == "=~" else not found

    def __str__(self) -> str:
        return f'{self.name}{self.op}"{self.value}"'


@functools.lru_cache(maxsize=4096)  # route trees are walked once per alert; matchers repeat
def parse(text: str) -> Matcher:
    found = _MATCHER.match(text)
    if not found:
        raise ValueError(f"matcher {text!r} is not of the form label=\"value\"")
    name, op, value = found.groups()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    return Matcher(name, op, value)


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


def matches(matcher, labels: Mapping) -> bool:
    """Alertmanager's matching for a (label, op, value) tuple."""
    return Matcher(*matcher).matches(labels)


def _routes(node: dict) -> list:
    routes = node.get("routes")
    return routes if isinstance(routes, list) else []


def _chains(node, path: tuple, chain: tuple):
    """(JSON path, (root, ..., route)) for a route and every route beneath it that is a mapping."""
    if not isinstance(node, dict):
        return  # a hand-written tree may hold anything; amtool reports it
    chain = chain + (node,)
    yield path, chain
    for index, child in enumerate(_routes(node)):
        yield from _chains(child, path + ("routes", index), chain)


def walk(node, path: tuple = ("route",)):
    """(JSON path, route) for the route and every route beneath it that is a mapping."""
    for found, chain in _chains(node, path, ()):
        yield found, chain[-1]


def timed_walk(root):
    """(JSON path, route, timing) for a tree's root and every route beneath it, where timing holds the
    group_wait, group_interval and repeat_interval the route ends up with after inheriting down the tree."""
    for path, chain in _chains(root, ("route",), ()):
        yield path, chain[-1], inherited(chain)


def inherited(chain: tuple) -> dict:
    """The timing a route ends up with: Alertmanager's root defaults, each route down `chain` overriding what it sets."""
    timing = dict(ROOT_TIMING)
    for node in chain:  # root first
        for key in ROOT_TIMING:
            if node.get(key):
                timing[key] = node[key]
    return timing


@attr.s(frozen=True, auto_attribs=True)
class Match:
    """One route an alert ends at, with the settings it inherits down the tree."""

    path: tuple
    receiver: str | None
    group_by: tuple | None
    group_wait: str
    group_interval: str
    repeat_interval: str
    active_time_intervals: tuple
    mute_time_intervals: tuple


def _settled(path: tuple, chain: tuple) -> Match:
    group_by = None
    for node in chain:  # root first: each route overrides what it sets
        if isinstance(node.get("group_by"), list):
            group_by = tuple(str(g) for g in node["group_by"])
    timing = inherited(chain)
    leaf = chain[-1]
    listed = lambda key: tuple(str(v) for v in leaf.get(key) or () if isinstance(leaf.get(key), list))  # noqa: E731
    return Match(path, _receiver(chain), group_by, timing["group_wait"], timing["group_interval"],
                 timing["repeat_interval"], listed("active_time_intervals"), listed("mute_time_intervals"))


class RouteTree:
    """A route tree prepared for routing many alerts.

    Alertmanager tries a node's children in order. A fleet's root has a child per
    team or service, so trying every child for every alert grows with the square
    of the fleet. Here each node's children are indexed by one of their equality
    matchers: an alert is tried only against the children whose indexed matcher
    it satisfies, plus those with no equality matcher, still in order.
    """

    def __init__(self, root: dict):
        self.root = root if isinstance(root, dict) else {}
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

    def ends(self, labels: Mapping) -> list:
        """[(JSON path, (root, ..., route))] of the routes an alert with `labels` ends at, in Alertmanager's order."""
        return self._ends(self.root, labels, ("route",), (self.root,))

    def _ends(self, node: dict, labels: Mapping, path: tuple, chain: tuple) -> list:
        children, indexed, unindexed = self._children(node)
        candidates = list(unindexed)
        for label, by_value in indexed.items():
            candidates.extend(by_value.get(labels.get(label, ""), ()))  # a missing label has the empty value
        found = []
        for index in sorted(candidates):
            child, child_matchers = children[index]
            if all(m.matches(labels) for m in child_matchers):
                found += self._ends(child, labels, path + ("routes", index), chain + (child,))
                if not child.get("continue"):
                    break
        return found or [(path, chain)]

    def route(self, labels: Mapping) -> list:
        """[(JSON path, receiver)] of the routes an alert with `labels` is delivered through."""
        return [(path, _receiver(chain)) for path, chain in self.ends(labels)]

    def match(self, labels: Mapping) -> list:
        """The routes an alert with `labels` ends at, each with its effective settings."""
        return [_settled(path, chain) for path, chain in self.ends(labels)]


def _receiver(chain: tuple):
    return next((node["receiver"] for node in reversed(chain) if node.get("receiver")), None)


def match(config: Mapping, labels: Mapping) -> list:
    """The routes an alert with `labels` ends at in alertmanager.yml's `config`, in Alertmanager's order."""
    return RouteTree(config.get("route") or {}).match(labels)


def receivers(config: Mapping, labels: Mapping) -> list:
    """What `amtool config routes test` prints: receivers in order, time intervals ignored."""
    return [m.receiver for m in match(config, labels)]


# --- time intervals -----------------------------------------------------------------

def _weekday_set(items: Iterable[str]) -> set:
    days: set = set()
    for item in items:
        first, _, last = str(item).partition(":")
        start, end = WEEKDAYS.index(first), WEEKDAYS.index(last or first)
        days.update(WEEKDAYS[start:end + 1])
    return days


def range_contains(rng: Mapping, instant: _dt.datetime) -> bool:
    """Whether an aware instant falls in one compiled time-interval entry (weekdays, times, location)."""
    if instant.tzinfo is None:
        raise ValueError("instant must be timezone-aware")
    local = instant.astimezone(zoneinfo.ZoneInfo(rng.get("location") or "UTC"))
    day = WEEKDAYS[(local.weekday() + 1) % 7]  # Python counts from Monday, Alertmanager from Sunday
    if rng.get("weekdays") and day not in _weekday_set(rng["weekdays"]):
        return False
    times = rng.get("times")
    if not times:
        return True
    minute = local.hour * 60 + local.minute
    # start inclusive, end exclusive
    return any(minutes(t["start_time"]) <= minute < minutes(t["end_time"]) for t in times)


def interval_active(interval: Mapping, instant: _dt.datetime) -> bool:
    """Whether a compiled time interval (`{name, time_intervals: [...]}`) holds at `instant`."""
    return any(range_contains(r, instant) for r in interval.get("time_intervals") or ())


def intervals(config: Mapping) -> dict:
    """Compiled time intervals by name."""
    return {t["name"]: t for t in config.get("time_intervals") or () if isinstance(t, dict) and "name" in t}


def notifies(config: Mapping, m: Match, instant: _dt.datetime) -> bool:
    """Whether a matched route sends at `instant`: inside an active interval (if any), outside every mute interval."""
    by_name = intervals(config)
    active = lambda name: name in by_name and interval_active(by_name[name], instant)  # noqa: E731
    if m.active_time_intervals and not any(active(n) for n in m.active_time_intervals):
        return False
    return not any(active(n) for n in m.mute_time_intervals)


def notified(config: Mapping, labels: Mapping, instant: _dt.datetime) -> list:
    """Receivers that actually send for `labels` at `instant`."""
    return [m.receiver for m in match(config, labels) if notifies(config, m, instant)]
