"""Alertmanager's routing and time intervals, evaluated in Python.

amtool proves which receivers a label set reaches, but ignores time intervals
and says nothing about routes that can never be reached. This module follows
Alertmanager's own rules (dispatch/route.go, timeinterval) so tests and docs
can ask: who is notified for these labels at this instant, which routes are
shadowed, which receivers are never used.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
import zoneinfo
from typing import Iterable, Mapping

import attr

from obsgen.model.alertmanager import WEEKDAYS, AlertmanagerConfig, Route, TimeInterval, TimeRange, minutes

_MATCHER = re.compile(r'^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$')


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
        try:
            found = re.fullmatch(self.value, actual) is not None
        except re.error:
            return False  # a hand-written config's broken regex matches nothing; amtool reports it
        return found if self.op == "=~" else not found

    def implies(self, other: "Matcher") -> bool:
        """True when every label value this matcher accepts is accepted by `other` (same label)."""
        if self.name != other.name:
            return False
        if self == other:
            return True
        if self.op == "=":
            return other.matches({self.name: self.value})
        return False

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


def matchers(route: Route) -> tuple:
    return tuple(parse(m) for m in route.matchers)


def _accepts_everything(m: Matcher) -> bool:
    return m.op == "=~" and m.value in (".*", "(.*)")


def covers(earlier: Iterable[Matcher], later: Iterable[Matcher]) -> bool:
    """Every alert matching all of `later` also matches all of `earlier` (conservative: False if unsure)."""
    later = tuple(later)
    return all(_accepts_everything(e) or any(l.implies(e) for l in later) for e in earlier)


@attr.s(frozen=True, auto_attribs=True)
class Match:
    """One route an alert ends at, with its effective settings."""

    path: tuple
    route: Route
    receiver: str
    group_by: tuple
    group_wait: str
    group_interval: str
    repeat_interval: str
    active_time_intervals: tuple
    mute_time_intervals: tuple


def _match(route: Route, labels: Mapping, path: tuple, inherited: dict) -> list:
    if not all(m.matches(labels) for m in matchers(route)):
        return []
    settings = dict(inherited)
    for key in ("group_wait", "group_interval", "repeat_interval"):
        if getattr(route, key):
            settings[key] = getattr(route, key)
    if route.group_by is not None:
        settings["group_by"] = tuple(route.group_by)
    found: list = []
    for index, child in enumerate(route.routes):
        matched = _match(child, labels, path + (index,), settings)
        found.extend(matched)
        if matched and not child.continue_:
            break
    if not found:
        found.append(Match(path, route, route.receiver, settings["group_by"], settings["group_wait"],
                           settings["group_interval"], settings["repeat_interval"],
                           tuple(route.active_time_intervals), tuple(route.mute_time_intervals)))
    return found


def match(config: AlertmanagerConfig, labels: Mapping) -> list:
    """The routes an alert with `labels` ends at, in Alertmanager's order."""
    root = {"group_by": (), "group_wait": "30s", "group_interval": "5m", "repeat_interval": "4h"}
    return _match(config.route, labels, (), root)


def receivers(config: AlertmanagerConfig, labels: Mapping) -> list:
    """What `amtool config routes test` prints: receivers in order, time intervals ignored."""
    return [m.receiver for m in match(config, labels)]


# --- time intervals -----------------------------------------------------------------

def _weekday_set(items: Iterable[str]) -> set:
    days: set = set()
    for item in items:
        first, _, last = item.partition(":")
        start, end = WEEKDAYS.index(first), WEEKDAYS.index(last or first)
        days.update(WEEKDAYS[start:end + 1])
    return days


def range_contains(rng: TimeRange, instant: _dt.datetime) -> bool:
    """Whether an aware instant falls in the range, judged in the range's own location."""
    if instant.tzinfo is None:
        raise ValueError("instant must be timezone-aware")
    local = instant.astimezone(zoneinfo.ZoneInfo(rng.location))
    day = WEEKDAYS[(local.weekday() + 1) % 7]  # Python counts from Monday, Alertmanager from Sunday
    if rng.weekdays and day not in _weekday_set(rng.weekdays):
        return False
    minute = local.hour * 60 + local.minute
    return minutes(rng.start) <= minute < minutes(rng.end)  # start inclusive, end exclusive


def interval_active(interval: TimeInterval, instant: _dt.datetime) -> bool:
    return any(range_contains(r, instant) for r in interval.ranges)


def notifies(config: AlertmanagerConfig, m: Match, instant: _dt.datetime) -> bool:
    """Whether a matched route sends at `instant`: inside an active interval (if any), outside every mute interval."""
    by_name = {t.name: t for t in config.time_intervals}
    if m.active_time_intervals and not any(interval_active(by_name[n], instant) for n in m.active_time_intervals):
        return False
    return not any(interval_active(by_name[n], instant) for n in m.mute_time_intervals)


def notified(config: AlertmanagerConfig, labels: Mapping, instant: _dt.datetime) -> list:
    """Receivers that actually send for `labels` at `instant`."""
    return [m.receiver for m in match(config, labels) if notifies(config, m, instant)]


# --- static analysis ----------------------------------------------------------------

@attr.s(frozen=True, auto_attribs=True)
class Shadow:
    route: Route
    by: Route

    def message(self) -> str:
        return (f"route {self.route.label!r} ({self.route.defined_at}) can never match: the earlier sibling "
                f"{self.by.label!r} ({self.by.defined_at}) catches all its alerts and does not continue")


def shadowed(route: Route) -> list:
    """Routes that an earlier sibling without `continue` always catches first."""
    found = []
    for index, later in enumerate(route.routes):
        for earlier in route.routes[:index]:
            if not earlier.continue_ and covers(matchers(earlier), matchers(later)):
                found.append(Shadow(later, earlier))
                break
    for child in route.routes:
        found.extend(shadowed(child))
    return found


def used_receivers(config: AlertmanagerConfig) -> set:
    return {node.receiver for _path, node, _timing in config.route.walk()}


def unused_receivers(config: AlertmanagerConfig) -> list:
    used = used_receivers(config)
    return [r.name for r in config.receivers if r.name not in used]
