"""Prometheus alerting and recording rules, and their promtool unit tests.

Tests live on the rule they prove, so an alert and the evidence that it fires
and stays quiet are read together.
"""

from __future__ import annotations

import re
from typing import Mapping

import attr

from obsgen.model import as_tuple, durations
from obsgen.source import here

SEVERITIES = ("critical", "warning", "info")
# A group's name is its rule file's name (prometheus/rules/<name>.yml): no path separators or dots, and
# lowercase so two groups cannot land in one file on a case-insensitive disk. Safety, not style.
_GROUP_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def _mapping(value) -> dict:
    return dict(value or {})


@attr.s(frozen=True, auto_attribs=True)
class Series:
    """An input series in promtool notation, e.g. `up{job="x"}` with `1x10 0x10`."""

    series: str
    values: str


def _series(items) -> tuple:
    return tuple(s if isinstance(s, Series) else Series(*s) for s in items)


@attr.s(frozen=True, auto_attribs=True)
class Fires:
    """At `at`, the alert fires once per entry in `alerts` (series labels plus the description)."""

    at: str = attr.ib(validator=durations.validate)
    series: tuple = attr.ib(converter=_series)
    alerts: tuple = attr.ib(converter=as_tuple, validator=attr.validators.min_len(1))
    name: str = ""
    interval: str = attr.ib(default="1m", validator=durations.validate)
    defined_at: str = here()


@attr.s(frozen=True, auto_attribs=True)
class Quiet:
    """At `at`, the alert is not firing: no alert, not even pending-turned-firing."""

    at: str = attr.ib(validator=durations.validate)
    series: tuple = attr.ib(converter=_series)
    name: str = ""
    interval: str = attr.ib(default="1m", validator=durations.validate)
    defined_at: str = here()


@attr.s(frozen=True, auto_attribs=True)
class Expected:
    """One expected alert: the labels the series contribute and the rendered description."""

    labels: Mapping = attr.ib(converter=_mapping)
    description: str


@attr.s(frozen=True, auto_attribs=True)
class Samples:
    """At `at`, the recorded series has exactly these samples: ((labels, value), ...)."""

    at: str = attr.ib(validator=durations.validate)
    series: tuple = attr.ib(converter=_series)
    samples: tuple = attr.ib(converter=as_tuple)
    name: str = ""
    interval: str = attr.ib(default="1m", validator=durations.validate)
    defined_at: str = here()


@attr.s(frozen=True, auto_attribs=True)
class Runbook:
    """What the on-call engineer reads when the alert arrives; docs/runbooks-<stack>.md is built from it."""

    meaning: str = attr.ib(validator=attr.validators.min_len(1))
    impact: str = attr.ib(validator=attr.validators.min_len(1))
    steps: tuple = attr.ib(converter=as_tuple, validator=attr.validators.min_len(1))


# Names are held to the house naming and size rules by the checks (rule-name-style, rule-names,
# rule-group-size), which read the built files and so hold anyone's rules to the same rules.
_NAME = [attr.validators.instance_of(str), attr.validators.min_len(1)]


def _dashboard_ref(value):
    """A dashboard reference as the compiler resolves it: a slug, or a `Dashboard` (its slug is taken)."""
    slug = getattr(value, "slug", None)
    return slug if isinstance(slug, str) else value


def _dashboard(_inst, _attr, value) -> None:
    if value is not None and (not isinstance(value, str) or not value):
        raise ValueError(f"dashboard {value!r} must be a dashboard's slug (e.g. 'overview') or a Dashboard")


def _summary(_inst, _attr, value: str) -> None:
    if not value or not value[0].isupper() or not value.endswith("."):
        raise ValueError(f"summary {value!r} must be a sentence: capital first, ending with a period")
    if "{{" in value:
        raise ValueError(f"summary {value!r} must be static; put values in the description")


@attr.s(frozen=True, auto_attribs=True)
class Alert:
    """A Prometheus alerting rule with its labels, text, runbook and promtool tests.

    `tests` must hold at least one `Fires` and one `Quiet`, or `untested` must say why not.
    `dashboard` names the dashboard on-call opens, by slug (`dashboard="overview"`) or `Dashboard`
    object; the compiler turns it into the uid `<stack>-<slug>` and the `dashboard_url` annotation.
    """

    name: str = attr.ib(validator=_NAME)
    expr: str = attr.ib(validator=attr.validators.min_len(1))
    severity: str = attr.ib(validator=attr.validators.in_(SEVERITIES))
    team: str = attr.ib(validator=attr.validators.min_len(1))
    service: str = attr.ib(validator=attr.validators.min_len(1))
    summary: str = attr.ib(validator=_summary)
    description: str = attr.ib(validator=attr.validators.min_len(1))
    for_: str | None = attr.ib(default=None, validator=durations.validate)
    dashboard: str | None = attr.ib(default=None, converter=_dashboard_ref, validator=_dashboard)
    labels: Mapping = attr.ib(factory=dict, converter=_mapping)
    annotations: Mapping = attr.ib(factory=dict, converter=_mapping)
    tests: tuple = attr.ib(default=(), converter=as_tuple)
    runbook: Runbook | None = None
    # Why this alert has no firing and quiet test (e.g. "always fires: the Watchdog"); without a
    # reason, an alert lacking either test is a build error.
    untested: str = ""
    defined_at: str = here()

    @property
    def ident(self) -> str:
        return self.name

    def static_labels(self) -> dict:
        return {**self.labels, "severity": self.severity, "team": self.team, "service": self.service}


@attr.s(frozen=True, auto_attribs=True)
class Recording:
    record: str = attr.ib(validator=_NAME)
    expr: str = attr.ib(validator=attr.validators.min_len(1))
    labels: Mapping = attr.ib(factory=dict, converter=_mapping)
    tests: tuple = attr.ib(default=(), converter=as_tuple)
    defined_at: str = here()

    @property
    def ident(self) -> str:
        return self.record


@attr.s(frozen=True, auto_attribs=True)
class RuleGroup:
    name: str = attr.ib(validator=attr.validators.matches_re(_GROUP_NAME))
    rules: tuple = attr.ib(converter=as_tuple, validator=attr.validators.min_len(1))
    interval: str | None = attr.ib(default=None, validator=durations.validate)
    defined_at: str = here()

    @property
    def alerts(self) -> tuple:
        return tuple(r for r in self.rules if isinstance(r, Alert))

    @property
    def recordings(self) -> tuple:
        return tuple(r for r in self.rules if isinstance(r, Recording))
