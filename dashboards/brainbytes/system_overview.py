"""System Overview: the first screen in an incident. Is anything down, failing or slow, and where next?"""

from dashboards.brainbytes.common import (
    AI_SERVICE, ALERTMANAGER, BACKEND, ERRORS, EXPERIENCE, FOLDER, MOBILE, OVERVIEW, PERFORMANCE, PROMETHEUS, RESOURCES, active_sessions,
    drill,
)
from obsgen.api import blocks, Dashboard, job_selector, prom, Row, stat, timeseries, total
from rules.brainbytes.records import (
    AI_ERROR_RATIO, AI_LATENCY_P95, AI_REQUESTS_RATE, ERRORS_5XX_RATIO, LATENCY_P95, NODE_CPU_UTILISATION,
    NODE_FILESYSTEM_UTILISATION, NODE_MEMORY_UTILISATION, REQUESTS_RATE,
)


def dashboard(stack):
    backend, ai = job_selector(stack.service(BACKEND)), job_selector(stack.service(AI_SERVICE))
    performance = drill(stack, PERFORMANCE, "Application Performance")
    errors = drill(stack, ERRORS, "Error Analysis")
    resources = drill(stack, RESOURCES, "Resource Optimization")
    experience = drill(stack, EXPERIENCE, "User Experience")
    mobile = drill(stack, MOBILE, "Mobile & Connectivity")
    return Dashboard(
        slug=OVERVIEW,
        title="BrainBytes / System Overview",
        description="High-level health of BrainBytes: scrape targets, traffic, errors, latency, AI, alerts and hosts.",
        folder=FOLDER,
        tags=("overview",),
        rows=[
            Row("Service health", [
                blocks.targets_down(width=3, height=4),
                stat("Request rate", "Backend requests per second, all routes. A sudden drop means users cannot reach us.",
                     prom(total(REQUESTS_RATE + backend)), unit="reqps", width=3, height=4, links=[performance]),
                stat("Backend 5xx ratio", "Share of backend requests answered with a 5xx; red from the paging threshold.",
                     prom(ERRORS_5XX_RATIO + backend), unit="percentunit",
                     threshold=stack.threshold("backend_5xx_ratio"), width=3, height=4, links=[errors]),
                stat("Backend p95 latency", "95th percentile backend response time; red from the alert threshold.",
                     prom(LATENCY_P95 + backend), unit="s", threshold=stack.threshold("backend_latency_p95"),
                     width=3, height=4, links=[performance]),
                stat("AI p95 latency", "95th percentile time for the AI service to answer a question.",
                     prom(AI_LATENCY_P95 + ai), unit="s", threshold=stack.threshold("ai_latency_p95"), width=3, height=4,
                     links=[performance]),
                stat("AI error ratio", "Share of AI requests that failed; red from the AI team's alert threshold.",
                     prom(AI_ERROR_RATIO + ai), unit="percentunit", threshold=stack.threshold("ai_error_ratio"),
                     width=3, height=4, links=[errors]),
                stat("Active sessions", "Learning sessions open right now: how many students are affected.",
                     prom(active_sessions(backend)), unit="short", width=3, height=4, links=[experience, mobile]),
                blocks.firing_alerts(width=3, height=4, links=[errors]),
            ]),
            Row("Targets and alerts", [
                blocks.target_health(),
                blocks.firing_alerts_by_severity(),
            ]),
            Row("Traffic, errors and latency", [
                timeseries("Request rate by service", "Requests per second the backend and the AI service handle.",
                           prom(REQUESTS_RATE, "{{job}}"), prom(AI_REQUESTS_RATE, "{{job}}"), unit="reqps", width=8,
                           links=[performance]),
                timeseries("Backend 5xx ratio over time", "Share of backend requests answered with a 5xx, against the paging threshold.",
                           prom(ERRORS_5XX_RATIO + backend, "5xx ratio"), unit="percentunit",
                           threshold=stack.threshold("backend_5xx_ratio"), width=8, links=[errors]),
                timeseries("p95 latency by service", "95th percentile latency of the backend and of the AI service.",
                           prom(LATENCY_P95, "{{job}}"), prom(AI_LATENCY_P95, "{{job}}"), unit="s", width=8,
                           links=[performance]),
            ]),
            Row("Hosts", [
                timeseries("Host CPU utilisation", "Share of CPU time not idle, per host.",
                           prom(NODE_CPU_UTILISATION, "{{instance}}"), unit="percentunit",
                           threshold=stack.threshold("host_cpu_utilisation"), min_value=0, max_value=1, width=8,
                           links=[resources]),
                timeseries("Host memory utilisation", "Share of memory not available to new work, per host.",
                           prom(NODE_MEMORY_UTILISATION, "{{instance}}"), unit="percentunit",
                           threshold=stack.threshold("host_memory_utilisation"), min_value=0, max_value=1, width=8,
                           links=[resources]),
                timeseries("Filesystem utilisation", "Share of each filesystem in use.",
                           prom(NODE_FILESYSTEM_UTILISATION, "{{instance}} {{mountpoint}}"),
                           unit="percentunit", threshold=stack.threshold("host_disk_utilisation"), min_value=0, max_value=1,
                           width=8, links=[resources]),
            ]),
            Row("Monitoring stack", [
                *blocks.prometheus_panels(job_selector(stack.service(PROMETHEUS))),
                *blocks.alertmanager_panels(job_selector(stack.service(ALERTMANAGER))),
            ]),
        ],
    )
