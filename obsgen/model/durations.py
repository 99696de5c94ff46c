"""Prometheus durations, validated where they are written."""

from __future__ import annotations

import re

_UNITS_MS = {"ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000, "w": 604_800_000, "y": 31_536_000_000}
_DURATION = re.compile(r"^(?:(\d+)(ms|s|m|h|d|w|y))+$")
_PART = re.compile(r"(\d+)(ms|s|m|h|d|w|y)")


def to_ms(text: str) -> int:
    """Milliseconds in a Prometheus duration such as `1h30m`; ValueError if it is not one."""
    if not isinstance(text, str) or not _DURATION.match(text):
        raise ValueError(f"{text!r} is not a Prometheus duration (e.g. 30s, 5m, 1h30m)")
    return sum(int(n) * _UNITS_MS[u] for n, u in _PART.findall(text))


def validate(_inst, attribute, value) -> None:
    """attrs validator: a duration string, or None where the field is optional."""
    if value is None:
        return
    try:
        to_ms(value)
    except ValueError as exc:
        raise ValueError(f"{attribute.name}: {exc}") from None


def from_seconds(seconds: float) -> str:
    """The shortest Prometheus duration for a whole number of seconds, e.g. 1800 -> `30m`, 5400 -> `1h30m`."""
    if isinstance(seconds, bool) or float(seconds) != int(seconds) or seconds <= 0:
        raise ValueError(f"{seconds!r} is not a positive whole number of seconds")
    rest, out = int(seconds), ""
    for unit, size in (("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)):
        count, rest = divmod(rest, size)
        if count:
            out += f"{count}{unit}"
    return out
