"""Is BrainBytes up and fast? Targets down or absent, backend and AI errors and latency, the DB pool."""

from obsgen.api import Alert, Expected, Fires, Quiet, render, RuleGroup, Runbook, targets
from rules.brainbytes.records import AI_ERROR_RATIO, AI_LATENCY_P95, ERRORS_5XX_RATIO, LATENCY_P95

OVERVIEW = "brainbytes-system-overview"
PERFORMANCE = "brainbytes-application-performance"
ERRORS = "brainbytes-error-analysis"
RESOURCES = "brainbytes-resource-optimization"

_HTTP = 'brainbytes_http_requests_total{job="brainbytes-backend",instance="backend:3000",method="POST",route="/api/chat",status_code="%s"}'
_LATENCY = ('brainbytes_http_request_duration_seconds_bucket{job="brainbytes-backend",instance="backend:3000",'
            'method="POST",route="/api/chat",status_code="200",le="%s"}')
_AI = 'brainbytes_ai_requests_total{job="brainbytes-ai-service",instance="ai-service:3002",model="gpt-4o-mini",status="%s"}'
_AI_LATENCY = 'brainbytes_ai_request_duration_seconds_bucket{job="brainbytes-ai-service",instance="ai-service:3002",model="gpt-4o-mini",le="%s"}'
_POOL = 'brainbytes_db_connections_active{job="brainbytes-backend",instance="backend:3000",pool="mongodb"}'


def _buckets(template: str, per_minute: dict) -> list:
    """Cumulative bucket counters growing by `per_minute[le]` each minute."""
    return [(template % le, f"0+{count}x20") for le, count in per_minute.items()]


def backend_errors(stack):
    limit = stack.threshold("backend_5xx_ratio")
    return Alert(
        name="BackendHighErrorRatio",
        expr=f'{ERRORS_5XX_RATIO}{{job="brainbytes-backend"}} > {limit}',
        for_="5m",
        severity="critical",
        team="engineering",
        service="brainbytes-backend",
        summary="Backend is answering too many requests with server errors.",
        description=(
            "{{ $value | humanizePercentage }} of requests to {{ $labels.job }} failed with 5xx "
            f"over the last 5 minutes (threshold {limit.value:.0%})."
        ),
        dashboard=ERRORS,
        tests=[
            Fires("15m", [(_HTTP % "200", "0+90x20"), (_HTTP % "500", "0+10x20")], [Expected(
                {"job": "brainbytes-backend"},
                "10% of requests to brainbytes-backend failed with 5xx over the last 5 minutes (threshold 5%).",
            )]),
            Quiet("15m", [(_HTTP % "200", "0+96x20"), (_HTTP % "500", "0+4x20")], name="4% errors, below the threshold"),
            Quiet("15m", [(_HTTP % "200", "0x20"), (_HTTP % "500", "0x20")], name="no traffic"),
        ],
        runbook=Runbook(
            meaning=f"More than {limit.value:.0%} of backend API requests return a 5xx status.",
            impact="Students see errors when asking questions, logging in or loading sessions.",
            steps=("Open Error Analysis: which routes and status codes carry the errors?",
                   "Check the AI service and the database: backend 5xx often passes their failures on.",
                   "Check recent deploys of the backend and roll back if the errors began with one."),
        ),
    )


def backend_latency(stack):
    limit = stack.threshold("backend_latency_p95")
    text = (f"p95 latency of {{{{ $labels.job }}}} has been {{{{ $value | humanizeDuration }}}} for 10 minutes "
            f"(threshold {limit}s).")
    return Alert(
        name="BackendHighLatency",
        expr=f'{LATENCY_P95}{{job="brainbytes-backend"}} > {limit}',
        for_="10m", severity="warning", team="engineering", service="brainbytes-backend",
        summary="Backend responses are slow.", description=text, dashboard=PERFORMANCE,
        tests=[
            # 20 requests a second: 10 under 0.5s, 16 under 1s, all under 2.5s. Rank 19: 1 + 1.5 * 3 / 4.
            Fires("20m", _buckets(_LATENCY, {"0.5": 600, "1": 960, "2.5": 1200, "+Inf": 1200}), [Expected(
                {"job": "brainbytes-backend"},
                render(text, **{"$labels.job": "brainbytes-backend", "$value | humanizeDuration": "2.125s"}))]),
            # All under 1s: p95 is 0.95s, just under the threshold.
            Quiet("20m", _buckets(_LATENCY, {"0.5": 600, "1": 1200, "2.5": 1200, "+Inf": 1200}), name="p95 0.95s"),
        ],
        runbook=Runbook(
            meaning=f"The backend's 95th percentile response time has been above {limit}s for 10 minutes.",
            impact="One student request in twenty waits longer than a second; pages feel broken on slow networks.",
            steps=("Open Application Performance: is latency high on every route or on one?",
                   "Compare database query latency and the DB pool (DbPoolNearExhaustion) with the backend latency.",
                   "Check host and container CPU; scale the backend if it is saturated."),
        ),
    )


def ai_latency(stack):
    limit = stack.threshold("ai_latency_p95")
    text = (f"p95 latency of {{{{ $labels.job }}}} has been {{{{ $value | humanizeDuration }}}} for 10 minutes "
            f"(threshold {limit}s).")
    return Alert(
        name="AiServiceHighLatency",
        expr=f'{AI_LATENCY_P95}{{job="brainbytes-ai-service"}} > {limit}',
        for_="10m", severity="warning", team="ai", service="brainbytes-ai-service",
        summary="AI answers are slow.", description=text, dashboard=PERFORMANCE,
        tests=[
            # 20 a second: 10 under 5s, 16 under 10s, all under 30s. Rank 19: 10 + 20 * 3 / 4.
            Fires("20m", _buckets(_AI_LATENCY, {"5": 600, "10": 960, "30": 1200, "+Inf": 1200}), [Expected(
                {"job": "brainbytes-ai-service"},
                render(text, **{"$labels.job": "brainbytes-ai-service", "$value | humanizeDuration": "25s"}))]),
            Quiet("20m", _buckets(_AI_LATENCY, {"5": 600, "10": 1200, "30": 1200, "+Inf": 1200}), name="p95 9.5s"),
        ],
        runbook=Runbook(
            meaning=f"The AI service's 95th percentile answer time has been above {limit}s for 10 minutes.",
            impact="Students wait too long for answers and abandon their questions.",
            steps=("Check the model provider's status page and its latency by model on Application Performance.",
                   "Look for prompts that grew (token rate per request) after a prompt change.",
                   "Switch to the faster model or lower max tokens if the provider is degraded."),
        ),
    )


def ai_errors(stack):
    limit = stack.threshold("ai_error_ratio")
    text = (f"{{{{ $value | humanizePercentage }}}} of requests from {{{{ $labels.job }}}} to the model provider failed "
            f"over the last 5 minutes (threshold {limit.value:.0%}).")
    return Alert(
        name="AiServiceHighErrorRatio",
        expr=f'{AI_ERROR_RATIO}{{job="brainbytes-ai-service"}} > {limit}',
        for_="5m", severity="critical", team="ai", service="brainbytes-ai-service",
        summary="The AI service fails too many requests.", description=text, dashboard=ERRORS,
        tests=[
            Fires("15m", [(_AI % "success", "0+48x20"), (_AI % "error", "0+12x20")], [Expected(
                {"job": "brainbytes-ai-service"},
                render(text, **{"$labels.job": "brainbytes-ai-service", "$value | humanizePercentage": "20%"}))]),
            Quiet("15m", [(_AI % "success", "0+55x20"), (_AI % "error", "0+5x20")], name="8% errors"),
        ],
        runbook=Runbook(
            meaning=f"More than {limit.value:.0%} of AI requests to the model provider fail.",
            impact="Students get no answer; the backend returns errors for their questions.",
            steps=("Open Error Analysis and split AI errors by error_type (timeout, rate_limit, provider_error).",
                   "For rate_limit, check token spend and the provider quota; for provider_error, the provider status.",
                   "Fail over to the fallback model if the provider is down."),
        ),
    )


def db_pool(stack):
    limit = stack.threshold("db_pool_utilisation")
    size = stack.setting("db_pool_size")
    text = (f"{{{{ $labels.instance }}}} has {{{{ $value | humanizePercentage }}}} of its {size} {{{{ $labels.pool }}}} "
            f"connections checked out (threshold {limit.value:.0%}).")
    return Alert(
        name="DbPoolNearExhaustion",
        expr=f'brainbytes_db_connections_active{{job="brainbytes-backend"}} / {size} > {limit}',
        for_="5m", severity="warning", team="engineering", service="brainbytes-backend",
        summary="The database connection pool is nearly exhausted.", description=text, dashboard=RESOURCES,
        tests=[
            Fires("10m", [(_POOL, "18x10")], [Expected(
                {"job": "brainbytes-backend", "instance": "backend:3000", "pool": "mongodb"},
                render(text, **{"$labels.instance": "backend:3000", "$labels.pool": "mongodb",
                                "$value | humanizePercentage": "90%"}))]),
            Quiet("10m", [(_POOL, "16x10")], name="exactly at the threshold"),
        ],
        runbook=Runbook(
            meaning=f"More than {limit.value:.0%} of the backend's {size} database connections are in use.",
            impact="When the pool is empty, requests wait for a connection and time out.",
            steps=("Check database query latency: slow queries hold connections longer.",
                   "Look for a connection leak: active connections that stay high without traffic.",
                   "Raise the pool size (setting db_pool_size) only if the database has headroom."),
        ),
    )


def group(stack):
    return RuleGroup("brainbytes-availability", [
        # Optional jobs (the Heroku exporter) are absent in most deployments.
        *(targets.target_down(s, dashboard=OVERVIEW) for s in stack.services if not s.optional),
        targets.jobs_absent([s for s in stack.services if not s.optional], team="infrastructure",
                            service="prometheus", dashboard=OVERVIEW),
        backend_errors(stack),
        backend_latency(stack),
        ai_latency(stack),
        ai_errors(stack),
        db_pool(stack),
    ])
