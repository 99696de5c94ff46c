"""Alertmanager routing: routes, receivers, inhibition and time intervals.

Receivers take secrets only by file (`*_file` fields). A literal secret in a
definition is rejected when the object is built, so it can never reach build/;
the error never repeats the secret.
"""

from __future__ import annotations

import re
import zoneinfo
from typing import Mapping

import attr

from obsgen import routing
from obsgen.model import as_tuple, durations
from obsgen.routing import ROOT_TIMING, WEEKDAYS, minutes  # noqa: F401 - Alertmanager's facts live in routing
from obsgen.secrets import scan_string
from obsgen.source import here

# How receivers, time intervals and Slack channels are named is a house convention, checked by
# alertmanager-name-style and slack-channel-style; the model asks only for what Alertmanager needs.
_name = [attr.validators.instance_of(str), attr.validators.min_len(1)]

def literal_secret(value) -> str | None:
    """What kind of secret `value` looks like, or None: the same shapes the build/ scanner finds."""
    return scan_string(value) if isinstance(value, str) else None


def _no_secret(_inst, attribute, value) -> None:
    kind = literal_secret(value)
    if kind:
        raise ValueError(f"{attribute.name} holds {kind}; secrets go in a mounted file via a *_file field, never in a definition")


def _matchers(value) -> tuple:
    items = tuple(value or ())
    for item in items:
        if not isinstance(item, str):
            raise ValueError(f"matcher {item!r} is not of the form label=\"value\" (=, !=, =~, !~)")
        try:
            routing.parse(item)  # the one matcher grammar, the evaluator's own
        except ValueError:
            raise ValueError(f"matcher {item!r} is not of the form label=\"value\" (=, !=, =~, !~)") from None
    return items


def _mapping(value) -> dict:
    return dict(value or {})


def _secret_file(_inst, attribute, value) -> None:
    if not value:
        return
    if not isinstance(value, str) or not value.startswith("/") or literal_secret(value) or "://" in value:
        # The value may be the secret itself: say what is wrong without repeating it.
        raise ValueError(f"{attribute.name} must be the absolute path of a mounted secret file, "
                         "not the secret itself (the value given is not a path)")


@attr.s(frozen=True, auto_attribs=True)
class Slack:
    channel: str = attr.ib(validator=_name)
    api_url_file: str = attr.ib(validator=[attr.validators.min_len(1), _secret_file])
    title: str = attr.ib(default='{{ template "obsgen.slack.title" . }}', validator=_no_secret)
    text: str = attr.ib(default='{{ template "obsgen.slack.text" . }}', validator=_no_secret)
    send_resolved: bool = True

    def to_data(self) -> dict:
        return attr.asdict(self)


def _headers(_inst, _attribute, value: Mapping) -> None:
    for key, text in value.items():
        if key.lower() in ("authorization", "x-api-key"):
            raise ValueError(f"email header {key!r} carries a credential; use auth_password_file")
        kind = literal_secret(text)
        if kind:
            raise ValueError(f"email header {key!r} holds {kind}; secrets go in a mounted file")


@attr.s(frozen=True, auto_attribs=True)
class Email:
    to: str = attr.ib(validator=attr.validators.matches_re(r"^[^@\s,]+@[^@\s,]+$"))
    auth_password_file: str = attr.ib(default="", validator=_secret_file)
    headers: Mapping = attr.ib(factory=dict, converter=_mapping, validator=_headers)
    html: str = '{{ template "obsgen.email.html" . }}'
    send_resolved: bool = True

    def to_data(self) -> dict:
        data = attr.asdict(self)
        return {k: v for k, v in data.items() if v not in ("", {})}


def _webhook_url(_inst, _attr, value: str) -> None:
    if not isinstance(value, str) or not re.match(r"^https?://", value):
        raise ValueError("webhook url must be http(s)")
    if literal_secret(value):
        # Alertmanager 0.25 has no url_file for webhooks: the URL is public, the token goes in credentials_file.
        raise ValueError(f"webhook url carries {literal_secret(value)}; put the token in credentials_file instead")


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
class Smtp:
    """Global SMTP settings for email receivers; the password only as a file (Alertmanager 0.25+)."""

    smarthost: str = attr.ib(validator=[attr.validators.matches_re(r"^[A-Za-z0-9.-]+:\d+$"), _no_secret])
    from_: str = attr.ib(validator=attr.validators.matches_re(r"^[^@\s]+@[^@\s]+$"))
    auth_username: str = ""
    auth_password_file: str = attr.ib(default="", validator=_secret_file)
    require_tls: bool = True
    hello: str = ""

    def to_data(self) -> dict:
        data = {"smtp_smarthost": self.smarthost, "smtp_from": self.from_, "smtp_require_tls": self.require_tls}
        for key in ("auth_username", "auth_password_file", "hello"):
            if getattr(self, key):
                data[f"smtp_{key}"] = getattr(self, key)
        return data


_SMTP_LITERAL_SECRETS = ("smtp_auth_password", "smtp_auth_secret")


def _smtp(value) -> dict:
    if isinstance(value, Smtp):
        return value.to_data()
    data = dict(value or {})
    for key in _SMTP_LITERAL_SECRETS:
        if key in data:
            raise ValueError(f"{key} is a literal secret; use smtp_auth_password_file (Smtp(auth_password_file=...))")
    for key, text in data.items():
        if not key.startswith("smtp_"):
            raise ValueError(f"smtp setting {key!r} is not an smtp_* global")
        if literal_secret(text):
            raise ValueError(f"{key} holds {literal_secret(text)}; secrets go in a mounted file")
    return data


@attr.s(frozen=True, auto_attribs=True)
class Receiver:
    name: str = attr.ib(validator=_name)
    slack: tuple = attr.ib(default=(), converter=as_tuple)
    email: tuple = attr.ib(default=(), converter=as_tuple)
    webhook: tuple = attr.ib(default=(), converter=as_tuple)
    description: str = ""
    defined_at: str = here()

    def __attrs_post_init__(self) -> None:
        if not (self.slack or self.email or self.webhook):
            raise ValueError(f"receiver {self.name!r} has no channel; alerts routed to it reach nobody")


@attr.s(frozen=True, auto_attribs=True)
class Route:
    receiver: str
    matchers: tuple = attr.ib(default=(), converter=_matchers)
    group_by: tuple | None = attr.ib(default=None, converter=attr.converters.optional(as_tuple))
    continue_: bool = False
    group_wait: str | None = attr.ib(default=None, validator=durations.validate)
    group_interval: str | None = attr.ib(default=None, validator=durations.validate)
    repeat_interval: str | None = attr.ib(default=None, validator=durations.validate)
    active_time_intervals: tuple = attr.ib(default=(), converter=as_tuple)
    mute_time_intervals: tuple = attr.ib(default=(), converter=as_tuple)
    routes: tuple = attr.ib(default=(), converter=as_tuple)
    name: str = ""
    defined_at: str = here()

    @property
    def label(self) -> str:
        return self.name or self.receiver

    def walk(self):
        """(child indices, route, effective timing) for this route and every descendant, depth first.

        For validating definitions before they compile. The tree is walked by routing's one walk,
        so the timing each route inherits is the evaluator's, as it reads the compiled file.
        """
        for path, node, timing in routing.timed_walk(self._timing_tree()):
            yield path[2::2], node["definition"], timing  # ("route", "routes", i, "routes", j) -> (i, j)

    def _timing_tree(self) -> dict:
        """This route as routing's walk reads one: the timing it sets and its children, each carrying its object."""
        data = {key: getattr(self, key) for key in ROOT_TIMING if getattr(self, key)}
        return {**data, "routes": [child._timing_tree() for child in self.routes], "definition": self}


@attr.s(frozen=True, auto_attribs=True)
class Inhibit:
    source_matchers: tuple = attr.ib(converter=_matchers, validator=attr.validators.min_len(1))
    target_matchers: tuple = attr.ib(converter=_matchers, validator=attr.validators.min_len(1))
    # Without `equal` one firing source silences every matching alert everywhere.
    equal: tuple = attr.ib(converter=as_tuple, validator=attr.validators.min_len(1))
    name: str = ""
    defined_at: str = here()


_CLOCK = r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$"


def _weekdays(_inst, _attribute, value: tuple) -> None:
    for item in value:
        parts = item.split(":") if isinstance(item, str) else [item]
        if len(parts) > 2 or any(p not in WEEKDAYS for p in parts):
            raise ValueError(f"weekday {item!r} must be a day name or a range such as 'monday:friday'")
        if len(parts) == 2 and WEEKDAYS.index(parts[0]) > WEEKDAYS.index(parts[1]):
            raise ValueError(f"weekday range {item!r} runs backwards; Alertmanager ranges run sunday..saturday")


def _location(_inst, _attribute, value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"location {value!r} is not an IANA time zone (e.g. Asia/Manila)") from None


@attr.s(frozen=True, auto_attribs=True)
class TimeRange:
    """One Alertmanager time interval entry: weekdays plus a daily window [start, end) in a location."""

    weekdays: tuple = attr.ib(converter=as_tuple, validator=_weekdays)
    start: str = attr.ib(validator=attr.validators.matches_re(_CLOCK))
    end: str = attr.ib(validator=attr.validators.matches_re(_CLOCK))
    location: str = attr.ib(default="UTC", validator=_location)

    def __attrs_post_init__(self) -> None:
        if minutes(self.start) >= minutes(self.end):
            raise ValueError(f"time range {self.start}-{self.end} is empty; end must be after start on the same day")

    def to_data(self) -> dict:
        data = {"times": [{"start_time": self.start, "end_time": self.end}], "location": self.location}
        if self.weekdays:
            data["weekdays"] = list(self.weekdays)
        return data


@attr.s(frozen=True, auto_attribs=True)
class TimeInterval:
    name: str = attr.ib(validator=_name)
    ranges: tuple = attr.ib(converter=as_tuple, validator=attr.validators.min_len(1))
    description: str = ""
    defined_at: str = here()


@attr.s(frozen=True, auto_attribs=True)
class RouteCase:
    """Routing table row: an alert's labels and the receivers it must reach, in order."""

    labels: Mapping = attr.ib(converter=_mapping)
    receivers: tuple = attr.ib(converter=as_tuple, validator=attr.validators.min_len(1))
    name: str = ""
    defined_at: str = here()


def _timing_problems(route: Route) -> list:
    problems = []
    for _path, node, timing in route.walk():
        wait, interval, repeat = (durations.to_ms(timing[k]) for k in ("group_wait", "group_interval", "repeat_interval"))
        if not wait <= interval <= repeat:
            problems.append(f"route {node.label!r} ({node.defined_at}) has group_wait {timing['group_wait']}, "
                            f"group_interval {timing['group_interval']}, repeat_interval {timing['repeat_interval']}; "
                            "they must satisfy group_wait <= group_interval <= repeat_interval")
    return problems


def receiver_names(receivers) -> list:
    """The receivers' names; ValueError if one is defined twice (Alertmanager refuses the config)."""
    names = [r.name for r in receivers]
    for name in names:
        if names.count(name) > 1:
            raise ValueError(f"receiver {name!r} is defined twice")
    return names


def check_route_receiver(node, names: list) -> None:
    """ValueError naming the route's Python line if it sends to a receiver not in `names`."""
    if node.receiver not in names:
        raise ValueError(f"route {node.label!r} ({node.defined_at}) sends to receiver {node.receiver!r}, "
                         f"which is not defined (have: {', '.join(sorted(names))})")


@attr.s(frozen=True, auto_attribs=True)
class AlertmanagerConfig:
    route: Route
    receivers: tuple = attr.ib(converter=as_tuple, validator=attr.validators.min_len(1))
    inhibit_rules: tuple = attr.ib(default=(), converter=as_tuple)
    time_intervals: tuple = attr.ib(default=(), converter=as_tuple)
    templates: Mapping = attr.ib(factory=dict, converter=_mapping)  # file name -> text
    resolve_timeout: str = attr.ib(default="5m", validator=durations.validate)
    smtp: Mapping = attr.ib(factory=dict, converter=_smtp)
    route_tests: tuple = attr.ib(default=(), converter=as_tuple)
    defined_at: str = here()

    def __attrs_post_init__(self) -> None:
        names = receiver_names(self.receivers)
        intervals = {t.name for t in self.time_intervals}
        if len(intervals) != len(self.time_intervals):
            raise ValueError("a time interval name is defined twice")
        if self.route.matchers or self.route.active_time_intervals or self.route.mute_time_intervals:
            raise ValueError("the root route must match everything and cannot be muted")
        for _path, node, _timing in self.route.walk():
            check_route_receiver(node, names)
            for interval in node.active_time_intervals + node.mute_time_intervals:
                if interval not in intervals:
                    raise ValueError(f"route {node.label!r} ({node.defined_at}) names time interval {interval!r}, "
                                     f"which is not defined (have: {', '.join(sorted(intervals)) or 'none'})")
            # Whether children inherit time intervals differs across Alertmanager versions; keep them on leaves.
            if node.routes and (node.active_time_intervals or node.mute_time_intervals):
                raise ValueError(f"route {node.label!r} ({node.defined_at}) has child routes and time intervals; "
                                 "put time intervals on leaf routes only")
        problems = _timing_problems(self.route)
        if problems:
            raise ValueError(problems[0])
        if any(r.email for r in self.receivers) and "smtp_smarthost" not in self.smtp:
            raise ValueError("email receivers need smtp settings (smtp=Smtp(smarthost=..., from_=...))")
        for case in self.route_tests:
            for name in case.receivers:
                if name not in names:
                    raise ValueError(f"routing case {case.name or dict(case.labels)!r} ({case.defined_at}) "
                                     f"expects receiver {name!r}, which is not defined")
