"""Reusable panel blocks: RED, USE, latency, containers, self-monitoring.

Nothing here knows a stack: metric names, selectors and thresholds are
arguments, so every stack's dashboards compose the same blocks. The PromQL
they draw comes from `obsgen.queries`, the module rules build from too:
query shapes live there only, and are not re-exported here.
"""

from __future__ import annotations

from obsgen.grafana.dashboard import Variable
from obsgen.grafana.panels import ANY, stat, table, timeseries
from obsgen.grafana.query import prom
from obsgen.model.stack import Quantity, format_number
from obsgen import queries


# ---------------------------------------------------------------- links

def dashboard_link(uid: str, title: str) -> dict:
    """A panel link to another dashboard, carrying the time range and variables (datasource, job) along."""
    return {"title": title, "type": "link", "url": f"/d/{uid}", "icon": "dashboard", "tooltip": "",
            "tags": [], "asDropdown": False, "targetBlank": False, "includeVars": True, "keepTime": True}


# ---------------------------------------------------------------- variables

def job_variables(jobs, *, up_metric: str = "up") -> tuple:
    """`job` (limited to the dashboard's jobs) and `instance` (of the chosen jobs), both multi-select."""
    allowed = "|".join(sorted(jobs))
    return (
        Variable("job", f'label_values({up_metric}{{job=~"{allowed}"}}, job)', label="Job"),
        Variable("instance", f'label_values({up_metric}{{job=~"$job"}}, instance)', label="Instance"),
    )


JOB = 'job=~"$job"'
INSTANCE = 'instance=~"$instance"'


# ---------------------------------------------------------------- panel blocks

def latency_quantiles(title: str, description: str, buckets: str, *, quantiles=(0.5, 0.9, 0.99), by: tuple = (),
                      threshold: Quantity | None = None, unit: str = "s", **size):
    """One timeseries with a line per quantile (and per `by` group) of a histogram."""
    suffix = " ".join("{{%s}}" % label for label in by)
    targets = [prom(queries.quantile(q, buckets, by), f"p{format_number(q * 100)} {suffix}".strip()) for q in quantiles]
    return timeseries(title, description, *targets, unit=unit, threshold=threshold, **size)


def red_panels(service: str, *, requests: str, errors_ratio: str, buckets: str, by: tuple = (),
               error_threshold: Quantity | None = None, latency_threshold: Quantity | None = None,
               quantiles=(0.5, 0.9, 0.99)) -> list:
    """Rate, errors and duration of one service, each grouped by `by` (e.g. route)."""
    legend = " ".join("{{%s}}" % label for label in by) or service
    return [
        timeseries(f"{service} request rate", f"Requests per second {service} serves{_by_words(by)}.",
                   prom(queries.total(requests, by), legend), unit="reqps"),
        timeseries(f"{service} error ratio", f"Share of {service} requests that failed{_by_words(by)}, against the alert threshold.",
                   prom(errors_ratio, legend), unit="percentunit", threshold=error_threshold, min_value=0),
        latency_quantiles(f"{service} latency", f"How long {service} takes to answer: "
                          + "/".join(f"p{format_number(q * 100)}" for q in quantiles) + f"{_by_words(by)}.",
                          buckets, quantiles=quantiles, by=by, threshold=latency_threshold),
    ]


def _by_words(by: tuple) -> str:
    return f", by {' and '.join(by)}" if by else ""


def host_use_panels(sel: str, *, cpu: str, memory: str, cpu_threshold: Quantity | None = None,
                    memory_threshold: Quantity | None = None, disk_threshold: Quantity | None = None,
                    fs_filter: str = queries.REAL_FILESYSTEMS, width: int | None = None, disk: str | None = None) -> list:
    """node-exporter USE: CPU and memory utilisation (from given expressions), disk use, disk I/O, network.

    `cpu`, `memory` and (optionally) `disk` are utilisation expressions, per instance and per
    filesystem for `disk` (recorded series in practice, the ones the alerts read); without `disk`,
    filesystem use is computed from raw node-exporter metrics under `sel` and `fs_filter`, as is the rest.
    """
    fs = queries.narrow(sel, fs_filter)
    physical = queries.narrow(sel, 'device!="lo"')  # the loopback interface is no network traffic
    size = {"width": width} if width else {}
    return [
        timeseries("Host CPU utilisation", "Share of CPU time not idle, per host. Saturation shows as a flat top.",
                   prom(cpu, "{{instance}}"), unit="percentunit", threshold=cpu_threshold, min_value=0, max_value=1, **size),
        timeseries("Host memory utilisation", "Share of memory not available to new work, per host.",
                   prom(memory, "{{instance}}"), unit="percentunit", threshold=memory_threshold, min_value=0, max_value=1,
                   **size),
        timeseries("Filesystem utilisation", "Share of each filesystem in use.",
                   prom(disk or queries.disk_utilisation(fs), "{{instance}} {{mountpoint}}"), unit="percentunit",
                   threshold=disk_threshold, min_value=0, max_value=1, **size),
        timeseries("Disk I/O", "Bytes read (positive) and written (negative) per second, per disk.",
                   prom(queries.total(queries.rate("node_disk_read_bytes_total", sel), ("instance", "device")), "read {{instance}} {{device}}"),
                   prom("-" + queries.total(queries.rate("node_disk_written_bytes_total", sel), ("instance", "device")),
                        "write {{instance}} {{device}}"), unit="Bps", **size),
        timeseries("Network throughput", "Bytes received (positive) and sent (negative) per second, per interface.",
                   prom(queries.total(queries.rate("node_network_receive_bytes_total", physical), ("instance", "device")),
                        "in {{instance}} {{device}}"),
                   prom("-" + queries.total(queries.rate("node_network_transmit_bytes_total", physical),
                                    ("instance", "device")), "out {{instance}} {{device}}"), unit="Bps", **size),
        timeseries("Network errors", "Receive and transmit errors per second; any sustained value means a bad link.",
                   prom(queries.total(queries.rate("node_network_receive_errs_total", sel), ("instance", "device")), "rx {{instance}} {{device}}"),
                   prom(queries.total(queries.rate("node_network_transmit_errs_total", sel), ("instance", "device")), "tx {{instance}} {{device}}"),
                   unit="short", **size),
    ]


def container_panels(sel: str, *, by: str = "name", memory_threshold: Quantity | None = None,
                     width: int | None = None, disk_io: bool = False) -> list:
    """cAdvisor: CPU and memory per container, each against its limit where one is set (and disk I/O if asked)."""
    running = queries.narrow(sel, f'{by}!=""')
    cpu = queries.total(queries.rate("container_cpu_usage_seconds_total", running), (by,))
    cpu_limit = queries.total(f"container_spec_cpu_quota{running} / container_spec_cpu_period{running}", (by,))
    memory = queries.total(f"container_memory_working_set_bytes{running}", (by,))
    memory_limit = queries.total(f"container_spec_memory_limit_bytes{running} > 0", (by,))
    legend = "{{%s}}" % by
    size = {"width": width} if width else {}
    return [
        timeseries("Container CPU", "CPU cores each container uses; dashed series are the CPU limits where set.",
                   prom(cpu, legend), prom(cpu_limit, f"limit {legend}"), unit="short", min_value=0, **size),
        timeseries("Container CPU throttling", "Seconds per second each container spent throttled by its CPU quota.",
                   prom(queries.total(queries.rate("container_cpu_cfs_throttled_seconds_total", running), (by,)), legend), unit="s", **size),
        timeseries("Container memory", "Working set of each container, the memory the OOM killer judges.",
                   prom(memory, legend), prom(memory_limit, f"limit {legend}"), unit="bytes", min_value=0, **size),
        timeseries("Container memory against limit", "Working set as a share of the memory limit, for containers that have one.",
                   prom(queries.ratio(memory, memory_limit), legend), unit="percentunit", threshold=memory_threshold,
                   min_value=0, max_value=1, **size),
        timeseries("Container network", "Bytes each container receives (positive) and sends (negative) per second.",
                   prom(queries.total(queries.rate("container_network_receive_bytes_total", running), (by,)), f"in {legend}"),
                   prom("-" + queries.total(queries.rate("container_network_transmit_bytes_total", running), (by,)), f"out {legend}"),
                   unit="Bps", **size),
    ] + ([
        timeseries("Container disk I/O", "Bytes each container reads (positive) and writes (negative) per second.",
                   prom(queries.total(queries.rate("container_fs_reads_bytes_total", running), (by,)), f"read {legend}"),
                   prom("-" + queries.total(queries.rate("container_fs_writes_bytes_total", running), (by,)), f"write {legend}"),
                   unit="Bps", **size),
    ] if disk_io else [])


def target_health(title: str = "Scrape target health by job", sel: str = "", **size):
    return timeseries(title, "1 when every target of the job answered its last scrape, 0 when any failed.",
                      prom(queries.aggregate("min", f"up{sel}", ("job",)), "{{job}}"), unit="bool_on_off", min_value=0, max_value=1, **size)


def targets_down(sel: str = "", **size):
    return stat("Targets down", "Scrape targets that failed their last scrape. Anything above 0 is an outage somewhere.",
                prom(f"count(up{sel} == 0) or vector(0)"), unit="short", threshold=ANY, **size)


# Alerts firing now, without heartbeats: the Watchdog (rules_lib.monitoring.watchdog, labelled heartbeat="true")
# always fires by design, so counting it would make a healthy system show one alert and an outage one more.
FIRING = 'ALERTS{alertstate="firing", heartbeat!="true"}'


def firing_alerts(**options):
    """How many alerts fire now, heartbeats aside: red from the first one."""
    return stat("Firing alerts", "Alerts firing now, all severities, the Watchdog heartbeat aside.",
                prom(f"count({FIRING}) or vector(0)"), unit="short", threshold=ANY, **options)


def firing_alerts_by_severity(**size):
    return timeseries("Firing alerts by severity", "Alerts currently firing, by severity label.",
                      prom(queries.total(FIRING, ("severity",)), "{{severity}}"), unit="short", stacked=True, min_value=0, **size)


def firing_alerts_table(**size):
    return table("Firing alerts", "Every alert firing now, with its severity, service and team: what is broken, who owns it.",
                 prom(queries.total(FIRING, ("alertname", "severity", "service", "team")), fmt="table", instant=True),
                 unit="short", **size)


def prometheus_panels(sel: str = "") -> list:
    """Is the monitoring itself healthy? Rule evaluation, notifications, storage."""
    return [
        timeseries("Rule evaluation failures", "Rule evaluations that failed per second, by group; a failing rule cannot alert.",
                   prom(queries.total(queries.rate("prometheus_rule_evaluation_failures_total", sel), ("rule_group",)), "{{rule_group}}"),
                   unit="short"),
        timeseries("Alert notifications failing", "Errors per second sending alerts to Alertmanager, and alerts dropped.",
                   prom(queries.total(queries.rate("prometheus_notifications_errors_total", sel), ("alertmanager",)), "errors {{alertmanager}}"),
                   prom(queries.total(queries.rate("prometheus_notifications_dropped_total", sel)), "dropped"), unit="short"),
        timeseries("Head series", "Active series in Prometheus' head block; a jump means a cardinality explosion.",
                   prom(queries.total(f"prometheus_tsdb_head_series{sel}"), "series"), unit="short"),
    ]


def alertmanager_panels(sel: str = "") -> list:
    return [
        timeseries("Alertmanager notifications failed", "Notifications per second that failed, by integration: pages nobody got.",
                   prom(queries.total(queries.rate("alertmanager_notifications_failed_total", sel), ("integration",)), "{{integration}}"),
                   unit="short"),
    ]
