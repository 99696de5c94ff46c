"""BrainBytes AI: Next.js frontend, Node backend, Node AI service (seed 004).

Everything the dashboards, rules and routing know about BrainBytes is here:
jobs, datasources, teams, thresholds, budgets, and the metric catalog that
application teams instrument against.
"""

from obsgen.api import (
    Catalog,
    catalogs,
    Datasource,
    family,
    Metric,
    PrometheusSettings,
    Quantity,
    Service,
    Stack,
    Team,
    with_examples,
)

# Scrape jobs, named once: dashboards and rules get a job's selector from `stack.service(<name>)`.
BACKEND_JOB = "brainbytes-backend"
AI_JOB = "brainbytes-ai-service"
NODE_JOB = "node-exporter"
CADVISOR_JOB = "cadvisor"
PROMETHEUS_JOB = "prometheus"
ALERTMANAGER_JOB = "alertmanager"

# Dashboard slugs (uids are brainbytes-<slug>): the dashboards are built with them and alerts name
# them (`dashboard=OVERVIEW`); the compiler turns a slug into the uid and the alert's dashboard_url.
OVERVIEW = "system-overview"
PERFORMANCE = "application-performance"
ERRORS = "error-analysis"
RESOURCES = "resource-optimization"
EXPERIENCE = "user-experience"
MOBILE = "mobile-connectivity"

# Label sets, named once so every metric that shares a dimension spells it the same way.
HTTP = ("method", "route", "status_code")
DEVICE = ("device_type",)  # mobile, tablet, desktop
NETWORK = ("network_type",)  # wifi, 4g, 3g, 2g, unknown

BACKEND = family(
    BACKEND_JOB,
    Metric("brainbytes_http_requests_total", "counter", "HTTP requests served by the backend API.", HTTP),
    Metric("brainbytes_http_request_duration_seconds", "histogram", "Backend API request latency.", HTTP, "seconds"),
    Metric("brainbytes_http_response_size_bytes", "histogram",
           "Response body size sent to clients, the data a user pays for on mobile.", DEVICE + NETWORK, "bytes"),
    Metric("brainbytes_db_connections_active", "gauge", "Database connections currently checked out of the pool.", ("pool",)),
    Metric("brainbytes_db_query_duration_seconds", "histogram", "Database query latency.", ("operation", "collection"), "seconds"),
    Metric("brainbytes_auth_events_total", "counter",
           "Authentication events (login, logout, register, token_refresh) by result (success, failure).", ("event", "result")),
    Metric("brainbytes_sessions_active", "gauge", "Learning sessions currently open.", DEVICE),
    Metric("brainbytes_sessions_started_total", "counter", "Learning sessions started.", DEVICE),
    Metric("brainbytes_session_duration_seconds", "histogram", "Length of finished learning sessions.", DEVICE, "seconds"),
    Metric("brainbytes_questions_total", "counter", "Questions students asked.", ("subject",) + DEVICE),
    Metric("brainbytes_connection_drops_total", "counter", "Client connections dropped before the response completed.",
           DEVICE + NETWORK),
    Metric("brainbytes_connection_timeouts_total", "counter", "Client requests that timed out.", DEVICE + NETWORK),
    Metric("brainbytes_network_latency_seconds", "histogram",
           "Round-trip latency measured by the client, by network type.", NETWORK, "seconds"),
)

# The Next.js frontend reports real-user metrics to the backend, which exposes them.
FRONTEND = family(
    "brainbytes-backend (frontend RUM)",
    Metric("brainbytes_frontend_page_views_total", "counter", "Page views in the web app.", ("page",) + DEVICE),
    Metric("brainbytes_frontend_user_actions_total", "counter", "User interactions (clicks, submits) by page and action.",
           ("page", "action")),
    Metric("brainbytes_frontend_errors_total", "counter", "Client-side JavaScript errors by page and error type.",
           ("page", "error_type")),
    Metric("brainbytes_frontend_page_load_duration_seconds", "histogram", "Page load time measured in the browser.",
           ("page",) + DEVICE, "seconds"),
)

AI_SERVICE = family(
    AI_JOB,
    Metric("brainbytes_ai_requests_total", "counter", "Requests to the AI model provider, by outcome (success, error).",
           ("model", "status")),
    Metric("brainbytes_ai_request_duration_seconds", "histogram", "AI request latency, as the student waits for an answer.",
           ("model",), "seconds"),
    Metric("brainbytes_ai_tokens_used_total", "counter", "Tokens consumed, by model and type (prompt, completion).",
           ("model", "type")),
    Metric("brainbytes_ai_errors_total", "counter",
           "Failed AI requests by error type (timeout, rate_limit, provider_error, invalid_response).", ("model", "error_type")),
)

# Example values of BrainBytes' own labels: the metrics doc shows them, and `obsgen smoke` synthesises them.
EXAMPLES = {
    "route": ("/api/questions", "/api/auth/login"),
    "device_type": ("mobile", "desktop"),
    "network_type": ("4g", "wifi"),
    "pool": ("default",),
    "operation": ("find", "insert"),
    "collection": ("questions",),
    "event": ("login", "token_refresh"),
    "subject": ("math", "science"),
    "page": ("/", "/chat"),
    "action": ("click", "submit"),
    "model": ("gpt-4o-mini",),
    "type": ("prompt", "completion"),
    # cAdvisor's view of the compose project's containers, each named like its service's scrape job.
    "name": (BACKEND_JOB, AI_JOB),
    "container_label_com_docker_compose_service": ("backend", "ai-service"),
    "container_label_com_docker_compose_project": ("brainbytes",),
    "image": ("brainbytes/app:1",),
}

CATALOG = Catalog(with_examples(
    EXAMPLES,
    *BACKEND, *FRONTEND, *AI_SERVICE,
    *catalogs.node_exporter.METRICS, *catalogs.cadvisor.METRICS, *catalogs.prometheus.PROMETHEUS,
    *catalogs.prometheus.ALERTMANAGER,
))

# The Filipino evening internet peak, local hours [start, end).
PEAK_START_HOUR, PEAK_END_HOUR = 19, 23

STACK = Stack(
    name="brainbytes",
    title="BrainBytes",
    timezone="Asia/Manila",
    catalog=CATALOG,
    services=(
        Service(PROMETHEUS_JOB, ("localhost:9090",), "Prometheus self-monitoring", team="infrastructure"),
        Service(BACKEND_JOB, ("backend:3000",), "Backend API (Node.js)", team="engineering"),
        Service(AI_JOB, ("ai-service:3002",), "AI service (Node.js)", team="ai"),
        Service(NODE_JOB, ("node-exporter:9100",), "Host metrics", team="infrastructure"),
        Service(CADVISOR_JOB, ("cadvisor:8080",), "Container metrics", team="infrastructure"),
        Service(ALERTMANAGER_JOB, ("alertmanager:9093",), "Alertmanager self-monitoring", team="infrastructure"),
        Service("heroku-exporter", ("heroku-exporter:9595",), "Heroku platform metrics (when deployed)",
                team="infrastructure", optional=True),
    ),
    datasources=(
        Datasource("Prometheus", "prometheus", "brainbytes-prometheus", "http://prometheus:9090", default=True),
        Datasource("Alertmanager", "alertmanager", "brainbytes-alertmanager", "http://alertmanager:9093"),
    ),
    teams=(
        Team("infrastructure", "Hosts, containers and the monitoring stack", "#bb-infrastructure", "infra@brainbytes.ph"),
        Team("product", "Student experience: frontend, sessions, mobile", "#bb-product", "product@brainbytes.ph"),
        Team("engineering", "Backend API and database", "#bb-engineering", "engineering@brainbytes.ph"),
        Team("ai", "AI service, models and token spend", "#bb-ai", "ai@brainbytes.ph"),
    ),
    prometheus=PrometheusSettings(
        scrape_interval="15s",
        evaluation_interval="15s",
        external_labels={"environment": "development", "cluster": "brainbytes-local"},
        retention="15d",
        alertmanagers=("alertmanager:9093",),
    ),
    # Alert thresholds. Panels draw the same values as threshold lines.
    thresholds={
        "backend_5xx_ratio": Quantity(0.05, "percentunit", "Share of backend requests answered with 5xx that pages."),
        "backend_latency_p95": Quantity(1.0, "s", "Backend p95 latency above which students notice."),
        "ai_latency_p95": Quantity(10.0, "s", "AI answer p95 latency above which students give up."),
        "ai_error_ratio": Quantity(0.1, "percentunit", "Share of failed AI requests that needs the AI team."),
        "host_cpu_utilisation": Quantity(0.85, "percentunit", "Host CPU busy share that leaves no headroom."),
        "host_memory_utilisation": Quantity(0.9, "percentunit", "Host memory in use before the OOM killer looms."),
        "host_disk_utilisation": Quantity(0.85, "percentunit", "Filesystem use that needs cleanup."),
        "container_memory_limit_ratio": Quantity(0.9, "percentunit", "Container working set as a share of its memory limit."),
        "container_restarts": Quantity(3, "short", "Container restarts within 15 minutes that mean a crash loop."),
        "db_pool_utilisation": Quantity(0.8, "percentunit", "Share of the DB pool checked out before requests queue."),
        "mobile_drop_ratio": Quantity(0.05, "percentunit", "Mobile connection drops per request served to mobile."),
        "mobile_response_size_p95": Quantity(512_000, "bytes", "p95 response size budget for mobile users on prepaid data."),
        "traffic_drop_ratio": Quantity(0.5, "percentunit", "Traffic below this share of the same hour last week is a drop."),
        "apdex_min": Quantity(0.85, "percentunit", "Apdex below which the experience is poor."),
        # Dashboard-only: no alert pages on these, but the stats turn red from them.
        "auth_failure_rate": Quantity(1, "reqps", "Failed auth events per second beyond mistyped passwords: "
                                      "a broken login or credential stuffing."),
        "frontend_error_rate": Quantity(0.5, "reqps", "Browser JavaScript errors per second that mean a broken release."),
    },
    # Configuration the dashboards and rules compute with.
    settings={
        "db_pool_size": Quantity(20, "short", "Connections in the backend database pool."),
        "ai_price_per_1k_tokens": Quantity(0.002, "currencyUSD", "Blended model price per 1,000 tokens."),
        "ai_daily_budget": Quantity(50, "currencyUSD", "Daily AI token spend budget."),
        "cpu_core_hour_price": Quantity(0.04, "currencyUSD", "Cloud price of one CPU core for one hour."),
        "memory_gib_hour_price": Quantity(0.005, "currencyUSD", "Cloud price of one GiB of memory for one hour."),
        "monthly_resource_budget": Quantity(300, "currencyUSD", "Monthly budget for hosts, containers and AI tokens."),
        "apdex_target": Quantity(0.5, "s", "Apdex T: a page load within T satisfies, within 4T is tolerated."),
        "slo_backend_availability": Quantity(0.995, "percentunit", "Backend requests that must not fail with 5xx."),
        "slo_backend_latency": Quantity(0.99, "percentunit", "Backend requests that must finish within the latency SLO threshold."),
        "slo_backend_latency_threshold": Quantity(1.0, "s", "Latency SLO threshold; a bucket boundary (le) of the histogram."),
        "slo_ai_availability": Quantity(0.99, "percentunit", "AI requests that must succeed."),
        "slo_window_days": Quantity(30, "d", "SLO window for error budgets."),
        "peak_start_hour": Quantity(PEAK_START_HOUR, "short", "Start of the Filipino evening internet peak, hour in Asia/Manila."),
        "peak_end_hour": Quantity(PEAK_END_HOUR, "short", "End of the evening peak (exclusive), hour in Asia/Manila."),
        # A quarter hour into the peak: smoke's last 20 minutes straddle its start, so panels of peak hours
        # and of the hours outside them both have data.
        "smoke_hour": Quantity(PEAK_START_HOUR + 0.25, "short",
                               "Hour in Asia/Manila at which `obsgen smoke`'s synthetic window ends."),
        "mobile_data_budget_per_session": Quantity(5_000_000, "bytes", "Data a mobile session should stay within."),
        "escalation_delay": Quantity(1800, "s", "A critical alert still firing after this escalates to the leads."),
    },
    grafana_url="http://localhost:3003",
    # Every delivery is built and committed, so build/ shows what each target holds and the
    # drift check covers them all (docs/targets/).
    targets=("files", "kubernetes", "mimir", "thanos", "grafana-v2"),
    runbook_url="https://github.com/brainbytes-ai/monitoring/blob/main/docs/runbooks-brainbytes.md#{anchor}",
)
