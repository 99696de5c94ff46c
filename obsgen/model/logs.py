"""Log streams: what a stack's log shipper sends to Loki, the way the metric catalog says what is scraped.

A stream is a set of stream labels (Promtail's `service` and `container`,
say) and, where known, the format of its lines (json, logfmt or plain). LogQL
in dashboards may only select labels and values some stream carries, and may
only parse lines with `| json` or `| logfmt` where the stream writes them. A
label such as `level` is a stream label only where the shipper's own pipeline
extracts it; otherwise a query extracts it itself with a parser stage.
"""

from __future__ import annotations

import re
from typing import Iterable, Mapping

import attr

from obsgen.source import here

FORMATS = ("json", "logfmt", "plain", "")  # "" means not known
_LABEL = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_]*$")


def _values(labels) -> dict:
    """label -> tuple of values; a single string is one value."""
    out = {}
    for name, value in dict(labels or {}).items():
        values = (value,) if isinstance(value, str) else tuple(value)
        if not values or not all(isinstance(v, str) and v for v in values):
            raise ValueError(f"stream label {name!r} needs one or more non-empty string values, got {value!r}")
        out[name] = values
    return out


def _check_labels(_inst, _attr, value: Mapping) -> None:
    if not value:
        raise ValueError("a log stream needs at least one stream label (Loki selects streams by label)")
    for name in value:
        if not _LABEL.match(name) or name.startswith("__"):
            raise ValueError(f"{name!r} is not a valid Loki stream label name")


@attr.s(frozen=True, auto_attribs=True)
class LogStream:
    """One kind of stream: its labels (each with the values it takes) and its line format."""

    labels: Mapping = attr.ib(converter=_values, validator=_check_labels)
    format: str = attr.ib(default="", validator=attr.validators.in_(FORMATS))
    help: str = ""
    defined_at: str = here()

    def to_data(self) -> dict:
        data = {"labels": {k: list(v) for k, v in sorted(self.labels.items())}, "format": self.format or "unknown"}
        if self.help:
            data["help"] = self.help
        return data

    @classmethod
    def from_data(cls, data: Mapping) -> "LogStream":
        fmt = data.get("format") or ""
        return cls(labels=data.get("labels") or {}, format="" if fmt == "unknown" else fmt, help=data.get("help", ""),
                   defined_at="")


def label_names(streams: Iterable[LogStream]) -> set:
    return {name for s in streams for name in s.labels}


def label_values(streams: Iterable[LogStream], label: str) -> list:
    return sorted({v for s in streams for v in s.labels.get(label, ())})


def to_data(streams: Iterable[LogStream]) -> list:
    return [s.to_data() for s in streams]


def from_data(data) -> tuple:
    """Streams from catalog.yaml's `log_streams`; ValueError (or TypeError) on malformed entries."""
    if not data:
        return ()
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ValueError("log_streams must be a list of mappings with labels and format")
    return tuple(LogStream.from_data(item) for item in data)
