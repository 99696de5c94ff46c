"""Copilotos Bridge: FastAPI API with a custom registry, Loki logs, cAdvisor (seed 000).

Everything the dashboards, rules and routing know about Copilotos is here:
jobs, datasources, teams, thresholds, and the metric catalog the API
instruments against.
"""

from obsgen.api import (
    Catalog,
    catalogs,
    Datasource,
    family,
    LogStream,
    Metric,
    PrometheusSettings,
    Quantity,
    Service,
    Stack,
    Team,
    with_examples,
)

# Scrape jobs and dashboard slugs (uids are copilotos-<slug>), named once: dashboards and rules import
# them from here, and alerts name a dashboard by its slug; the compiler makes the uid and URL.
API_JOB = "copilotos-api"
CADVISOR_JOB = "cadvisor"
PROMETHEUS_JOB = "prometheus"
LOKI_JOB = "loki"
API_OVERVIEW = "api-overview"
BUSINESS = "business"
CONTAINERS = "containers"
LOGS = "logs"
MONITORING = "monitoring"

# Label sets, named once. The seed's telemetry calls REQUEST_COUNT.labels(method, endpoint, status).
HTTP = ("method", "endpoint")
STATUS = ("status",)  # the HTTP status code, "200", "503", ...

# The API's custom registry: 24 metric families (seed: "24 metric families, histograms, counters, gauges").
API = family(
    API_JOB,
    # HTTP: requests, latency, errors
    Metric("copilotos_requests_total", "counter", "HTTP requests handled, by method, endpoint and status code.", HTTP + STATUS),
    Metric("copilotos_request_duration_seconds", "histogram", "HTTP request latency.", HTTP, "seconds"),
    Metric("copilotos_requests_in_progress", "gauge", "HTTP requests being handled right now.", HTTP),
    Metric("copilotos_errors_total", "counter", "Requests that raised an error, by endpoint and error type.",
           ("endpoint", "error_type")),
    Metric("copilotos_request_size_bytes", "histogram", "HTTP request body size.", ("endpoint",), "bytes"),
    Metric("copilotos_response_size_bytes", "histogram", "HTTP response body size.", ("endpoint",), "bytes"),
    # Research
    Metric("copilotos_research_sessions_total", "counter", "Research sessions started, by mode (quick, deep).", ("mode",)),
    Metric("copilotos_research_sessions_active", "gauge", "Research sessions running now.", ("mode",)),
    Metric("copilotos_research_duration_seconds", "histogram", "Time to finish a research session.", ("mode",), "seconds"),
    Metric("copilotos_research_sources_total", "counter", "Sources consulted during research, by source type.",
           ("source_type",)),
    Metric("copilotos_research_failures_total", "counter", "Research sessions that failed, by mode and reason.",
           ("mode", "reason")),
    # Intent
    Metric("copilotos_intent_classifications_total", "counter", "Messages classified, by detected intent.", ("intent",)),
    Metric("copilotos_intent_classification_duration_seconds", "histogram", "Intent classification latency.", (), "seconds"),
    Metric("copilotos_intent_confidence_ratio", "histogram", "Classifier confidence for the chosen intent (0 to 1).",
           ("intent",), "ratio"),
    # Tools
    Metric("copilotos_tool_invocations_total", "counter", "Tool invocations, by tool and outcome (success, error).",
           ("tool", "status")),
    Metric("copilotos_tool_duration_seconds", "histogram", "Tool invocation latency.", ("tool",), "seconds"),
    Metric("copilotos_tool_failures_total", "counter", "Failed tool invocations, by tool and error type.", ("tool", "error_type")),
    # Conversations and models
    Metric("copilotos_chat_messages_total", "counter", "Chat messages, by role (user, assistant).", ("role",)),
    Metric("copilotos_sessions_active", "gauge", "Chat sessions open now."),
    Metric("copilotos_llm_requests_total", "counter", "Requests to the language model, by model and outcome (success, error).",
           ("model", "status")),
    Metric("copilotos_llm_request_duration_seconds", "histogram", "Language model latency.", ("model",), "seconds"),
    Metric("copilotos_llm_tokens_total", "counter", "Tokens used, by model and type (prompt, completion).", ("model", "type")),
    # Dependencies
    Metric("copilotos_cache_operations_total", "counter", "Redis cache operations, by operation and result (hit, miss, error).",
           ("operation", "result")),
    Metric("copilotos_db_operation_duration_seconds", "histogram", "MongoDB operation latency.", ("operation", "collection"),
           "seconds"),
)
if len(API) != 24:  # the seed's count; a family added or lost is a contract change
    raise ValueError(f"the Copilotos API registry has 24 metric families, the catalog lists {len(API)}")

# Monitoring the monitoring. The seed queries `prometheus_target_scrape_duration_seconds`, which
# Prometheus does not expose; the per-target synthetic `scrape_duration_seconds` (next to `up`)
# carries the same information, so dashboards read that instead and the catalog does not invent a metric.
# Example values of the API's own labels, where its metrics' help names them: the metrics doc shows them,
# and `obsgen smoke` synthesises them (labels without examples get placeholders there).
EXAMPLES = {
    "mode": ("quick", "deep"),
    "role": ("user", "assistant"),
    "result": ("hit", "miss", "error"),
    "type": ("prompt", "completion"),
}

CATALOG = Catalog(with_examples(EXAMPLES, *API) + catalogs.cadvisor.METRICS + catalogs.prometheus.PROMETHEUS
                  + catalogs.loki.METRICS)

# The Docker compose project whose containers are this system: Promtail keeps only its
# containers, while cAdvisor reports every container on the host.
COMPOSE_PROJECT = "copilotos-bridge"

# What Promtail ships to Loki (seed: Docker service discovery filtered to the compose project, relabelled to
# `service` and `container`, e.g. service="api", container="copilotos-api"). Only the application's compose
# project is shipped: the monitoring services run from their own compose file on the external network.
# No Promtail stage extracts a level, so `level` is not a stream label; queries extract it themselves.
LOG_STREAMS = (
    LogStream({"service": "api", "container": "copilotos-api"}, "plain",
              "The FastAPI API: print() and logger.info() lines, plain text (seed: logs flow)."),
    LogStream({"service": "web", "container": "copilotos-web"}, "",
              "The Next.js frontend; its line format is not stated."),
    LogStream({"service": "mongodb", "container": "copilotos-mongodb"}, "",
              "MongoDB; JSON lines from 4.4 on, and the seed does not state the version."),
    LogStream({"service": "redis", "container": "copilotos-redis"}, "plain",
              "Redis server log, plain text."),
)

STACK = Stack(
    name="copilotos",
    title="Copilotos Bridge",
    catalog=CATALOG,
    services=(
        Service(PROMETHEUS_JOB, ("localhost:9090",), "Prometheus self-monitoring", team="platform"),
        Service(API_JOB, ("api:8001",), "Copilotos API (FastAPI)", metrics_path="/api/metrics",
                scrape_interval="10s", team="api"),
        Service(CADVISOR_JOB, ("cadvisor:8080",), "Container metrics", team="platform"),
        Service(LOKI_JOB, ("loki:3100",), "Loki log store", team="platform"),
    ),
    datasources=(
        Datasource("Prometheus", "prometheus", "copilotos-prometheus", "http://prometheus:9090", default=True),
        Datasource("Loki", "loki", "copilotos-loki", "http://loki:3100", json_data={"maxLines": 1000}),
        Datasource("Alertmanager", "alertmanager", "copilotos-alertmanager", "http://alertmanager:9093"),
    ),
    teams=(
        Team("platform", "Containers, logs and the monitoring stack", "#copilotos-platform", "platform@copilotos.dev"),
        Team("api", "The FastAPI backend: chat, research, intent and tools", "#copilotos-api", "api@copilotos.dev"),
    ),
    # The seed's 30s rule evaluation and 7-day retention; scrape interval and Alertmanager address are the defaults.
    prometheus=PrometheusSettings(evaluation_interval="30s", retention="7d",
                                  external_labels={"environment": "development", "cluster": "copilotos-local"}),
    # Alert thresholds. Panels draw the same values as threshold lines.
    thresholds={
        # The seed's alert: more than 5% of API requests failing, for 5 minutes.
        "api_error_ratio": Quantity(0.05, "percentunit",
                                    help="Share of API requests answered with 5xx that pages the API team."),
        "api_latency_p95": Quantity(2.0, "s",
                                    help="API p95 latency above which chat feels stuck."),
        "tool_failure_ratio": Quantity(0.1, "percentunit",
                                       help="Share of failed tool invocations that needs the API team."),
        "loki_request_error_ratio": Quantity(0.05, "percentunit",
                                             help="Share of Loki pushes and queries failing with 5xx: logs are being lost."),
        # Containers of the compose project (cAdvisor).
        "container_memory_limit_ratio": Quantity(0.9, "percentunit",
                                                 help="Container working set as a share of its memory limit."),
        "container_restarts": Quantity(3, "short",
                                       help="Container restarts within 15 minutes that mean a crash loop."),
    },
    grafana_url="http://localhost:3001",
    # Every delivery is built and committed, so build/ shows what each target holds and the
    # drift check covers them all (docs/targets/).
    targets=("files", "kubernetes", "mimir", "thanos", "grafana-v2"),
    log_streams=LOG_STREAMS,
    runbook_url="https://github.com/saptiva-ai/copilotos-bridge/blob/main/docs/runbooks-copilotos.md#{anchor}",
)
