"""Is BrainBytes up and fast? Targets down or absent, backend and AI errors and latency, the DB pool."""

from obsgen.api import Alert, Expected, Fires, http, job_selector, Quiet, render, RuleGroup, Runbook, targets
from rules.brainbytes.records import (
    AI_DURATION, AI_ERROR_RATIO, AI_LATENCY_P95, AI_REQUESTS, ERRORS_5XX_RATIO, HTTP_DURATION, HTTP_REQUESTS, LATENCY_P95,
)
from stacks.brainbytes import AI_JOB, BACKEND_JOB, ERRORS, OVERVIEW, PERFORMANCE, PROMETHEUS_JOB, RESOURCES

# Labels of the test series besides job, instance and the outcome: one endpoint, one model.
CHAT = {"method": "POST", "route": "/api/chat"}
MODEL = {"model": "gpt-4o-mini"}


# The backend and AI alerts compare recorded series (rules/brainbytes/records.py), through the same
# builders as every stack's HTTP alerts; their generated tests feed raw counters and buckets, so
# promtool proves the recordings under each alert as well.

def backend_errors(stack):
    limit = stack.threshold("backend_5xx_ratio")
    return http.error_ratio_alert(
        stack.service(BACKEND_JOB), name="BackendHighErrorRatio", counter=HTTP_REQUESTS,
        recorded=ERRORS_5XX_RATIO, threshold=limit, status_label="status_code", labels=CHAT,
        for_="5m", dashboard=ERRORS,
        summary="Backend is answering too many requests with server errors.",
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
    return http.latency_alert(
        stack.service(BACKEND_JOB), name="BackendHighLatency", histogram=HTTP_DURATION,
        recorded=LATENCY_P95, threshold=limit, labels={**CHAT, "status_code": "200"}, dashboard=PERFORMANCE,
        summary="Backend responses are slow.",
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
    return http.latency_alert(
        stack.service(AI_JOB), name="AiServiceHighLatency", histogram=AI_DURATION,
        recorded=AI_LATENCY_P95, threshold=limit, labels=MODEL, dashboard=PERFORMANCE,
        summary="AI answers are slow.",
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
    return http.error_ratio_alert(
        stack.service(AI_JOB), name="AiServiceHighErrorRatio", counter=AI_REQUESTS,
        recorded=AI_ERROR_RATIO, threshold=limit, what="requests to the model provider", good_value="success",
        bad_value="error", labels=MODEL, for_="5m", dashboard=ERRORS,
        summary="The AI service fails too many requests.",
        runbook=Runbook(
            meaning=f"More than {limit.value:.0%} of AI requests to the model provider fail.",
            impact="Students get no answer; the backend returns errors for their questions.",
            steps=("Open Error Analysis and split AI errors by error_type (timeout, rate_limit, provider_error).",
                   "For rate_limit, check token spend and the provider quota; for provider_error, the provider status.",
                   "Fail over to the fallback model if the provider is down."),
        ),
    )


def db_pool(stack):
    backend = stack.service(BACKEND_JOB)
    pool = f'brainbytes_db_connections_active{{job="{backend.job}",instance="{backend.targets[0]}",pool="mongodb"}}'
    limit = stack.threshold("db_pool_utilisation")
    size = stack.setting("db_pool_size")
    text = (f"{{{{ $labels.instance }}}} has {{{{ $value | humanizePercentage }}}} of its {size} {{{{ $labels.pool }}}} "
            f"connections checked out (threshold {limit.value:.0%}).")
    return Alert(
        name="DbPoolNearExhaustion",
        expr=f'brainbytes_db_connections_active{job_selector(backend)} / {size} > {limit}',
        for_="5m", severity="warning", team="engineering", service=backend.job,
        summary="The database connection pool is nearly exhausted.", description=text, dashboard=RESOURCES,
        tests=[
            Fires("10m", [(pool, "18x10")], [Expected(
                {"job": backend.job, "instance": backend.targets[0], "pool": "mongodb"},
                render(text, **{"$labels.instance": backend.targets[0], "$labels.pool": "mongodb",
                                "$value | humanizePercentage": "90%"}))]),
            Quiet("10m", [(pool, "16x10")], name="exactly at the threshold"),
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
                            service=PROMETHEUS_JOB, dashboard=OVERVIEW),
        backend_errors(stack),
        backend_latency(stack),
        ai_latency(stack),
        ai_errors(stack),
        db_pool(stack),
    ])
