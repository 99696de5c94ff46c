"""BrainBytes service level objectives and their burn-rate alerts.

Dashboards read the recorded error ratios through `ratio(slo_name, window)` or
`SLO_NAMES`, so a panel and the alert look at the same series. Objectives come
from the stack settings.
"""

from obsgen.api import format_number, job_selector, rate, series, slo, total
from rules.brainbytes.records import AI_REQUESTS, HTTP_DURATION, HTTP_REQUESTS
from stacks.brainbytes import AI_JOB, BACKEND_JOB, ERRORS, PERFORMANCE

BACKEND_AVAILABILITY = "backend-availability"
BACKEND_LATENCY = "backend-latency"
AI_AVAILABILITY = "ai-availability"
SLO_NAMES = (BACKEND_AVAILABILITY, BACKEND_LATENCY, AI_AVAILABILITY)
ERROR_RATIO = slo.RECORD  # "slo:sli_error:ratio_rate{window}"
WINDOWS = tuple(slo.windows(slo.SRE_WORKBOOK))
# Where each window's range goes in an SLO's rates; obsgen.slo fills it in per window.
WINDOW = "{window}"



def ratio(name: str, window: str) -> str:
    """The recorded error ratio of SLO `name` over `window`, e.g. ratio("backend-availability", "1h")."""
    if name not in SLO_NAMES or window not in WINDOWS:
        raise KeyError(f"unknown SLO {name!r} or window {window!r} (have {', '.join(SLO_NAMES)}; {', '.join(WINDOWS)})")
    return f'{slo.record(window)}{{slo="{name}"}}'


def objectives(stack) -> list:
    threshold = format_number(stack.setting("slo_backend_latency_threshold").value)
    period = f"{int(stack.setting('slo_window_days').value)}d"  # every SLO shares the stack's window
    backend, ai = stack.service(BACKEND_JOB), stack.service(AI_JOB)
    requests, within_threshold = f"{HTTP_DURATION}_count", f"{HTTP_DURATION}_bucket"
    fast = f'le="{threshold}"'  # the bucket of requests served within the threshold

    def rate_of(metric: str, service, *matchers: str) -> str:
        return total(rate(metric, job_selector(service, *matchers), window=WINDOW))

    # Labels of the test series: one endpoint of the backend, one model of the AI service.
    http_labels = {"job": backend.job, "instance": backend.targets[0], "method": "POST", "route": "/api/chat"}
    ai_labels = {"job": ai.job, "instance": ai.targets[0], "model": "gpt-4o-mini"}
    return [
        slo.SLO(
            name=BACKEND_AVAILABILITY, alert_prefix="BackendAvailability",
            objective=stack.setting("slo_backend_availability").value,
            errors=rate_of(HTTP_REQUESTS, backend, 'status_code=~"5.."'),
            total=rate_of(HTTP_REQUESTS, backend),
            team="engineering", service=backend.job, dashboard=ERRORS,
            events="backend requests", good="answered without a server error", bad="failed with 5xx",
            fixture=lambda good, bad, total: (
                (series(HTTP_REQUESTS, {**http_labels, "status_code": "200"}), good),
                (series(HTTP_REQUESTS, {**http_labels, "status_code": "500"}), bad),
            ),
            period=period,
        ),
        slo.SLO(
            name=BACKEND_LATENCY, alert_prefix="BackendLatency",
            objective=stack.setting("slo_backend_latency").value,
            # Slow = all requests minus those within the threshold bucket.
            errors=f"{rate_of(requests, backend)}\n  - {rate_of(within_threshold, backend, fast)}",
            total=rate_of(requests, backend),
            team="engineering", service=backend.job, dashboard=PERFORMANCE,
            events="backend requests", good=f"served within {threshold}s", bad=f"took longer than {threshold}s",
            fixture=lambda good, bad, total: (
                (series(within_threshold, {**http_labels, "status_code": "200", "le": threshold}), good),
                (series(requests, {**http_labels, "status_code": "200"}), total),
            ),
            period=period,
        ),
        slo.SLO(
            name=AI_AVAILABILITY, alert_prefix="AiAvailability",
            objective=stack.setting("slo_ai_availability").value,
            errors=rate_of(AI_REQUESTS, ai, 'status="error"'),
            total=rate_of(AI_REQUESTS, ai),
            team="ai", service=ai.job, dashboard=ERRORS,
            events="AI requests", good="answered by the model", bad="failed",
            fixture=lambda good, bad, total: (
                (series(AI_REQUESTS, {**ai_labels, "status": "success"}), good),
                (series(AI_REQUESTS, {**ai_labels, "status": "error"}), bad),
            ),
            period=period,
        ),
    ]


def groups(stack):
    return [slo.group(o, stack.name) for o in objectives(stack)]
