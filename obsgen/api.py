"""The public API of obsgen: every name a stack, dashboard, rule or alertmanager definition needs.

Definitions import only from this module::

    from obsgen.api import Stack, Service, Team, Dashboard, Row, prom, timeseries, Alert, Fires, Quiet

Everything here is a re-export of the object that does the work, so importing it
from here or from its home module is the same object; only this module is
promised to keep its names. `docs/api.md` is generated from it (docstrings and
signatures), so what is listed there is exactly what is supported.

Modules exported whole (`blocks`, `logs`, `slo`, `durations`, `catalogs.*`,
`targets`, `hosts`, `containers`, `http`, `monitoring`) are used through
attribute access, e.g. `blocks.rate(...)`, `catalogs.node_exporter.CATALOG`.
"""

from __future__ import annotations

import obsgen.catalogs.cadvisor
import obsgen.catalogs.loki
import obsgen.catalogs.node_exporter
import obsgen.catalogs.prometheus
from obsgen import catalogs, slo
from obsgen.compile.grafana import dashboard_uid
from obsgen.grafana import blocks, logs
from obsgen.grafana.blocks import (
    INSTANCE,
    JOB,
    apdex,
    bucket_rate,
    budget_remaining,
    burn_rate,
    dashboard_link,
    disk_utilisation,
    error_budget,
    latency_quantiles,
    quantile,
    rate,
    ratio,
    selector,
    total,
)
from obsgen.grafana.dashboard import Dashboard, Variable
from obsgen.grafana.layout import Row
from obsgen.grafana.panels import band, bargauge, colour, gauge, heatmap, piechart, stat, steps, table, timeseries
from obsgen.grafana.query import LOKI_VAR, loki, prom
from obsgen.grafana.raw import LOKI, PROMETHEUS, Grid, loki_query, panel, query, raw_target, row, variable
from obsgen.model import durations
from obsgen.model.alertmanager import (
    AlertmanagerConfig,
    Email,
    Inhibit,
    Receiver,
    Route,
    RouteCase,
    Slack,
    Smtp,
    TimeInterval,
    TimeRange,
    Webhook,
)
from obsgen.model.catalog import Catalog, Metric, family
from obsgen.model.imported import (
    ImportedAlert,
    ImportedAlertmanagerConfig,
    ImportedGroup,
    ImportedReceiver,
    ImportedRecording,
)
from obsgen.model.rules import SEVERITIES, Alert, Expected, Fires, Quiet, Recording, RuleGroup, Runbook, Samples
from obsgen.model.stack import Datasource, PrometheusSettings, Quantity, Service, Stack, Team, format_number
from obsgen.rules_lib import containers, hosts, http, monitoring, targets
from obsgen.rules_lib.common import render, series

__all__ = [
    # stack
    "Stack", "Service", "Datasource", "Team", "Quantity", "PrometheusSettings", "format_number",
    # catalogs
    "Catalog", "Metric", "family", "catalogs",
    # dashboards
    "Dashboard", "Variable", "Row", "prom", "loki", "LOKI_VAR", "dashboard_uid",
    "stat", "timeseries", "table", "heatmap", "gauge", "bargauge", "piechart", "band", "colour", "steps",
    "blocks", "logs",
    # Grafana's own JSON model, for imported dashboards (obsgen.grafana.raw)
    "panel", "query", "loki_query", "raw_target", "variable", "row", "Grid", "PROMETHEUS", "LOKI",
    "selector", "rate", "total", "ratio", "bucket_rate", "quantile", "JOB", "INSTANCE", "dashboard_link",
    "latency_quantiles", "apdex", "budget_remaining", "burn_rate", "error_budget", "disk_utilisation",
    # rules
    "Alert", "Recording", "RuleGroup", "Runbook", "Fires", "Quiet", "Expected", "Samples", "SEVERITIES",
    "ImportedAlert", "ImportedRecording", "ImportedGroup",
    "render", "series", "targets", "hosts", "containers", "http", "monitoring", "slo",
    # alertmanager
    "AlertmanagerConfig", "Route", "Receiver", "Inhibit", "TimeInterval", "TimeRange", "RouteCase",
    "Slack", "Email", "Webhook", "Smtp", "durations",
    "ImportedAlertmanagerConfig", "ImportedReceiver",
]
