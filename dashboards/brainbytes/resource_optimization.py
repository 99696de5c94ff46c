"""Resource Optimization: are hosts and containers sized right, and what do they (and AI tokens) cost?"""

from dashboards.brainbytes.common import (
    BACKEND, CADVISOR, FOLDER, NODE, RESOURCES, active_sessions, ai_cost_per_day, ai_cost_per_hour,
)
from obsgen.api import (
    ANY,
    INSTANCE,
    JOB,
    REAL_FILESYSTEMS,
    bargauge,
    blocks,
    cpu_busy_seconds,
    Dashboard,
    disk_fill_prediction,
    host_cost_per_hour,
    job_selector,
    memory_used,
    prom,
    ratio,
    Row,
    selector,
    stat,
    timeseries,
    total,
)
from rules.brainbytes.records import NODE_CPU_UTILISATION, NODE_FILESYSTEM_UTILISATION, NODE_MEMORY_UTILISATION, REQUESTS_RATE

# Average hours in a month (8760 / 12), to turn an hourly cost into a monthly one.
HOURS_PER_MONTH = 730
FILL_LOOKBACK = "6h"  # a disk trend needs hours of history; see queries.disk_fill_prediction
FILL_HORIZON_HOURS = 24


def dashboard(stack):
    raw = selector(JOB, INSTANCE)
    instances = selector(INSTANCE)
    fs = selector(JOB, INSTANCE, REAL_FILESYSTEMS)
    backend = job_selector(stack.service(BACKEND))
    host_cost = host_cost_per_hour(raw, stack.setting("cpu_core_hour_price"), stack.setting("memory_gib_hour_price"))
    monthly = f"({host_cost} + {ai_cost_per_hour(stack)}) * {HOURS_PER_MONTH}"
    fill = disk_fill_prediction(fs, lookback=FILL_LOOKBACK, horizon_hours=FILL_HORIZON_HOURS)
    return Dashboard(
        slug=RESOURCES,
        title="BrainBytes / Resource Optimization",
        description="Host USE (node-exporter), container usage against limits (cAdvisor), efficiency ratios, disk fill "
                    "prediction and cost against budget.",
        folder=FOLDER,
        tags=("resources",),
        variables=blocks.job_variables([NODE, CADVISOR]),
        rows=[
            Row("Cost and budget", [
                stat("Host cost per hour", "What the hosts' provisioned cores and memory cost per hour at the configured prices.",
                     prom(host_cost), unit="currencyUSD", width=6, height=5),
                stat("AI cost per day (projected)", "Today's token rate over a whole day; red from the daily AI budget.",
                     prom(ai_cost_per_day(stack)), unit="currencyUSD", threshold=stack.setting("ai_daily_budget"),
                     width=6, height=5),
                stat("Monthly cost (projected)", "Hosts plus AI tokens at the current rate over a month; red from the monthly "
                     "resource budget.", prom(monthly), unit="currencyUSD",
                     threshold=stack.setting("monthly_resource_budget"), width=6, height=5),
                stat("Filesystems filling within a day", f"Filesystems whose free space, extrapolated from the last "
                     f"{FILL_LOOKBACK}, reaches zero within {FILL_HORIZON_HOURS}h.",
                     prom(f"count({fill} < 0) or vector(0)"), unit="short", threshold=ANY, width=6, height=5),
                timeseries("Cost per hour", "Hourly cost of hosts and of AI tokens, stacked: where the money goes.",
                           prom(host_cost, "hosts"), prom(ai_cost_per_hour(stack), "AI tokens"), unit="currencyUSD",
                           stacked=True, width=12),
                timeseries("Monthly cost against budget", "Projected monthly cost at the current rate; the line is the monthly budget.",
                           prom(monthly, "projected month"), unit="currencyUSD",
                           threshold=stack.setting("monthly_resource_budget"), min_value=0, width=12),
            ]),
            Row("Hosts (utilisation, saturation, errors)", blocks.host_use_panels(
                raw, cpu=NODE_CPU_UTILISATION + instances, memory=NODE_MEMORY_UTILISATION + instances,
                disk=NODE_FILESYSTEM_UTILISATION + instances,
                cpu_threshold=stack.threshold("host_cpu_utilisation"),
                memory_threshold=stack.threshold("host_memory_utilisation"),
                disk_threshold=stack.threshold("host_disk_utilisation"), width=8)),
            Row("Disk fill prediction", [
                timeseries(f"Free space in {FILL_HORIZON_HOURS}h", f"Free bytes each filesystem will have in {FILL_HORIZON_HOURS}h "
                           f"if the last {FILL_LOOKBACK} trend holds; below zero it fills up first.",
                           prom(fill, "{{instance}} {{mountpoint}}"), unit="bytes", width=16),
                bargauge("Filesystem utilisation now", "Share of each filesystem in use now; red from the cleanup threshold.",
                         prom(NODE_FILESYSTEM_UTILISATION + instances, "{{instance}} {{mountpoint}}", instant=True),
                         unit="percentunit", threshold=stack.threshold("host_disk_utilisation"), max_value=1, width=8),
            ]),
            Row("Containers against limits", blocks.container_panels(
                raw, memory_threshold=stack.threshold("container_memory_limit_ratio"), width=8)),
            Row("Efficiency", [
                timeseries("Requests per CPU-second", "Backend requests served per second of busy host CPU: "
                           "falling means each request got more expensive.",
                           prom(ratio(total(REQUESTS_RATE + backend), cpu_busy_seconds(raw)), "requests / CPU-second"),
                           unit="short"),
                timeseries("Memory per active session", "Host memory in use divided by open learning sessions: what one "
                           "more student costs in memory.",
                           prom(ratio(total(memory_used(raw)), active_sessions(backend)), "bytes / session"), unit="bytes"),
            ]),
        ],
    )
