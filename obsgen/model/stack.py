"""A monitored system: its services, datasources, teams, thresholds and catalog.

Everything a definition needs to know about the system comes from here, so a
job name, a datasource uid or a threshold is written once.
"""

from __future__ import annotations

import re
from typing import Mapping

import attr

from obsgen.model import as_tuple, durations
from obsgen.model.catalog import Catalog
from obsgen.model.logs import LogStream
from obsgen.source import here

_STACK_NAME = re.compile(r"^[a-z][a-z0-9-]{0,39}$")
_JOB_NAME = re.compile(r"^[a-zA-Z0-9_.-]+$")
_UID = re.compile(r"^[a-zA-Z0-9_-]{1,40}$")
_NAME = re.compile(r"^[a-z][a-z0-9_-]*$")
DATASOURCE_TYPES = ("prometheus", "loki", "alertmanager")
# Where a stack's definitions are delivered. `files` is the provisioning layout under
# build/<stack>/; every other target writes below build/<stack>/<target>/ (obsgen/targets/).
TARGETS = ("files", "kubernetes", "mimir", "thanos", "grafana-v2")
_K8S_NAME = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
_LABEL_NAME = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_]*$")


def _mapping(value) -> dict:
    return dict(value or {})


def _labels(inst, attribute, value) -> None:
    """Kubernetes labels: string keys and values (a number would be rejected by the API server)."""
    for key, item in value.items():
        if not isinstance(key, str) or not isinstance(item, str) or not key:
            raise TypeError(f"{attribute.name} must map label names to strings, got {key!r}: {item!r}")


@attr.s(frozen=True, auto_attribs=True)
class Service:
    """One scrape job."""

    job: str = attr.ib(validator=attr.validators.matches_re(_JOB_NAME))
    targets: tuple = attr.ib(converter=as_tuple, validator=attr.validators.min_len(1))
    description: str = ""
    metrics_path: str = "/metrics"
    scrape_interval: str | None = attr.ib(default=None, validator=durations.validate)
    scheme: str = attr.ib(default="http", validator=attr.validators.in_(("http", "https")))
    team: str = ""
    # A job that only runs in some deployments (the seed's Heroku exporter) is
    # scraped but not alerted on for absence.
    optional: bool = False
    # Labels of the Kubernetes Service in front of the job. When set, the kubernetes
    # target writes a ServiceMonitor selecting it (scraping its `port`, a named port)
    # instead of a ScrapeConfig with the static targets.
    selector: Mapping = attr.ib(factory=dict, converter=_mapping, validator=_labels)
    port: str = "metrics"
    defined_at: str = here()


@attr.s(frozen=True, auto_attribs=True)
class Datasource:
    name: str
    type: str = attr.ib(validator=attr.validators.in_(DATASOURCE_TYPES))
    uid: str = attr.ib(validator=attr.validators.matches_re(_UID))
    url: str = attr.ib(validator=attr.validators.min_len(1))
    default: bool = False
    json_data: Mapping = attr.ib(factory=dict, converter=_mapping)
    defined_at: str = here()


@attr.s(frozen=True, auto_attribs=True)
class Team:
    """Who owns alerts. Contact points are referenced by name, never by secret value."""

    name: str = attr.ib(validator=attr.validators.matches_re(_NAME))
    description: str = ""
    slack_channel: str = ""
    email: str = ""
    defined_at: str = here()


def _number(inst, attribute, value) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{attribute.name} must be a number, got {type(value).__name__} {value!r}")


@attr.s(frozen=True, auto_attribs=True)
class Quantity:
    """A number with its Grafana unit id and a sentence saying what it means."""

    value: float = attr.ib(validator=_number)
    unit: str = "short"
    help: str = ""
    defined_at: str = here()

    def __str__(self) -> str:
        return format_number(self.value)


def format_number(value: float) -> str:
    """PromQL literal for a number: no trailing `.0`, no exponent surprises."""
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))


@attr.s(frozen=True, auto_attribs=True)
class PrometheusSettings:
    scrape_interval: str = attr.ib(default="15s", validator=durations.validate)
    evaluation_interval: str = attr.ib(default="15s", validator=durations.validate)
    external_labels: Mapping = attr.ib(factory=dict, converter=_mapping)
    retention: str = attr.ib(default="15d", validator=durations.validate)
    alertmanagers: tuple = attr.ib(default=("alertmanager:9093",), converter=as_tuple)


def _target_names(inst, attribute, value) -> None:
    unknown = [t for t in value if t not in TARGETS]
    if unknown or not value:
        raise ValueError(f"{attribute.name} must name at least one of {', '.join(TARGETS)}, got {list(value)!r}")
    if len(set(value)) != len(value):
        raise ValueError(f"{attribute.name} lists a target twice: {list(value)!r}")


@attr.s(frozen=True, auto_attribs=True)
class KubernetesOptions:
    """How the kubernetes target packages the stack (prometheus-operator, grafana-operator or the sidecar)."""

    namespace: str = attr.ib(default="monitoring", validator=attr.validators.matches_re(_K8S_NAME))
    # "sidecar": ConfigMaps the Grafana sidecar picks up by label; "operator": grafana-operator
    # GrafanaDashboard and GrafanaFolder resources.
    dashboards: str = attr.ib(default="sidecar", validator=attr.validators.in_(("sidecar", "operator")))
    # Labels on every resource, e.g. the `release` label a Prometheus' ruleSelector matches.
    labels: Mapping = attr.ib(factory=dict, converter=_mapping, validator=_labels)
    # grafana-operator: the Grafana instances that import the dashboards (instanceSelector.matchLabels).
    grafana_labels: Mapping = attr.ib(factory=lambda: {"dashboards": "grafana"}, converter=_mapping, validator=_labels)
    # The sidecar's defaults (kube-prometheus-stack, grafana chart): label key with value "1",
    # folder from an annotation.
    sidecar_label: str = "grafana_dashboard"
    folder_annotation: str = "grafana_folder"


@attr.s(frozen=True, auto_attribs=True)
class MimirOptions:
    """How the mimir target lays out ruler namespaces."""

    # "stack": one ruler namespace named after the stack; "team": one per owning team
    # (a group's team is the team of its rules; groups without one stay in the stack's namespace).
    namespace: str = attr.ib(default="stack", validator=attr.validators.in_(("stack", "team")))
    # Tenants a federated ruler queries; written on every group when set.
    source_tenants: tuple = attr.ib(default=(), converter=as_tuple,
                                    validator=attr.validators.deep_iterable(attr.validators.instance_of(str)))


@attr.s(frozen=True, auto_attribs=True)
class ThanosOptions:
    """Thanos Ruler: what a group does when a store answers only partly."""

    partial_response_strategy: str = attr.ib(default="abort", validator=attr.validators.in_(("abort", "warn")))
    # Per rule group name, overriding the default (e.g. "warn" for dashboards-only recordings).
    groups: Mapping = attr.ib(factory=dict, converter=_mapping, validator=attr.validators.deep_mapping(
        attr.validators.instance_of(str), attr.validators.in_(("abort", "warn"))))


@attr.s(frozen=True, auto_attribs=True)
class Stack:
    name: str = attr.ib(validator=attr.validators.matches_re(_STACK_NAME))
    title: str
    catalog: Catalog
    services: tuple = attr.ib(converter=as_tuple)
    datasources: tuple = attr.ib(converter=as_tuple)
    teams: tuple = attr.ib(converter=as_tuple)
    prometheus: PrometheusSettings = attr.ib(factory=PrometheusSettings)
    thresholds: Mapping = attr.ib(factory=dict, converter=_mapping)
    settings: Mapping = attr.ib(factory=dict, converter=_mapping)
    timezone: str = "browser"
    # `{anchor}` is replaced by the alert name in lower case.
    runbook_url: str = ""
    grafana_url: str = "http://localhost:3000"
    # Targets built by default (`obsgen build --target` overrides); see TARGETS.
    targets: tuple = attr.ib(default=("files",), converter=as_tuple, validator=_target_names)
    # Many clusters from one source (kubernetes-mixin's showMultiCluster): the label naming
    # the cluster. Dashboards get a variable for it, every query selects and aggregates by
    # it, alerts keep it. Empty: single cluster, output unchanged.
    cluster_label: str = attr.ib(default="", validator=attr.validators.matches_re(r"^([a-zA-Z_][a-zA-Z0-9_]*)?$"))
    kubernetes: KubernetesOptions = attr.ib(factory=KubernetesOptions)
    mimir: MimirOptions = attr.ib(factory=MimirOptions)
    thanos: ThanosOptions = attr.ib(factory=ThanosOptions)
    # What the log shipper sends to Loki (obsgen.model.logs); LogQL in dashboards is held to it.
    log_streams: tuple = attr.ib(default=(), converter=as_tuple)
    defined_at: str = here()

    def __attrs_post_init__(self) -> None:
        for kind, items, key in (
            ("service job", self.services, "job"),
            ("datasource uid", self.datasources, "uid"),
            ("team", self.teams, "name"),
        ):
            seen: set = set()
            for item in items:
                value = getattr(item, key)
                if value in seen:
                    raise ValueError(f"{kind} {value!r} is defined twice ({item.defined_at})")
                seen.add(value)
        for table in (self.thresholds, self.settings):
            for key, value in table.items():
                if not isinstance(value, Quantity):
                    raise TypeError(f"{key!r} must be a Quantity, got {type(value).__name__} {value!r}")
        for stream in self.log_streams:
            if not isinstance(stream, LogStream):
                raise TypeError(f"log_streams must hold LogStream objects, got {type(stream).__name__} {stream!r}")
        defaults = [d for d in self.datasources if d.default]
        if len(defaults) > 1:
            raise ValueError("more than one datasource is marked default")

    # Lookups raise KeyError naming what exists, so a typo is easy to fix.
    def threshold(self, name: str) -> Quantity:
        return _lookup("threshold", self.thresholds, name)

    def setting(self, name: str) -> Quantity:
        return _lookup("setting", self.settings, name)

    def service(self, job: str) -> Service:
        return _lookup("service", {s.job: s for s in self.services}, job)

    def team(self, name: str) -> Team:
        return _lookup("team", {t.name: t for t in self.teams}, name)

    def datasource(self, type_: str) -> Datasource:
        """The stack's datasource of a type (the default one where there are several)."""
        matches = [d for d in self.datasources if d.type == type_]
        if not matches:
            raise KeyError(f"stack {self.name} has no {type_} datasource")
        return next((d for d in matches if d.default), matches[0])

    @property
    def jobs(self) -> tuple:
        return tuple(s.job for s in self.services)

    def runbook(self, alertname: str) -> str:
        return self.runbook_url.format(anchor=alertname.lower())


def _lookup(kind: str, table: Mapping, name: str):
    try:
        return table[name]
    except KeyError:
        known = ", ".join(sorted(table)) or "none"
        raise KeyError(f"unknown {kind} {name!r} (known: {known})") from None
