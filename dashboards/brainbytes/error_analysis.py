"""Error Analysis: what is failing, where, and how fast is the error budget going?"""

from dashboards.brainbytes.common import (
    AI_ERRORS, AI_SERVICE, BACKEND, ERRORS, FOLDER, HTTP_REQUESTS, frontend_errors,
)
from obsgen.api import (
    INSTANCE,
    JOB,
    bargauge,
    blocks,
    budget_remaining,
    burn_rate,
    Dashboard,
    error_budget,
    gauge,
    prom,
    queries,
    rate,
    Row,
    selector,
    stat,
    timeseries,
    total,
)
from rules.brainbytes import slos
from rules.brainbytes.records import (
    AI_ERROR_RATIO, AI_ERRORS_RATE, ERRORS_5XX_RATE, ERRORS_5XX_RATIO, REQUESTS_RATE, ROUTE_ERRORS_4XX_RATE,
    ROUTE_ERRORS_5XX_RATE,
)

AUTH_EVENTS = "brainbytes_auth_events_total"


def dashboard(stack):
    jobs = selector(JOB)
    raw = selector(JOB, INSTANCE)
    slo, ai_slo = stack.setting("slo_backend_availability"), stack.setting("slo_ai_availability")
    window = f"{stack.setting('slo_window_days')}d"
    backend_1h, backend_6h = slos.ratio(slos.BACKEND_AVAILABILITY, "1h"), slos.ratio(slos.BACKEND_AVAILABILITY, "6h")
    ai_1h, ai_6h = slos.ratio(slos.AI_AVAILABILITY, "1h"), slos.ratio(slos.AI_AVAILABILITY, "6h")
    errors, requests = ERRORS_5XX_RATE + jobs, REQUESTS_RATE + jobs
    failed_auth = rate(AUTH_EVENTS, selector(JOB, INSTANCE, 'result="failure"'))
    return Dashboard(
        slug=ERRORS,
        title="BrainBytes / Error Analysis",
        description="4xx/5xx by service and route, the backend availability SLO and its error budget, AI, auth and client errors, firing alerts.",
        folder=FOLDER,
        tags=("errors",),
        variables=blocks.job_variables([BACKEND, AI_SERVICE]),
        rows=[
            Row("Errors now", [
                stat("Backend 5xx ratio", "Share of backend requests answered with a 5xx; red from the paging threshold.",
                     prom(ERRORS_5XX_RATIO + jobs), unit="percentunit",
                     threshold=stack.threshold("backend_5xx_ratio"), width=4, height=5),
                gauge(f"Error budget remaining ({window})", f"Share of the {window} error budget of the {slo} availability "
                      "SLO not yet spent. At 0 the SLO is missed.",
                      prom(budget_remaining(errors, requests, slo, window)), unit="percentunit", width=4, height=5),
                stat("Burn rate (1h)", "How many times faster than the SLO allows the error budget burned over the last hour; "
                     "above 1 the budget runs out before the window ends.",
                     prom(burn_rate(backend_1h, slo)), unit="short", threshold=queries.ON_BUDGET, width=4, height=5),
                stat("AI error ratio", "Share of AI requests that failed; red from the AI team's alert threshold.",
                     prom(AI_ERROR_RATIO + jobs), unit="percentunit", threshold=stack.threshold("ai_error_ratio"),
                     width=4, height=5),
                stat("Auth failures", "Failed logins, registrations and token refreshes per second; red from the rate "
                     "that means more than typos.", prom(total(failed_auth)), unit="reqps",
                     threshold=stack.threshold("auth_failure_rate"), width=4, height=5),
                stat("Client-side errors", "JavaScript errors per second reported by browsers; red from the rate that "
                     "means a broken release.", prom(frontend_errors(())), unit="reqps",
                     threshold=stack.threshold("frontend_error_rate"), width=4, height=5),
            ]),
            Row("HTTP errors by service and route", [
                timeseries("Errors by service", "Failed requests per second per service: backend 5xx and 4xx, and AI provider errors.",
                           prom(total(ROUTE_ERRORS_5XX_RATE + jobs, ("job",)), "5xx {{job}}"),
                           prom(total(ROUTE_ERRORS_4XX_RATE + jobs, ("job",)), "4xx {{job}}"),
                           prom(total(AI_ERRORS_RATE + jobs, ("job",)), "errors {{job}}"), unit="reqps", width=8),
                timeseries("5xx by route", "Server errors per second by route: which endpoint is broken.",
                           prom(total(ROUTE_ERRORS_5XX_RATE + jobs, ("route",)), "{{route}}"), unit="reqps", stacked=True, width=8),
                timeseries("4xx by route", "Client errors per second by route: bad input, expired sessions, missing pages.",
                           prom(total(ROUTE_ERRORS_4XX_RATE + jobs, ("route",)), "{{route}}"), unit="reqps", stacked=True, width=8),
                bargauge("Top 10 failing routes (5xx)", "The ten routes with the most server errors per second now.",
                         prom(f"topk(10, {total(ROUTE_ERRORS_5XX_RATE + jobs, ('route',))})", "{{route}}", instant=True),
                         unit="reqps", width=12),
                timeseries("Errors by status code", "Backend error responses per second by status code (4xx and 5xx).",
                           prom(total(rate(HTTP_REQUESTS, selector(JOB, INSTANCE, 'status_code=~"[45].."')), ("status_code",)),
                                "{{status_code}}"), unit="reqps", stacked=True, width=12),
            ]),
            Row("Availability SLO", [
                timeseries("Error ratio against the SLO", f"Backend 5xx share over 5 minutes and 1 hour; the line is the error "
                           f"budget the {slo} SLO allows. Above it, the budget is burning.",
                           prom(ERRORS_5XX_RATIO + jobs, "5m {{job}}"), prom(backend_1h, "1h"), prom(backend_6h, "6h"),
                           unit="percentunit", threshold=error_budget(slo), min_value=0),
                timeseries("Burn rate", "Error budget burn rate of the backend and AI availability SLOs over 1 and 6 hours, "
                           "from the same recorded ratios the burn-rate alerts read. 1 spends the budget exactly over the "
                           "SLO window; both windows high together pages.",
                           prom(burn_rate(backend_1h, slo), "backend 1h"), prom(burn_rate(backend_6h, slo), "backend 6h"),
                           prom(burn_rate(ai_1h, ai_slo), "AI 1h"), prom(burn_rate(ai_6h, ai_slo), "AI 6h"),
                           unit="short", min_value=0),
                timeseries(f"Error budget remaining over time ({window})", f"Share of the {window} error budget left, over time: when did it start to go?",
                           prom(budget_remaining(errors, requests, slo, window), "remaining"), unit="percentunit", max_value=1),
            ]),
            Row("AI, authentication and client errors", [
                timeseries("AI errors by type", "Failed AI requests per second by error type (timeout, rate_limit, provider_error, "
                           "invalid_response) and model.",
                           prom(total(rate(AI_ERRORS, raw), ("model", "error_type")), "{{model}} {{error_type}}"),
                           unit="reqps", stacked=True),
                timeseries("AI error ratio over time", "Share of AI requests that failed, against the AI team's alert threshold.",
                           prom(AI_ERROR_RATIO + jobs, "{{job}}"), unit="percentunit",
                           threshold=stack.threshold("ai_error_ratio"), min_value=0),
                timeseries("Authentication failures", "Failed authentication events per second by event; a spike on login "
                           "is a credential-stuffing attempt or a broken auth provider.",
                           prom(total(failed_auth, ("event",)), "{{event}}"), unit="reqps", stacked=True),
                timeseries("Client-side errors by page", "JavaScript errors per second by page and error type, as browsers report them.",
                           prom(frontend_errors(), "{{page}} {{error_type}}"), unit="reqps", stacked=True),
            ]),
            Row("Alerts", [
                blocks.firing_alerts_table(width=24, height=8),
            ]),
        ],
    )
