"""BrainBytes service level objectives and their burn-rate alerts.

Dashboards read the recorded error ratios through `ratio(slo_name, window)` or
`SLO_NAMES`, so a panel and the alert look at the same series. Objectives come
from the stack settings.
"""

from obsgen.api import format_number, series, slo

BACKEND_AVAILABILITY = "backend-availability"
BACKEND_LATENCY = "backend-latency"
AI_AVAILABILITY = "ai-availability"
SLO_NAMES = (BACKEND_AVAILABILITY, BACKEND_LATENCY, AI_AVAILABILITY)
ERROR_RATIO = slo.RECORD  # "slo:sli_error:ratio_rate{window}"
WINDOWS = tuple(slo.windows(slo.SRE_WORKBOOK))

_BACKEND = 'job="brainbytes-backend"'
_AI = 'job="brainbytes-ai-service"'
_HTTP = {"job": "brainbytes-backend", "instance": "backend:3000", "method": "POST", "route": "/api/chat"}
_AI_LABELS = {"job": "brainbytes-ai-service", "instance": "ai-service:3002", "model": "gpt-4o-mini"}


def ratio(name: str, window: str) -> str:
    """The recorded error ratio of SLO `name` over `window`, e.g. ratio("backend-availability", "1h")."""
    if name not in SLO_NAMES or window not in WINDOWS:
        raise KeyError(f"unknown SLO {name!r} or window {window!r} (have {', '.join(SLO_NAMES)}; {', '.join(WINDOWS)})")
    return f'{slo.record(window)}{{slo="{name}"}}'


def objectives(stack) -> list:
    threshold = format_number(stack.setting("slo_backend_latency_threshold").value)
    period = f"{int(stack.setting('slo_window_days').value)}d"  # every SLO shares the stack's window
    return [
        slo.SLO(
            name=BACKEND_AVAILABILITY, alert_prefix="BackendAvailability",
            objective=stack.setting("slo_backend_availability").value,
            errors=f'sum(rate(brainbytes_http_requests_total{{{_BACKEND},status_code=~"5.."}}[{{window}}]))',
            total=f"sum(rate(brainbytes_http_requests_total{{{_BACKEND}}}[{{window}}]))",
            team="engineering", service="brainbytes-backend", dashboard="brainbytes-error-analysis",
            events="backend requests", good="answered without a server error", bad="failed with 5xx",
            fixture=lambda good, bad, total: (
                (series("brainbytes_http_requests_total", {**_HTTP, "status_code": "200"}), good),
                (series("brainbytes_http_requests_total", {**_HTTP, "status_code": "500"}), bad),
            ),
            period=period,
        ),
        slo.SLO(
            name=BACKEND_LATENCY, alert_prefix="BackendLatency",
            objective=stack.setting("slo_backend_latency").value,
            # Slow = all requests minus those within the threshold bucket.
            errors=(f"sum(rate(brainbytes_http_request_duration_seconds_count{{{_BACKEND}}}[{{window}}]))\n"
                    f'  - sum(rate(brainbytes_http_request_duration_seconds_bucket{{{_BACKEND},le="{threshold}"}}[{{window}}]))'),
            total=f"sum(rate(brainbytes_http_request_duration_seconds_count{{{_BACKEND}}}[{{window}}]))",
            team="engineering", service="brainbytes-backend", dashboard="brainbytes-application-performance",
            events="backend requests", good=f"served within {threshold}s", bad=f"took longer than {threshold}s",
            fixture=lambda good, bad, total: (
                (series("brainbytes_http_request_duration_seconds_bucket", {**_HTTP, "status_code": "200", "le": threshold}), good),
                (series("brainbytes_http_request_duration_seconds_count", {**_HTTP, "status_code": "200"}), total),
            ),
            period=period,
        ),
        slo.SLO(
            name=AI_AVAILABILITY, alert_prefix="AiAvailability",
            objective=stack.setting("slo_ai_availability").value,
            errors=f'sum(rate(brainbytes_ai_requests_total{{{_AI},status="error"}}[{{window}}]))',
            total=f"sum(rate(brainbytes_ai_requests_total{{{_AI}}}[{{window}}]))",
            team="ai", service="brainbytes-ai-service", dashboard="brainbytes-error-analysis",
            events="AI requests", good="answered by the model", bad="failed",
            fixture=lambda good, bad, total: (
                (series("brainbytes_ai_requests_total", {**_AI_LABELS, "status": "success"}), good),
                (series("brainbytes_ai_requests_total", {**_AI_LABELS, "status": "error"}), bad),
            ),
            period=period,
        ),
    ]


def groups(stack):
    return [slo.group(o, stack.name) for o in objectives(stack)]
