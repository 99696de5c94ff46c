"""The metric catalog: the contract application teams instrument against.

Queries may only name series the catalog (or a recording rule) produces. A
histogram `x` produces `x_bucket` (with `le`), `x_sum` and `x_count`; a summary
adds `quantile` to `x` itself. Target labels (`job`, `instance`) are on every
scraped series.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator, Mapping

import attr

from obsgen.model import as_tuple
from obsgen.source import here

TYPES = ("counter", "gauge", "histogram", "summary")
TARGET_LABELS = ("job", "instance")
_METRIC_NAME = re.compile(r"^[a-zA-Z_:][a-zA-Z0-9_:]*$")
_LABEL_NAME = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_]*$")
# Base units in names are a house convention: the metric-base-units check, which `obsgen lint` runs too.


def _check_name(_inst, _attr, value: str) -> None:
    if not _METRIC_NAME.match(value):
        raise ValueError(f"metric name {value!r} is not a valid Prometheus metric name")


def _check_labels(inst, _attr, value: tuple) -> None:
    for label in value:
        if not _LABEL_NAME.match(label) or label.startswith("__"):
            raise ValueError(f"metric {inst.name}: {label!r} is not a valid label name")
        if label in ("le", "quantile"):
            raise ValueError(f"metric {inst.name}: {label!r} is added by the metric type; do not list it")
    if len(set(value)) != len(value):
        raise ValueError(f"metric {inst.name}: duplicate label names")


def _examples(value) -> dict:
    """label -> tuple of example values (a single string is one value)."""
    return {k: ((v,) if isinstance(v, str) else tuple(v)) for k, v in dict(value or {}).items()}


def _check_examples(inst, _attr, value: dict) -> None:
    for label, values in value.items():
        if label not in inst.labels:
            raise ValueError(f"metric {inst.name}: example values for {label!r}, which is not one of its labels")
        if not values or not all(isinstance(v, str) and v for v in values):
            raise ValueError(f"metric {inst.name}: examples of {label!r} must be non-empty strings, got {values!r}")


@attr.s(frozen=True, auto_attribs=True)
class Metric:
    """One metric family as an exporter exposes it."""

    name: str = attr.ib(validator=_check_name)
    type: str = attr.ib(validator=attr.validators.in_(TYPES))
    help: str = attr.ib(validator=attr.validators.min_len(1))
    labels: tuple = attr.ib(default=(), converter=as_tuple, validator=_check_labels)
    unit: str = ""
    exporter: str = ""
    # Values a label takes on the real system (e.g. route: /api/orders), for docs and `obsgen smoke`'s
    # synthetic series; labels without examples get placeholders there.
    examples: Mapping = attr.ib(factory=dict, converter=_examples, validator=_check_examples, kw_only=True)
    defined_at: str = here()

    def __attrs_post_init__(self) -> None:
        if self.type == "counter" and not self.name.endswith("_total"):
            raise ValueError(f"counter {self.name!r} must end in _total")
        if self.type != "counter" and self.name.endswith("_total"):
            raise ValueError(f"{self.type} {self.name!r} must not end in _total, which marks counters")
        if self.unit and self.type in ("histogram", "summary", "gauge") and not self.name.endswith(self.unit) \
                and self.unit not in ("ratio", "info"):
            raise ValueError(f"metric {self.name!r} has unit {self.unit!r} but its name does not end with it")

    def series(self) -> dict:
        """Series names this family exposes, each with the label names it carries."""
        labels = set(self.labels) | set(TARGET_LABELS)
        if self.type == "histogram":
            return {
                f"{self.name}_bucket": labels | {"le"},
                f"{self.name}_sum": labels,
                f"{self.name}_count": labels,
            }
        if self.type == "summary":
            return {self.name: labels | {"quantile"}, f"{self.name}_sum": labels, f"{self.name}_count": labels}
        return {self.name: labels}


@attr.s(frozen=True, auto_attribs=True)
class Series:
    """A resolved series name: which family it comes from and what it is."""

    name: str
    metric: Metric
    labels: frozenset

    @property
    def kind(self) -> str:
        """counter for counters and histogram/summary _bucket/_sum/_count; gauge otherwise."""
        if self.metric.type == "counter":
            return "counter"
        if self.metric.type in ("histogram", "summary") and self.name != self.metric.name:
            return "counter"
        return "gauge"


class Catalog:
    """Metric families by name, with lookup by exposed series name."""

    def __init__(self, metrics: Iterable[Metric], log_streams: tuple = (), target_labels: Iterable[str] = ()):
        # Log streams ride along only when read back from catalog.yaml (obsgen lint); a stack declares them itself.
        self.log_streams = tuple(log_streams)
        self.metrics: dict[str, Metric] = {}
        self._series: dict[str, Series] = {}
        # Labels beyond job and instance that every series carries, e.g. a stack's
        # cluster_label, added where many clusters' series meet.
        self.target_labels = tuple(target_labels)
        for metric in metrics:
            if metric.name in self.metrics:
                raise ValueError(f"metric {metric.name!r} is catalogued twice ({metric.defined_at})")
            self.metrics[metric.name] = metric
            for name, labels in metric.series().items():
                self._series[name] = Series(name, metric, frozenset(labels) | frozenset(self.target_labels))

    def with_target_labels(self, labels: Iterable[str]) -> "Catalog":
        return Catalog(self.metrics.values(), self.log_streams, tuple(dict.fromkeys(self.target_labels + tuple(labels))))

    def __iter__(self) -> Iterator[Metric]:
        return iter(self.metrics.values())

    def __len__(self) -> int:
        return len(self.metrics)

    def __contains__(self, name: str) -> bool:
        return name in self.metrics

    def __getitem__(self, name: str) -> Metric:
        return self.metrics[name]

    def series(self, name: str) -> Series | None:
        return self._series.get(name)

    def to_data(self) -> dict:
        extra = {"target_labels": list(self.target_labels)} if self.target_labels else {}
        return {
            **extra,
            "metrics": [
                {
                    "name": m.name,
                    "type": m.type,
                    "help": m.help,
                    "labels": list(m.labels),
                    "unit": m.unit,
                    "exporter": m.exporter,
                    **({"examples": {k: list(v) for k, v in m.examples.items()}} if m.examples else {}),
                }
                for m in sorted(self.metrics.values(), key=lambda m: m.name)
            ]
        }

    @classmethod
    def from_data(cls, data: Mapping) -> "Catalog":
        from obsgen.model import logs

        extra = data.get("target_labels") or []
        if not isinstance(extra, list) or not all(isinstance(label, str) for label in extra):
            raise TypeError("target_labels must be a list of label names")
        return cls(
            (Metric(name=m["name"], type=m["type"], help=m["help"], labels=m.get("labels", ()),
                    unit=m.get("unit", ""), exporter=m.get("exporter", ""), examples=m.get("examples") or {})
             for m in data.get("metrics", ())),
            logs.from_data(data.get("log_streams")),
            extra,
        )


def with_examples(values: Mapping, *metrics: Metric) -> tuple:
    """Give each metric example values for those of its labels `values` names: one table per system."""
    return tuple(attr.evolve(m, examples={**{l: values[l] for l in m.labels if l in values}, **m.examples},
                             defined_at=m.defined_at) for m in metrics)


def family(exporter: str, *metrics: Metric) -> tuple:
    """Tag a group of metrics with the exporter that exposes them."""
    return tuple(attr.evolve(m, exporter=exporter, defined_at=m.defined_at) for m in metrics)
