"""BrainBytes recording rules: the pre-computed series dashboards and alerts read.

Names follow level:metric:operations. Each name is a constant here so a
dashboard or alert imports it instead of writing the expression again.
"""

from types import SimpleNamespace

from obsgen.api import hosts, quantile, rate, Recording, RuleGroup, Samples, selector, total
from stacks.brainbytes import AI_JOB, BACKEND_JOB, NODE_JOB

# Backend HTTP
REQUESTS_RATE = "job:brainbytes_http_requests:rate5m"
ERRORS_5XX_RATE = "job:brainbytes_http_requests_5xx:rate5m"
ERRORS_5XX_RATIO = "job:brainbytes_http_requests_5xx:ratio_rate5m"
ROUTE_REQUESTS_RATE = "job_route:brainbytes_http_requests:rate5m"
ROUTE_ERRORS_5XX_RATE = "job_route:brainbytes_http_requests_5xx:rate5m"
ROUTE_ERRORS_4XX_RATE = "job_route:brainbytes_http_requests_4xx:rate5m"
ROUTE_ERRORS_5XX_RATIO = "job_route:brainbytes_http_requests_5xx:ratio_rate5m"
ROUTE_LATENCY_BUCKETS = "job_route_le:brainbytes_http_request_duration_seconds_bucket:rate5m"
LATENCY_P95 = "job:brainbytes_http_request_duration_seconds:p95_rate5m"

# AI service
AI_REQUESTS_RATE = "job:brainbytes_ai_requests:rate5m"
AI_ERRORS_RATE = "job:brainbytes_ai_requests_errors:rate5m"
AI_ERROR_RATIO = "job:brainbytes_ai_requests_errors:ratio_rate5m"
AI_LATENCY_BUCKETS = "job_le:brainbytes_ai_request_duration_seconds_bucket:rate5m"
AI_LATENCY_P95 = "job:brainbytes_ai_request_duration_seconds:p95_rate5m"
AI_TOKENS_RATE = "model_type:brainbytes_ai_tokens_used:rate5m"
# Over an hour, so a spend projection does not swing with every burst.
AI_TOKENS_RATE_1H = "job:brainbytes_ai_tokens_used:rate1h"

# Mobile experience, by device type (mobile, tablet, desktop)
DROPS_RATIO = "device_type:brainbytes_connection_drops:ratio_rate5m"
RESPONSE_SIZE_BUCKETS = "device_type_le:brainbytes_http_response_size_bytes_bucket:rate5m"
RESPONSE_SIZE_P95 = "device_type:brainbytes_http_response_size_bytes:p95_rate5m"

# The raw series the recordings read, and the window every `rate5m` recording rates over.
HTTP_REQUESTS = "brainbytes_http_requests_total"
HTTP_DURATION = "brainbytes_http_request_duration_seconds"
AI_REQUESTS = "brainbytes_ai_requests_total"
AI_DURATION = "brainbytes_ai_request_duration_seconds"
AI_TOKENS = "brainbytes_ai_tokens_used_total"
DROPS = "brainbytes_connection_drops_total"
RESPONSE_SIZE = "brainbytes_http_response_size_bytes"
WINDOW = "5m"
SERVER_ERRORS = selector('status_code=~"5.."')
CLIENT_ERRORS = selector('status_code=~"4.."')


def _rate(metric: str, sel: str = "", by: tuple = (), window: str = WINDOW) -> str:
    """`sum by (by) (rate(metric{sel}[window]))`, the shape of every rate recording here."""
    return total(rate(metric, sel, window=window), by)


# Hosts: the shared node-exporter recordings
NODE_CPU_UTILISATION = hosts.CPU_UTILISATION
NODE_MEMORY_UTILISATION = hosts.MEMORY_UTILISATION
NODE_FILESYSTEM_UTILISATION = hosts.FILESYSTEM_UTILISATION


def _test_series(stack) -> SimpleNamespace:
    """The promtool input series and expected labels of the recordings' tests, from the stack's services."""
    b, a = stack.service(BACKEND_JOB), stack.service(AI_JOB)
    backend_target = f'job="{b.job}",instance="{b.targets[0]}"'
    ai_target = f'job="{a.job}",instance="{a.targets[0]}"'
    req = f'{HTTP_REQUESTS}{{{backend_target},method="GET",route="/api/questions",status_code="%s"}}'
    traffic = ((req % "200", "0+240x20"), (req % "404", "0+30x20"), (req % "503", "0+30x20"))
    bucket = f'{HTTP_DURATION}_bucket{{{backend_target},method="GET",route="/api/questions",status_code="200",le="%s"}}'
    # 20 requests a second: 10 under 0.1s, 19 under 0.5s, all under 1s. Whole rates keep promtool's exact comparison exact.
    latency = ((bucket % "0.1", "0+600x20"), (bucket % "0.5", "0+1140x20"), (bucket % "1", "0+1200x20"), (bucket % "+Inf", "0+1200x20"))
    ai = f'{AI_REQUESTS}{{{ai_target},model="gpt-4o-mini",status="%s"}}'
    ai_traffic = ((ai % "success", "0+540x20"), (ai % "error", "0+60x20"))
    ai_bucket = f'{AI_DURATION}_bucket{{{ai_target},model="gpt-4o-mini",le="%s"}}'
    ai_latency = ((ai_bucket % "1", "0+120x20"), (ai_bucket % "5", "0+600x20"), (ai_bucket % "10", "0+1200x20"), (ai_bucket % "+Inf", "0+1200x20"))
    tokens = f'{AI_TOKENS}{{{ai_target},model="gpt-4o-mini",type="%s"}}'
    response = f'{RESPONSE_SIZE}_%s{{{backend_target},device_type="mobile",network_type="3g"%s}}'
    drops = f'{DROPS}{{{backend_target},device_type="mobile",network_type="3g"}}'
    # 20 mobile responses a second, 2 of them dropped; 10 under 100 kB, 16 under 500 kB, all under 1 MB.
    mobile = (
        (response % ("count", ""), "0+1200x20"),
        (drops, "0+120x20"),
        (response % ("bucket", ',le="100000"'), "0+600x20"),
        (response % ("bucket", ',le="500000"'), "0+960x20"),
        (response % ("bucket", ',le="1000000"'), "0+1200x20"),
        (response % ("bucket", ',le="+Inf"'), "0+1200x20"),
    )
    mobile_labels = {"device_type": "mobile"}
    route = {"job": b.job, "route": "/api/questions"}
    backend = {"job": b.job}
    ai_job = {"job": a.job}
    return SimpleNamespace(traffic=traffic, latency=latency, ai_traffic=ai_traffic, ai_latency=ai_latency, tokens=tokens,
                           mobile=mobile, mobile_labels=mobile_labels, route=route, backend=backend, ai_job=ai_job)


def http(stack):
    t = _test_series(stack)
    return RuleGroup("brainbytes-http-records", [
        Recording(REQUESTS_RATE, _rate(HTTP_REQUESTS, by=("job",)),
                  tests=[Samples("10m", t.traffic, [(t.backend, 5)])]),
        Recording(ERRORS_5XX_RATE, _rate(HTTP_REQUESTS, SERVER_ERRORS, ("job",)),
                  tests=[Samples("10m", t.traffic, [(t.backend, 0.5)])]),
        Recording(ERRORS_5XX_RATIO, f"{ERRORS_5XX_RATE} / {REQUESTS_RATE}",
                  tests=[Samples("10m", t.traffic, [(t.backend, 0.1)])]),
        Recording(ROUTE_REQUESTS_RATE, _rate(HTTP_REQUESTS, by=("job", "route")),
                  tests=[Samples("10m", t.traffic, [(t.route, 5)])]),
        Recording(ROUTE_ERRORS_5XX_RATE, _rate(HTTP_REQUESTS, SERVER_ERRORS, ("job", "route")),
                  tests=[Samples("10m", t.traffic, [(t.route, 0.5)])]),
        Recording(ROUTE_ERRORS_4XX_RATE, _rate(HTTP_REQUESTS, CLIENT_ERRORS, ("job", "route")),
                  tests=[Samples("10m", t.traffic, [(t.route, 0.5)])]),
        Recording(ROUTE_ERRORS_5XX_RATIO, f"{ROUTE_ERRORS_5XX_RATE} / {ROUTE_REQUESTS_RATE}",
                  tests=[Samples("10m", t.traffic, [(t.route, 0.1)])]),
        Recording(ROUTE_LATENCY_BUCKETS, _rate(f"{HTTP_DURATION}_bucket", by=("job", "route", "le")),
                  tests=[Samples("10m", t.latency, [({**t.route, "le": "0.1"}, 10), ({**t.route, "le": "0.5"}, 19),
                                                   ({**t.route, "le": "1"}, 20), ({**t.route, "le": "+Inf"}, 20)])]),
        Recording(LATENCY_P95, quantile(0.95, ROUTE_LATENCY_BUCKETS, ("job",)),
                  # Rank 0.95 * 20 = 19 is exactly the count under 0.5s.
                  tests=[Samples("10m", t.latency, [(t.backend, 0.5)])]),
    ])


def ai(stack):
    t = _test_series(stack)
    return RuleGroup("brainbytes-ai-records", [
        Recording(AI_REQUESTS_RATE, _rate(AI_REQUESTS, by=("job",)),
                  tests=[Samples("10m", t.ai_traffic, [(t.ai_job, 10)])]),
        Recording(AI_ERRORS_RATE, _rate(AI_REQUESTS, selector('status="error"'), ("job",)),
                  tests=[Samples("10m", t.ai_traffic, [(t.ai_job, 1)])]),
        Recording(AI_ERROR_RATIO, f"{AI_ERRORS_RATE} / {AI_REQUESTS_RATE}",
                  tests=[Samples("10m", t.ai_traffic, [(t.ai_job, 0.1)])]),
        Recording(AI_LATENCY_BUCKETS, _rate(f"{AI_DURATION}_bucket", by=("job", "le")),
                  tests=[Samples("10m", t.ai_latency, [({**t.ai_job, "le": "1"}, 2), ({**t.ai_job, "le": "5"}, 10),
                                                      ({**t.ai_job, "le": "10"}, 20), ({**t.ai_job, "le": "+Inf"}, 20)])]),
        Recording(AI_LATENCY_P95, quantile(0.95, AI_LATENCY_BUCKETS, ("job",)),
                  # Rank 0.95 * 20 = 19 falls in the (5s, 10s] bucket: 5 + 5 * (19 - 10) / (20 - 10).
                  tests=[Samples("10m", t.ai_latency, [(t.ai_job, 9.5)])]),
        Recording(AI_TOKENS_RATE, _rate(AI_TOKENS, by=("model", "type")),
                  tests=[Samples("10m", ((t.tokens % "prompt", "0+600x20"), (t.tokens % "completion", "0+300x20")),
                                 [({"model": "gpt-4o-mini", "type": "prompt"}, 10),
                                  ({"model": "gpt-4o-mini", "type": "completion"}, 5)])]),
        Recording(AI_TOKENS_RATE_1H, _rate(AI_TOKENS, by=("job",), window="1h"),
                  # A full hour of data, so the rate is not extrapolated: 1,500 prompt + 300 completion a minute.
                  tests=[Samples("1h", ((t.tokens % "prompt", "0+1500x60"), (t.tokens % "completion", "0+300x60")),
                                 [(t.ai_job, 30)])]),
    ])


def mobile(stack):
    t = _test_series(stack)
    return RuleGroup("brainbytes-mobile-records", [
        # Drops per response served: a dropped connection never gets a response, so responses + drops is
        # not the denominator the product team budgets against.
        Recording(DROPS_RATIO,
                  f"{_rate(DROPS, by=('device_type',))}\n  / {_rate(f'{RESPONSE_SIZE}_count', by=('device_type',))}",
                  tests=[Samples("10m", t.mobile, [(t.mobile_labels, 0.1)])]),
        Recording(RESPONSE_SIZE_BUCKETS, _rate(f"{RESPONSE_SIZE}_bucket", by=("device_type", "le")),
                  tests=[Samples("10m", t.mobile, [({**t.mobile_labels, "le": "100000"}, 10), ({**t.mobile_labels, "le": "500000"}, 16),
                                                  ({**t.mobile_labels, "le": "1000000"}, 20), ({**t.mobile_labels, "le": "+Inf"}, 20)])]),
        Recording(RESPONSE_SIZE_P95, quantile(0.95, RESPONSE_SIZE_BUCKETS, ("device_type",)),
                  # Rank 19 of 20 falls in (500 kB, 1 MB], 3 of its 4: 500000 + 500000 * 3 / 4.
                  tests=[Samples("10m", t.mobile, [(t.mobile_labels, 875000)])]),
    ])


def nodes(stack):
    return RuleGroup("brainbytes-node-records", hosts.recordings(stack.service(NODE_JOB)))


def groups(stack):
    return [http(stack), ai(stack), mobile(stack), nodes(stack)]
