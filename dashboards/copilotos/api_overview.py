"""API Overview: is the Copilotos API answering, correctly and fast? RED by endpoint and method, in-flight work."""

from dashboards.copilotos.common import API, API_OVERVIEW, BUSINESS, CONTAINERS, LOGS, board, drill
from obsgen.api import (
    INSTANCE,
    JOB,
    blocks,
    bucket_rate,
    prom,
    quantile,
    rate,
    ratio,
    Row,
    selector,
    stat,
    timeseries,
    total,
)

REQUESTS = "copilotos_requests_total"
DURATION = "copilotos_request_duration_seconds"
IN_PROGRESS = "copilotos_requests_in_progress"
ERRORS = "copilotos_errors_total"
SERVER_ERRORS = 'status=~"5.."'
BY = ("endpoint", "method")


def dashboard(stack):
    sel = selector(JOB, INSTANCE)
    failed = selector(JOB, INSTANCE, SERVER_ERRORS)
    error_ratio = stack.threshold("api_error_ratio")
    latency = stack.threshold("api_latency_p95")
    logs = drill(stack, LOGS, "Logs")
    return board(
        API_OVERVIEW, "API Overview",
        "Rate, errors and duration of the Copilotos API by endpoint and method, with the requests in flight.", tags=("api", "red",),
        variables=blocks.job_variables([API]),
        rows=[
            Row("Now", [
                stat("Request rate", "API requests per second over all endpoints (the seed's rate(copilotos_requests_total)).",
                     prom(total(rate(REQUESTS, sel))), unit="reqps", width=6, height=5),
                stat("5xx ratio", "Share of API requests answered with a 5xx; red from the paging threshold.",
                     prom(ratio(total(rate(REQUESTS, failed)), total(rate(REQUESTS, sel)))), unit="percentunit",
                     threshold=error_ratio, width=6, height=5, links=[logs]),
                stat("p95 latency", "95th percentile API response time; red from the alert threshold.",
                     prom(quantile(0.95, bucket_rate(DURATION, sel))), unit="s", threshold=latency, width=6, height=5),
                stat("In flight", "Requests the API is handling right now; a pile-up means a slow dependency.",
                     prom(total(f"{IN_PROGRESS}{sel}")), unit="short", width=6, height=5,
                     links=[drill(stack, CONTAINERS, "Containers")]),
            ]),
            Row("By endpoint and method", blocks.red_panels(
                "API", requests=rate(REQUESTS, sel), by=BY,
                errors_ratio=ratio(total(rate(REQUESTS, failed), BY), total(rate(REQUESTS, sel), BY)),
                buckets=bucket_rate(DURATION, sel), error_threshold=error_ratio, latency_threshold=latency,
                quantiles=(0.5, 0.95, 0.99))),
            Row("Status codes and errors", [
                timeseries("Responses by status", "Requests per second by HTTP status code: 4xx are clients, 5xx are us.",
                           prom(total(rate(REQUESTS, sel), ("status",)), "{{status}}"), unit="reqps", stacked=True),
                timeseries("Errors by type", "Requests that raised an exception, per second, by endpoint and error type.",
                           prom(total(rate(ERRORS, sel), ("endpoint", "error_type")), "{{endpoint}} {{error_type}}"),
                           unit="short", links=[logs]),
                timeseries("In flight by endpoint", "Requests being handled now, per endpoint and method.",
                           prom(total(f"{IN_PROGRESS}{sel}", BY), "{{endpoint}} {{method}}"), unit="short", min_value=0,
                           links=[drill(stack, BUSINESS, "Business")]),
            ]),
            Row("Payloads", [
                blocks.latency_quantiles("Request size", "p50 and p95 of request body size by endpoint.",
                                         bucket_rate("copilotos_request_size_bytes", sel), quantiles=(0.5, 0.95),
                                         by=("endpoint",), unit="bytes"),
                blocks.latency_quantiles("Response size", "p50 and p95 of response body size by endpoint.",
                                         bucket_rate("copilotos_response_size_bytes", sel), quantiles=(0.5, 0.95),
                                         by=("endpoint",), unit="bytes"),
            ]),
        ],
    )
