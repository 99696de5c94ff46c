"""Alertmanager routing: routes, receivers, inhibition and time intervals.

Receivers take secrets only by file (`*_file` fields). A literal secret in a
definition is rejected when the object is built, so it can never reach build/.
"""

from __future__ import annotations

import re
from typing import Mapping

import attr

from obsgen.model import durations
from obsgen.source import here

_MATCHER = re.compile(r'^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"?(.*?)"?\s*$')
_RECEIVER_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


def _matchers(value) -> tuple:
    items = tuple(value or ())
    for item in items:
        if not isinstance(item, str) or not _MATCHER.match(item):
            raise ValueError(f"matcher {item!r} is not of the form label=\"value\" (=, !=, =~, !~)")
    return items


def _mapping(value) -> dict:
    return dict(value or {})


def _secret_file(_inst, attribute, value) -> None:
    if value and not value.startswith("/"):
        raise ValueError(f"{attribute.name} must be an absolute path to a mounted secret, got {value!r}")


@attr.s(frozen=True, auto_attribs=True)
class Slack:
    channel: str = attr.ib(validator=attr.validators.matches_re(r"^#[a-z0-9_-]+$"))
    api_url_file: str = attr.ib(validator=[attr.validators.min_len(1), _secret_file])
    title: str = '{{ template "obsgen.slack.title" . }}'
    text: str = '{{ template "obsgen.slack.text" . }}'
    send_resolved: bool = True

    def to_data(self) -> dict:
        return attr.asdict(self)


@attr.s(frozen=True, auto_attribs=True)
class Email:
    to: str = attr.ib(validator=attr.validators.matches_re(r"^[^@\s]+@[^@\s]+$"))
    auth_password_file: str = attr.ib(default="", validator=_secret_file)
    headers: Mapping = attr.ib(factory=dict, converter=_mapping)
    html: str = '{{ template "obsgen.email.html" . }}'
    send_resolved: bool = True

    def to_data(self) -> dict:
        data = attr.asdict(self)
        return {k: v for k, v in data.items() if v not in ("", {})}


_TOKEN_IN_URL = re.compile(r"(token|key|secret|password|sig)=|//[^/@\s]+:[^/@\s]+@", re.I)


def _webhook_url(_inst, _attr, value: str) -> None:
    if not re.match(r"^https?://", value):
        raise ValueError(f"webhook url {value!r} must be http(s)")
    if _TOKEN_IN_URL.search(value):
        raise ValueError("webhook url carries a credential; use credentials_file instead")


@attr.s(frozen=True, auto_attribs=True)
class Webhook:
    url: str = attr.ib(validator=_webhook_url)
    credentials_file: str = attr.ib(default="", validator=_secret_file)
    send_resolved: bool = True
    max_alerts: int = 0

    def to_data(self) -> dict:
        data = {"url": self.url, "send_resolved": self.send_resolved}
        if self.max_alerts:
            data["max_alerts"] = self.max_alerts
        if self.credentials_file:
            data["http_config"] = {"authorization": {"type": "Bearer", "credentials_file": self.credentials_file}}
        return data


@attr.s(frozen=True, auto_attribs=True)
class Receiver:
    name: str = attr.ib(validator=attr.validators.matches_re(_RECEIVER_NAME))
    slack: tuple = attr.ib(default=(), converter=tuple)
    email: tuple = attr.ib(default=(), converter=tuple)
    webhook: tuple = attr.ib(default=(), converter=tuple)
    defined_at: str = here()

    def __attrs_post_init__(self) -> None:
        if not (self.slack or self.email or self.webhook):
            raise ValueError(f"receiver {self.name!r} has no channel; alerts routed to it reach nobody")


@attr.s(frozen=True, auto_attribs=True)
class Route:
    receiver: str
    matchers: tuple = attr.ib(default=(), converter=_matchers)
    group_by: tuple | None = attr.ib(default=None, converter=attr.converters.optional(tuple))
    continue_: bool = False
    group_wait: str | None = attr.ib(default=None, validator=durations.validate)
    group_interval: str | None = attr.ib(default=None, validator=durations.validate)
    repeat_interval: str | None = attr.ib(default=None, validator=durations.validate)
    active_time_intervals: tuple = attr.ib(default=(), converter=tuple)
    mute_time_intervals: tuple = attr.ib(default=(), converter=tuple)
    routes: tuple = attr.ib(default=(), converter=tuple)
    name: str = ""
    defined_at: str = here()


@attr.s(frozen=True, auto_attribs=True)
class Inhibit:
    source_matchers: tuple = attr.ib(converter=_matchers, validator=attr.validators.min_len(1))
    target_matchers: tuple = attr.ib(converter=_matchers, validator=attr.validators.min_len(1))
    # Without `equal` one firing source silences every matching alert everywhere.
    equal: tuple = attr.ib(converter=tuple, validator=attr.validators.min_len(1))
    name: str = ""
    defined_at: str = here()


@attr.s(frozen=True, auto_attribs=True)
class TimeRange:
    """One Alertmanager time interval entry: weekdays plus a daily window in a location."""

    weekdays: tuple = attr.ib(converter=tuple)
    start: str = attr.ib(validator=attr.validators.matches_re(r"^([01]\d|2[0-4]):[0-5]\d$"))
    end: str = attr.ib(validator=attr.validators.matches_re(r"^([01]\d|2[0-4]):[0-5]\d$"))
    location: str = "UTC"

    def to_data(self) -> dict:
        return {
            "weekdays": list(self.weekdays),
            "times": [{"start_time": self.start, "end_time": self.end}],
            "location": self.location,
        }


@attr.s(frozen=True, auto_attribs=True)
class TimeInterval:
    name: str = attr.ib(validator=attr.validators.matches_re(_RECEIVER_NAME))
    ranges: tuple = attr.ib(converter=tuple, validator=attr.validators.min_len(1))
    defined_at: str = here()


@attr.s(frozen=True, auto_attribs=True)
class RouteCase:
    """Routing table row: an alert's labels and the receivers it must reach, in order."""

    labels: Mapping = attr.ib(converter=_mapping)
    receivers: tuple = attr.ib(converter=tuple, validator=attr.validators.min_len(1))
    name: str = ""
    defined_at: str = here()


@attr.s(frozen=True, auto_attribs=True)
class AlertmanagerConfig:
    route: Route
    receivers: tuple = attr.ib(converter=tuple, validator=attr.validators.min_len(1))
    inhibit_rules: tuple = attr.ib(default=(), converter=tuple)
    time_intervals: tuple = attr.ib(default=(), converter=tuple)
    templates: Mapping = attr.ib(factory=dict, converter=_mapping)  # file name -> text
    resolve_timeout: str = attr.ib(default="5m", validator=durations.validate)
    smtp: Mapping = attr.ib(factory=dict, converter=_mapping)
    route_tests: tuple = attr.ib(default=(), converter=tuple)
    defined_at: str = here()
