"""BrainBytes recording rules: the pre-computed series dashboards and alerts read.

Names follow level:metric:operations. Each name is a constant here so a
dashboard or alert imports it instead of writing the expression again.
"""

from obsgen.model.rules import Recording, RuleGroup, Samples

BACKEND = 'job="brainbytes-backend"'

# Backend HTTP
REQUESTS_RATE = "job:brainbytes_http_requests:rate5m"
ERRORS_5XX_RATE = "job:brainbytes_http_requests_5xx:rate5m"
ERRORS_5XX_RATIO = "job:brainbytes_http_requests_5xx:ratio_rate5m"
ROUTE_REQUESTS_RATE = "job_route:brainbytes_http_requests:rate5m"
ROUTE_ERRORS_5XX_RATE = "job_route:brainbytes_http_requests_5xx:rate5m"
ROUTE_ERRORS_4XX_RATE = "job_route:brainbytes_http_requests_4xx:rate5m"
ROUTE_LATENCY_BUCKETS = "job_route_le:brainbytes_http_request_duration_seconds_bucket:rate5m"
LATENCY_P95 = "job:brainbytes_http_request_duration_seconds:p95_rate5m"

# AI service
AI_REQUESTS_RATE = "job:brainbytes_ai_requests:rate5m"
AI_ERRORS_RATE = "job:brainbytes_ai_requests_errors:rate5m"
AI_ERROR_RATIO = "job:brainbytes_ai_requests_errors:ratio_rate5m"
AI_LATENCY_BUCKETS = "job_le:brainbytes_ai_request_duration_seconds_bucket:rate5m"
AI_LATENCY_P95 = "job:brainbytes_ai_request_duration_seconds:p95_rate5m"
AI_TOKENS_RATE = "model_type:brainbytes_ai_tokens_used:rate5m"

# Hosts
NODE_CPU_UTILISATION = "instance:node_cpu_utilisation:rate5m"
NODE_MEMORY_UTILISATION = "instance:node_memory_utilisation:ratio"

_REQ = 'brainbytes_http_requests_total{job="brainbytes-backend",instance="backend:3000",method="GET",route="/api/questions",status_code="%s"}'
_TRAFFIC = ((_REQ % "200", "0+240x20"), (_REQ % "404", "0+30x20"), (_REQ % "503", "0+30x20"))
_BUCKET = 'brainbytes_http_request_duration_seconds_bucket{job="brainbytes-backend",instance="backend:3000",method="GET",route="/api/questions",status_code="200",le="%s"}'
# 20 requests a second: 10 under 0.1s, 19 under 0.5s, all under 1s. Whole rates keep promtool's exact comparison exact.
_LATENCY = ((_BUCKET % "0.1", "0+600x20"), (_BUCKET % "0.5", "0+1140x20"), (_BUCKET % "1", "0+1200x20"), (_BUCKET % "+Inf", "0+1200x20"))
_AI = 'brainbytes_ai_requests_total{job="brainbytes-ai-service",instance="ai-service:3002",model="gpt-4o-mini",status="%s"}'
_AI_TRAFFIC = ((_AI % "success", "0+540x20"), (_AI % "error", "0+60x20"))
_AI_BUCKET = 'brainbytes_ai_request_duration_seconds_bucket{job="brainbytes-ai-service",instance="ai-service:3002",model="gpt-4o-mini",le="%s"}'
_AI_LATENCY = ((_AI_BUCKET % "1", "0+120x20"), (_AI_BUCKET % "5", "0+600x20"), (_AI_BUCKET % "10", "0+1200x20"), (_AI_BUCKET % "+Inf", "0+1200x20"))
_TOKENS = 'brainbytes_ai_tokens_used_total{job="brainbytes-ai-service",instance="ai-service:3002",model="gpt-4o-mini",type="%s"}'
_CPU = 'node_cpu_seconds_total{job="node-exporter",instance="node-exporter:9100",cpu="%s",mode="%s"}'
_ROUTE = {"job": "brainbytes-backend", "route": "/api/questions"}
_BACKEND = {"job": "brainbytes-backend"}
_AI_JOB = {"job": "brainbytes-ai-service"}


def http(stack):
    return RuleGroup("brainbytes-http-records", [
        Recording(REQUESTS_RATE, "sum by (job) (rate(brainbytes_http_requests_total[5m]))",
                  tests=[Samples("10m", _TRAFFIC, [(_BACKEND, 5)])]),
        Recording(ERRORS_5XX_RATE, 'sum by (job) (rate(brainbytes_http_requests_total{status_code=~"5.."}[5m]))',
                  tests=[Samples("10m", _TRAFFIC, [(_BACKEND, 0.5)])]),
        Recording(ERRORS_5XX_RATIO, f"{ERRORS_5XX_RATE} / {REQUESTS_RATE}",
                  tests=[Samples("10m", _TRAFFIC, [(_BACKEND, 0.1)])]),
        Recording(ROUTE_REQUESTS_RATE, "sum by (job, route) (rate(brainbytes_http_requests_total[5m]))",
                  tests=[Samples("10m", _TRAFFIC, [(_ROUTE, 5)])]),
        Recording(ROUTE_ERRORS_5XX_RATE, 'sum by (job, route) (rate(brainbytes_http_requests_total{status_code=~"5.."}[5m]))',
                  tests=[Samples("10m", _TRAFFIC, [(_ROUTE, 0.5)])]),
        Recording(ROUTE_ERRORS_4XX_RATE, 'sum by (job, route) (rate(brainbytes_http_requests_total{status_code=~"4.."}[5m]))',
                  tests=[Samples("10m", _TRAFFIC, [(_ROUTE, 0.5)])]),
        Recording(ROUTE_LATENCY_BUCKETS,
                  "sum by (job, route, le) (rate(brainbytes_http_request_duration_seconds_bucket[5m]))",
                  tests=[Samples("10m", _LATENCY, [({**_ROUTE, "le": "0.1"}, 10), ({**_ROUTE, "le": "0.5"}, 19),
                                                   ({**_ROUTE, "le": "1"}, 20), ({**_ROUTE, "le": "+Inf"}, 20)])]),
        Recording(LATENCY_P95, f"histogram_quantile(0.95, sum by (job, le) ({ROUTE_LATENCY_BUCKETS}))",
                  # Rank 0.95 * 20 = 19 is exactly the count under 0.5s.
                  tests=[Samples("10m", _LATENCY, [(_BACKEND, 0.5)])]),
    ])


def ai(stack):
    return RuleGroup("brainbytes-ai-records", [
        Recording(AI_REQUESTS_RATE, "sum by (job) (rate(brainbytes_ai_requests_total[5m]))",
                  tests=[Samples("10m", _AI_TRAFFIC, [(_AI_JOB, 10)])]),
        Recording(AI_ERRORS_RATE, 'sum by (job) (rate(brainbytes_ai_requests_total{status="error"}[5m]))',
                  tests=[Samples("10m", _AI_TRAFFIC, [(_AI_JOB, 1)])]),
        Recording(AI_ERROR_RATIO, f"{AI_ERRORS_RATE} / {AI_REQUESTS_RATE}",
                  tests=[Samples("10m", _AI_TRAFFIC, [(_AI_JOB, 0.1)])]),
        Recording(AI_LATENCY_BUCKETS, "sum by (job, le) (rate(brainbytes_ai_request_duration_seconds_bucket[5m]))",
                  tests=[Samples("10m", _AI_LATENCY, [({**_AI_JOB, "le": "1"}, 2), ({**_AI_JOB, "le": "5"}, 10),
                                                      ({**_AI_JOB, "le": "10"}, 20), ({**_AI_JOB, "le": "+Inf"}, 20)])]),
        Recording(AI_LATENCY_P95, f"histogram_quantile(0.95, {AI_LATENCY_BUCKETS})",
                  # Rank 0.95 * 20 = 19 falls in the (5s, 10s] bucket: 5 + 5 * (19 - 10) / (20 - 10).
                  tests=[Samples("10m", _AI_LATENCY, [(_AI_JOB, 9.5)])]),
        Recording(AI_TOKENS_RATE, "sum by (model, type) (rate(brainbytes_ai_tokens_used_total[5m]))",
                  tests=[Samples("10m", ((_TOKENS % "prompt", "0+600x20"), (_TOKENS % "completion", "0+300x20")),
                                 [({"model": "gpt-4o-mini", "type": "prompt"}, 10),
                                  ({"model": "gpt-4o-mini", "type": "completion"}, 5)])]),
    ])


def nodes(stack):
    return RuleGroup("brainbytes-node-records", [
        Recording(NODE_CPU_UTILISATION, '1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[5m]))',
                  # Two CPUs, one idle 30s of every minute and one idle 15s: 1 - (0.5 + 0.25) / 2.
                  tests=[Samples("10m", ((_CPU % ("0", "idle"), "0+30x20"), (_CPU % ("1", "idle"), "0+15x20")),
                                 [({"instance": "node-exporter:9100"}, 0.625)])]),
        Recording(NODE_MEMORY_UTILISATION,
                  "1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes",
                  tests=[Samples("1m", (
                      ('node_memory_MemAvailable_bytes{job="node-exporter",instance="node-exporter:9100"}', "2147483648x2"),
                      ('node_memory_MemTotal_bytes{job="node-exporter",instance="node-exporter:9100"}', "8589934592x2"),
                  ), [({"job": "node-exporter", "instance": "node-exporter:9100"}, 0.75)])]),
    ])


def groups(stack):
    return [http(stack), ai(stack), nodes(stack)]
