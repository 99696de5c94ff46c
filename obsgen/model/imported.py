"""Rules brought in from elsewhere (`obsgen import rules`), kept exactly as they were written.

An `Alert` encodes the house conventions: CamelCase name, `severity`/`team`/`service`
labels, a one-sentence summary, a generated `runbook_url`. Third-party rules follow
their own, and Prometheus accepts them, so an imported rule must build back to the
same YAML. These classes are the same rules with only Prometheus' own constraints:

- `ImportedAlert`: an `Alert` whose labels and annotations are emitted exactly as
  given (no added labels, no generated runbook_url), with `keep_firing_for`; it
  takes `Fires`/`Quiet` tests like any alert, and says why it has none yet in
  `untested`;
- `ImportedRecording`: a `Recording` whose name need only be a valid metric name;
- `ImportedGroup`: a `RuleGroup` whose name need only make a file name, and which
  may hold any number of rules.

The house conventions they skip are checks (`rule-names`, `rule-conventions`, ...),
so `obsgen lint` still says where an imported rule falls short of them.
"""

from __future__ import annotations

import re

import attr

from obsgen.model import as_tuple, durations
from obsgen.model.alertmanager import AlertmanagerConfig, Route, check_route_receiver, receiver_names
from obsgen.model.catalog import Metric
from obsgen.model.rules import Alert, Recording, RuleGroup
from obsgen.source import here

_METRIC_NAME = re.compile(r"^[a-zA-Z_:][a-zA-Z0-9_:]*$")
_LABEL_NAME = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_]*$")
UNTESTED = "imported: write a firing and a quiet test"


def _mapping(value) -> dict:
    return dict(value or {})


def _labels(_inst, attribute, value) -> None:
    for key, text in value.items():
        if not isinstance(key, str) or not _LABEL_NAME.match(key):
            raise ValueError(f"{attribute.name} key {key!r} is not a valid label name")
        if not isinstance(text, str):
            raise ValueError(f"{attribute.name} value of {key!r} must be a string, got {type(text).__name__}")


def _duration(inst, attribute, value) -> None:
    if value != "0":  # Prometheus reads a bare 0 as a duration; obsgen's own definitions write 0s
        durations.validate(inst, attribute, value)


@attr.s(frozen=True, auto_attribs=True, kw_only=True)
class ImportedAlert(Alert):
    """An alerting rule kept as written: labels and annotations exactly as given, `keep_firing_for`, tests optional."""

    name: str = attr.ib(validator=attr.validators.min_len(1))
    expr: str = attr.ib(validator=attr.validators.min_len(1))
    severity: str = ""
    team: str = ""
    service: str = ""
    summary: str = ""
    description: str = ""
    labels: dict = attr.ib(factory=dict, converter=_mapping, validator=_labels)
    annotations: dict = attr.ib(factory=dict, converter=_mapping, validator=_labels)
    for_: str | None = attr.ib(default=None, validator=_duration)
    keep_firing_for: str | None = attr.ib(default=None, validator=_duration)
    # Why it has no firing and quiet test yet; empty once `tests` prove it.
    untested: str = ""
    tests: tuple = attr.ib(default=(), converter=as_tuple)
    defined_at: str = here()

    def __attrs_post_init__(self) -> None:
        # The labels it carries decide routing; the house fields mirror them for docs and listings.
        for key in ("severity", "team", "service"):
            if not getattr(self, key) and isinstance(self.labels.get(key), str):
                object.__setattr__(self, key, self.labels[key])
        for key in ("summary", "description"):
            if not getattr(self, key) and isinstance(self.annotations.get(key), str):
                object.__setattr__(self, key, self.annotations[key])

    def static_labels(self) -> dict:
        return dict(self.labels)

    def rendered_annotations(self) -> dict:
        return dict(self.annotations)


def _record_name(_inst, _attr, value: str) -> None:
    if not isinstance(value, str) or not _METRIC_NAME.match(value):
        raise ValueError(f"recording rule name {value!r} is not a valid metric name")


@attr.s(frozen=True, auto_attribs=True, kw_only=True)
class ImportedRecording(Recording):
    """A recording rule whose name need only be a valid metric name."""

    record: str = attr.ib(validator=_record_name)
    expr: str = attr.ib(validator=attr.validators.min_len(1))
    labels: dict = attr.ib(factory=dict, converter=_mapping, validator=_labels)
    tests: tuple = attr.ib(default=(), converter=as_tuple)
    defined_at: str = here()


def _group_name(_inst, _attr, value: str) -> None:
    # The name becomes rules/<name>.yml: it must be one path segment.
    if not isinstance(value, str) or not value or "/" in value or value.startswith(".") or "\0" in value:
        raise ValueError(f"group name {value!r} must be non-empty, not start with '.', and hold no '/'")


@attr.s(frozen=True, auto_attribs=True, kw_only=True)
class ImportedGroup(RuleGroup):
    """A rule group whose name need only make a file name, of any number of rules, with Prometheus' `limit`."""

    name: str = attr.ib(validator=_group_name)
    rules: tuple = attr.ib(converter=as_tuple, validator=attr.validators.min_len(1))
    interval: str | None = attr.ib(default=None, validator=durations.validate)
    limit: int | None = None
    defined_at: str = here()

    def __attrs_post_init__(self) -> None:
        pass  # any number of rules: Prometheus sets no limit, and the import keeps the group as it was


def _metric_name(_inst, _attr, value: str) -> None:
    if not isinstance(value, str) or not _METRIC_NAME.match(value):
        raise ValueError(f"metric name {value!r} is not a valid Prometheus metric name")


@attr.s(frozen=True, auto_attribs=True, kw_only=True)
class ImportedMetric(Metric):
    """A catalogued metric whose name need only be valid: third-party exporters name theirs their way
    (`_milliseconds`, counters without `_total`), and a catalog must still declare what they expose."""

    name: str = attr.ib(validator=_metric_name)
    defined_at: str = here()

    def __attrs_post_init__(self) -> None:
        pass  # no naming rules: the exporter chose the name


# --- Alertmanager ---------------------------------------------------------------------------------

def _no_literal_secret(_inst, attribute, value) -> None:
    from obsgen.secrets import scan_string  # the same scanner that guards build/

    def walk(item, where):
        if isinstance(item, dict):
            for key, inner in item.items():
                walk(inner, f"{where}.{key}")
        elif isinstance(item, list):
            for index, inner in enumerate(item):
                walk(inner, f"{where}[{index}]")
        elif isinstance(item, str) and scan_string(item):
            raise ValueError(f"{where} holds {scan_string(item)}; secrets go in a mounted file via a *_file field")

    walk(value, attribute.name)


@attr.s(frozen=True, auto_attribs=True)
class ImportedReceiver:
    """A receiver with any integrations (`{"pagerduty_configs": [...], ...}`), written as given."""

    name: str = attr.ib(validator=attr.validators.min_len(1))
    configs: dict = attr.ib(factory=dict, converter=_mapping, validator=_no_literal_secret)
    description: str = ""
    defined_at: str = here()
    slack: tuple = ()
    email: tuple = ()
    webhook: tuple = ()

    def to_data(self) -> dict:
        return {"name": self.name, **{k: v for k, v in self.configs.items()}}


@attr.s(frozen=True, auto_attribs=True, kw_only=True)
class ImportedAlertmanagerConfig(AlertmanagerConfig):
    """An Alertmanager config whose routes are `Route`s and everything else is kept as written.

    `global_`, `inhibit_rules`, `time_intervals` and `templates` hold Alertmanager's own
    YAML structures. Only what Alertmanager itself requires is checked here (every route's
    receiver exists, no literal secret); house conventions are checks.
    """

    route: Route
    receivers: tuple = attr.ib(converter=as_tuple, validator=attr.validators.min_len(1))
    global_: dict = attr.ib(factory=dict, converter=_mapping, validator=_no_literal_secret)
    inhibit_rules: tuple = attr.ib(default=(), converter=as_tuple)
    time_intervals: tuple = attr.ib(default=(), converter=as_tuple)
    mute_time_intervals: tuple = attr.ib(default=(), converter=as_tuple)
    templates: tuple = attr.ib(default=(), converter=as_tuple)
    route_tests: tuple = attr.ib(default=(), converter=as_tuple)
    defined_at: str = here()

    def __attrs_post_init__(self) -> None:
        names = receiver_names(self.receivers)
        for _path, node, _timing in self.route.walk():
            check_route_receiver(node, names)

    def body(self, route: dict) -> dict:
        """alertmanager.yml, given the route tree as the compiler writes it."""
        out: dict = {}
        if self.global_:
            out["global"] = dict(self.global_)
        out["route"] = route
        out["receivers"] = [r.to_data() for r in self.receivers]
        for key in ("inhibit_rules", "time_intervals", "mute_time_intervals", "templates"):
            if getattr(self, key):
                out[key] = [dict(i) if isinstance(i, dict) else i for i in getattr(self, key)]
        return out
