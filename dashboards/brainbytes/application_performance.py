"""Application Performance: how fast and how much? Backend routes, the database, the AI service and its cost."""

from dashboards.brainbytes.common import (
    AI_DURATION, AI_REQUESTS, AI_SERVICE, BACKEND, DB_DURATION, FOLDER, PERFORMANCE, ai_cost_per_day,
    ai_cost_per_hour,
)
from obsgen.api import (
    INSTANCE,
    JOB,
    bargauge,
    blocks,
    bucket_rate,
    Dashboard,
    heatmap,
    latency_quantiles,
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
from rules.brainbytes.records import (
    AI_LATENCY_BUCKETS, AI_TOKENS_RATE, ROUTE_ERRORS_5XX_RATIO, ROUTE_LATENCY_BUCKETS, ROUTE_REQUESTS_RATE,
)


def dashboard(stack):
    jobs = selector(JOB)
    raw = selector(JOB, INSTANCE)
    routes = ROUTE_REQUESTS_RATE + jobs
    route_buckets = ROUTE_LATENCY_BUCKETS + jobs
    pool = stack.setting("db_pool_size")
    connections = total(f"brainbytes_db_connections_active{raw}")
    db_queries = f"{DB_DURATION}_count"
    return Dashboard(
        slug=PERFORMANCE,
        title="BrainBytes / Application Performance",
        description="Request rate, errors and latency of the backend by route, the database, and the AI service with its token cost.",
        folder=FOLDER,
        tags=("performance",),
        variables=blocks.job_variables([BACKEND, AI_SERVICE]),
        rows=[
            Row("Backend by route", [
                *blocks.red_panels("Backend", requests=routes, by=("route",),
                                   errors_ratio=ROUTE_ERRORS_5XX_RATIO + jobs,
                                   buckets=route_buckets,
                                   error_threshold=stack.threshold("backend_5xx_ratio"),
                                   latency_threshold=stack.threshold("backend_latency_p95")),
            ]),
            Row("Backend latency", [
                latency_quantiles("Backend latency quantiles", "p50, p90 and p99 of backend response time over all routes: "
                                  "the typical, the slow and the worst request.", route_buckets,
                                  threshold=stack.threshold("backend_latency_p95")),
                bargauge("Slowest routes (p99)", "The five routes with the highest p99 response time now: where to optimise first.",
                         prom(f"topk(5, {quantile(0.99, route_buckets, ('route',))})", "{{route}}", instant=True),
                         unit="s", threshold=stack.threshold("backend_latency_p95")),
                heatmap("Backend latency distribution", "How many requests per second fell in each latency bucket: "
                        "a second band of slow requests shows here before it moves a percentile.",
                        prom(total(route_buckets, ("le",)), "{{le}}", fmt="heatmap"), unit="s"),
            ]),
            Row("Database", [
                timeseries("DB query rate", "Database queries per second by operation and collection.",
                           prom(total(rate(db_queries, raw), ("operation", "collection")), "{{operation}} {{collection}}"),
                           unit="ops"),
                latency_quantiles("DB query duration", "p50, p90 and p99 database query time by operation.",
                                  bucket_rate(DB_DURATION, raw), by=("operation",), quantiles=(0.5, 0.99)),
                timeseries("Active DB connections", "Connections checked out of the pool; the line is the pool size "
                           "from the stack config, where requests start to queue.",
                           prom(connections, "active"), unit="short", threshold=pool, min_value=0),
                stat("DB pool utilisation", "Share of the pool checked out now; red from the pool alert threshold.",
                     prom(ratio(connections, str(pool))), unit="percentunit",
                     threshold=stack.threshold("db_pool_utilisation"), width=6),
            ]),
            Row("AI service", [
                timeseries("AI request rate by outcome", "AI requests per second by model and outcome (success, error).",
                           prom(total(rate(AI_REQUESTS, raw), ("model", "status")), "{{model}} {{status}}"), unit="reqps",
                           stacked=True),
                latency_quantiles("AI latency quantiles", "p50, p90 and p99 of the time the AI provider takes to answer.",
                                  AI_LATENCY_BUCKETS + jobs, threshold=stack.threshold("ai_latency_p95")),
                timeseries("AI tokens by model and type", "Tokens per second consumed, by model and type (prompt, completion).",
                           prom(AI_TOKENS_RATE, "{{model}} {{type}}"), unit="short", stacked=True),
                timeseries("AI latency p95 by model", "95th percentile AI answer time per model: is one model the slow one?",
                           prom(quantile(0.95, bucket_rate(AI_DURATION, raw), ("model",)), "{{model}}"), unit="s",
                           threshold=stack.threshold("ai_latency_p95")),
            ]),
            Row("AI cost", [
                stat("AI cost per hour", "Dollars per hour the current token rate costs, at the configured price per 1,000 tokens.",
                     prom(ai_cost_per_hour(stack)), unit="currencyUSD", width=6),
                stat("AI cost per day (projected)", "The current token rate over a whole day; red from the daily AI budget.",
                     prom(ai_cost_per_day(stack)), unit="currencyUSD", threshold=stack.setting("ai_daily_budget"), width=6),
                timeseries("AI cost per hour by model", "Dollars per hour each model costs at the current token rate.",
                           prom(ai_cost_per_hour(stack, ("model",)), "{{model}}"), unit="currencyUSD", stacked=True, width=12),
            ]),
        ],
    )
