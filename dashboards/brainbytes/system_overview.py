"""System Overview: the first screen in an incident. Is anything down, failing or slow?"""

from obsgen.grafana.dashboard import Dashboard
from obsgen.grafana.layout import Row
from obsgen.grafana.panels import stat, timeseries
from obsgen.grafana.query import prom
from rules.brainbytes.records import ERRORS_5XX_RATIO, REQUESTS_RATE

FOLDER = "BrainBytes"


def _p95(metric: str, job: str) -> str:
    return (f'histogram_quantile(0.95, sum by (le) (rate({metric}_bucket{{job="{job}"}}[$__rate_interval])))')


def dashboard(stack):
    backend_p95 = _p95("brainbytes_http_request_duration_seconds", "brainbytes-backend")
    ai_p95 = _p95("brainbytes_ai_request_duration_seconds", "brainbytes-ai-service")
    ai_success = ('sum(rate(brainbytes_ai_requests_total{status="success"}[$__rate_interval]))'
                  ' / sum(rate(brainbytes_ai_requests_total[$__rate_interval]))')
    return Dashboard(
        slug="system-overview",
        title="BrainBytes / System Overview",
        description="High-level health of BrainBytes: scrape targets, traffic, errors, latency, AI and hosts.",
        folder=FOLDER,
        tags=("overview",),
        rows=[
            Row("Service health", [
                stat("Targets down", "Scrape targets that failed their last scrape. Anything above 0 is an outage somewhere.",
                     prom("count(up == 0) or vector(0)"), unit="short", width=4, height=4),
                stat("Request rate", "Backend requests per second, all routes.",
                     prom(f"sum({REQUESTS_RATE})"), unit="reqps", width=4, height=4),
                stat("Backend 5xx ratio", "Share of backend requests answered with a 5xx; the line is the paging threshold.",
                     prom(f'{ERRORS_5XX_RATIO}{{job="brainbytes-backend"}}'), unit="percentunit",
                     threshold=stack.threshold("backend_5xx_ratio"), width=4, height=4),
                stat("Backend p95 latency", "95th percentile backend response time.",
                     prom(backend_p95), unit="s", threshold=stack.threshold("backend_latency_p95"), width=4, height=4),
                stat("AI p95 latency", "95th percentile time for the AI service to answer.",
                     prom(ai_p95), unit="s", threshold=stack.threshold("ai_latency_p95"), width=4, height=4),
                stat("Active sessions", "Learning sessions open right now.",
                     prom("sum(brainbytes_sessions_active)"), unit="short", width=4, height=4),
            ]),
            Row("Targets and alerts", [
                timeseries("Scrape target health by job", "1 when every target of the job answered its last scrape, 0 when any failed.",
                           prom("min by (job) (up)", "{{job}}"), unit="bool_on_off", min_value=0, max_value=1),
                timeseries("Firing alerts by severity", "Alerts currently firing, by severity label.",
                           prom('sum by (severity) (ALERTS{alertstate="firing"})', "{{severity}}"), unit="short", stacked=True),
            ]),
            Row("Traffic and errors", [
                timeseries("Backend 5xx ratio", "Share of backend requests answered with a 5xx, against the paging threshold.",
                           prom(f'{ERRORS_5XX_RATIO}{{job="brainbytes-backend"}}', "5xx ratio"), unit="percentunit",
                           threshold=stack.threshold("backend_5xx_ratio")),
                timeseries("AI success rate", "Share of AI requests that returned an answer.",
                           prom(ai_success, "success rate"), unit="percentunit", min_value=0, max_value=1),
            ]),
            Row("Hosts", [
                timeseries("Host CPU utilisation", "Share of CPU time not idle, per host.",
                           prom('1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[$__rate_interval]))', "{{instance}}"),
                           unit="percentunit", threshold=stack.threshold("host_cpu_utilisation"), width=8),
                timeseries("Host memory utilisation", "Share of memory not available to new work, per host.",
                           prom("1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes", "{{instance}}"),
                           unit="percentunit", threshold=stack.threshold("host_memory_utilisation"), width=8),
                timeseries("Disk utilisation", "Share of each filesystem in use.",
                           prom('1 - node_filesystem_avail_bytes{fstype!~"tmpfs|overlay"} / node_filesystem_size_bytes{fstype!~"tmpfs|overlay"}',
                                "{{instance}} {{mountpoint}}"),
                           unit="percentunit", threshold=stack.threshold("host_disk_utilisation"), width=8),
            ]),
        ],
    )
