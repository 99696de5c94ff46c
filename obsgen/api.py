"""The public API of obsgen: every name a stack, dashboard, rule or alertmanager definition needs.

Definitions import only from this module::

    from obsgen.api import Stack, Service, Team, Dashboard, Row, prom, timeseries, Alert, Fires, Quiet

Everything here is a re-export of the object that does the work, so importing it
from here or from its home module is the same object; only this module is
promised to keep its names. `docs/api.md` is generated from it (docstrings and
signatures), so what is listed there is exactly what is supported.

Modules exported whole (`queries`, `blocks`, `logs`, `slo`, `durations`, `catalogs.*`,
`targets`, `hosts`, `containers`, `http`, `monitoring`) are used through
attribute access, e.g. `queries.rate(...)`, `blocks.red_panels(...)`, `catalogs.node_exporter.CATALOG`.
"""

from __future__ import annotations

import obsgen.catalogs.cadvisor
import obsgen.catalogs.loki
import obsgen.catalogs.node_exporter
import obsgen.catalogs.prometheus
from obsgen import catalogs, queries, slo
from obsgen.compile.grafana import dashboard_uid
from obsgen.grafana import blocks, logs
from obsgen.grafana.blocks import INSTANCE, JOB, dashboard_link, latency_quantiles
from obsgen.grafana.dashboard import Dashboard, Variable
from obsgen.grafana.layout import Row
from obsgen.grafana.panels import ANY, band, bargauge, colour, gauge, heatmap, piechart, stat, steps, table, timeseries
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
from obsgen.model.catalog import Catalog, Metric, family, with_examples
from obsgen.model.logs import LogStream
from obsgen.model.imported import (
    ImportedAlert,
    ImportedAlertmanagerConfig,
    ImportedGroup,
    ImportedMetric,
    ImportedReceiver,
    ImportedRecording,
)
from obsgen.model.rules import SEVERITIES, Alert, Expected, Fires, Quiet, Recording, RuleGroup, Runbook, Samples
from obsgen.model.stack import Datasource, PrometheusSettings, Quantity, Service, Stack, Team, format_number
from obsgen.queries import (
    REAL_FILESYSTEMS,
    apdex,
    bucket_rate,
    budget_remaining,
    burn_rate,
    cpu_busy_seconds,
    disk_fill_prediction,
    disk_utilisation,
    error_budget,
    host_cost_per_hour,
    job_selector,
    local_hour,
    memory_used,
    outside_hours,
    quantile,
    rate,
    ratio,
    selector,
    total,
    within_hours,
)
from obsgen.rules_lib import containers, hosts, http, monitoring, targets
from obsgen.rules_lib.common import render, series
from obsgen.source import helper

# The public names by topic: docs/api.md follows this order.
SECTIONS = (
    ("Stacks", "A stack is the services one team (or several) runs, what they expose, and who owns them.",
     ("Stack", "Service", "Datasource", "Team", "Quantity", "PrometheusSettings", "format_number")),
    ("Metric catalogs", "Every metric a query may read, with its type and labels; exporters' catalogs ship in "
     "`catalogs`.", ("Catalog", "Metric", "family", "with_examples", "catalogs", "LogStream")),
    ("Dashboards", "Dashboards of rows of panels; the uid is `<stack>-<slug>`.",
     ("Dashboard", "Variable", "Row", "prom", "loki", "LOKI_VAR", "dashboard_uid",
      "stat", "timeseries", "table", "heatmap", "gauge", "bargauge", "piechart", "band", "colour", "steps", "ANY")),
    ("Query building blocks", "PromQL shapes that know no stack: pass selectors, labels and thresholds. "
     "Panels and rules build from the same `queries` module.",
     ("queries", "blocks", "logs", "selector", "job_selector", "rate", "total", "ratio", "bucket_rate", "quantile", "JOB", "INSTANCE",
      "dashboard_link", "latency_quantiles", "apdex", "budget_remaining", "burn_rate", "error_budget",
      "disk_utilisation", "REAL_FILESYSTEMS", "cpu_busy_seconds", "disk_fill_prediction", "host_cost_per_hour",
      "memory_used", "local_hour", "outside_hours", "within_hours")),
    ("Rules", "Alerting and recording rules, each carrying the promtool tests that prove it.",
     ("Alert", "Recording", "RuleGroup", "Runbook", "Fires", "Quiet", "Expected", "Samples", "SEVERITIES",
      "render", "series", "targets", "hosts", "containers", "http", "monitoring", "slo")),
    ("Alertmanager", "Routing, receivers, inhibitions and time intervals, with routing tests.",
     ("AlertmanagerConfig", "Route", "Receiver", "Inhibit", "TimeInterval", "TimeRange", "RouteCase",
      "Slack", "Email", "Webhook", "Smtp", "durations")),
    ("Imported definitions", "What `obsgen import` writes (docs/import.md): panels, queries, variables and layouts "
     "in Grafana's own JSON model, and rules and routing kept exactly as written.",
     ("panel", "query", "loki_query", "raw_target", "variable", "row", "Grid", "PROMETHEUS", "LOKI",
      "ImportedAlert", "ImportedRecording", "ImportedGroup", "ImportedAlertmanagerConfig", "ImportedReceiver",
      "ImportedMetric")),
    ("Authoring helpers", "For functions of yours that build definitions for their callers.", ("helper",)),
)

__all__ = [name for _title, _intro, names in SECTIONS for name in names]

# One line for exports whose home module has no docstring for them (docs/api.md shows it).
SUMMARIES = {
    "PROMETHEUS": "The stack's Prometheus datasource variable as a panel or target reference (`${datasource}`).",
    "LOKI": "The stack's Loki datasource variable as a panel or target reference (`${loki}`).",
    "Stack": "One monitored system: its services, catalog, datasources, teams, thresholds and settings.",
    "Datasource": "A Grafana datasource provisioned for the stack (type prometheus, loki or alertmanager).",
    "PrometheusSettings": "The stack's Prometheus: scrape and evaluation intervals, external labels, retention, "
                          "Alertmanagers.",
    "Dashboard": "A Grafana dashboard: slug (uid `<stack>-<slug>`), title, description, folder, variables and rows.",
    "Row": "A titled row of panels; panels wrap at Grafana's 24 columns.",
    "prom": "A Prometheus query target for a panel.",
    "loki": "A Loki (LogQL) query target for a panel.",
    "dashboard_uid": "The uid of a stack's dashboard, `<stack>-<slug>`, for panel links; alerts name a dashboard "
                     "by slug (`dashboard=\"overview\"`) and the build makes the uid and URL.",
    "stat": "A stat panel of one query; a threshold colours the background.",
    "timeseries": "A time-series panel of one or more queries; a threshold is drawn as a line.",
    "table": "A table panel merging one or more instant queries.",
    "gauge": "A gauge panel of one query between min_value and max_value.",
    "ratio": "PromQL for numerator / denominator.",
    "disk_utilisation": "PromQL for the used share of the filesystems fs_sel selects.",
    "Recording": "A recording rule named `level:metric:operations`, with `Samples` tests.",
    "RuleGroup": "A named group of rules, written to one rule file (at most 20 rules).",
    "AlertmanagerConfig": "A stack's Alertmanager: the route tree, receivers, inhibitions, time intervals, "
                          "templates and routing tests.",
    "Route": "A route: receiver, matchers, grouping and timing, and child routes. A root alone is valid routing.",
    "Receiver": "A named receiver with Slack, email and webhook integrations.",
    "Inhibit": "An inhibition: source alerts mute target alerts that agree on the `equal` labels.",
    "TimeInterval": "A named set of time ranges routes can be active or muted in.",
    "Slack": "A Slack integration; the webhook URL is read from a file (a secret), never written in.",
    "Email": "An email integration; any password is read from a file.",
    "Webhook": "A webhook integration; credentials are read from a file.",
    "LOKI_VAR": "The datasource variable Loki panels read through.",
    "JOB": "The `job=~\"$job\"` matcher of the dashboard's job variable.",
    "INSTANCE": "The `instance=~\"$instance\"` matcher of the dashboard's instance variable.",
    "REAL_FILESYSTEMS": "Matchers that leave out pseudo file systems (tmpfs, overlay...).",
    "SEVERITIES": "The severities an alert may carry.",
}
