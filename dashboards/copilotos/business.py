"""Business: what the assistant does for users. Research sessions, intent classification, tools, models."""

from dashboards.copilotos.common import API, API_OVERVIEW, BUSINESS, board, drill
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

TOOLS = "copilotos_tool_invocations_total"
TOOL_FAILED = 'status="error"'


def _per_second(metric: str, sel: str, by: tuple, title: str, description: str, **options):
    return timeseries(title, description, prom(total(rate(metric, sel), by), " ".join("{{%s}}" % b for b in by)),
                      unit=options.pop("unit", "short"), **options)


def dashboard(stack):
    sel = selector(JOB, INSTANCE)
    tool_failures = ratio(total(rate(TOOLS, selector(JOB, INSTANCE, TOOL_FAILED)), ("tool",)),
                          total(rate(TOOLS, sel), ("tool",)))
    api = drill(stack, API_OVERVIEW, "API Overview")
    return board(
        BUSINESS, "Business",
        "Research sessions and their duration, intent classification, tool invocations and failures, "
                    "chat and language model usage.",
        variables=blocks.job_variables([API]),
        rows=[
            Row("Now", [
                stat("Research sessions running", "Research sessions in progress, all modes.",
                     prom(total(f"copilotos_research_sessions_active{sel}")), unit="short", width=6, height=5),
                stat("Chat sessions open", "Chat sessions open right now: how many users are affected by an incident.",
                     prom(total(f"copilotos_sessions_active{sel}")), unit="short", width=6, height=5, links=[api]),
                stat("Tool failure ratio", "Share of tool invocations that failed; red from the alert threshold.",
                     prom(ratio(total(rate(TOOLS, selector(JOB, INSTANCE, TOOL_FAILED))), total(rate(TOOLS, sel)))),
                     unit="percentunit", threshold=stack.threshold("tool_failure_ratio"), width=6, height=5),
                stat("Messages per minute", "Chat messages per minute, users and assistant together.",
                     prom(f"{total(rate('copilotos_chat_messages_total', sel))} * 60"), unit="short", width=6, height=5),
            ]),
            Row("Research", [
                _per_second("copilotos_research_sessions_total", sel, ("mode",), "Research sessions started",
                            "Research sessions started per second, by mode (quick, deep).", stacked=True),
                blocks.latency_quantiles("Research duration", "How long research sessions take to finish: p50, p90, p99 by mode.",
                                         bucket_rate("copilotos_research_duration_seconds", sel), by=("mode",)),
                _per_second("copilotos_research_failures_total", sel, ("mode", "reason"), "Research failures",
                            "Research sessions that failed per second, by mode and reason."),
                _per_second("copilotos_research_sources_total", sel, ("source_type",), "Sources consulted",
                            "Sources research reads per second, by type.", stacked=True),
            ]),
            Row("Intent classification", [
                _per_second("copilotos_intent_classifications_total", sel, ("intent",), "Classifications by intent",
                            "Messages classified per second, by detected intent: what users ask for.", stacked=True),
                blocks.latency_quantiles("Classification latency", "p50, p90 and p99 of the time to classify a message.",
                                         bucket_rate("copilotos_intent_classification_duration_seconds", sel)),
                timeseries("Classifier confidence (median)", "Median confidence of the chosen intent; a falling line "
                           "means messages the classifier does not know.",
                           prom(quantile(0.5, bucket_rate("copilotos_intent_confidence_ratio", sel), ("intent",)), "{{intent}}"),
                           unit="percentunit", min_value=0, max_value=1),
            ]),
            Row("Tools", [
                _per_second(TOOLS, sel, ("tool", "status"), "Tool invocations",
                            "Tool invocations per second, by tool and outcome (success, error).", stacked=True),
                timeseries("Tool failure ratio by tool", "Share of each tool's invocations that failed, against the "
                           "alert threshold.", prom(tool_failures, "{{tool}}"), unit="percentunit",
                           threshold=stack.threshold("tool_failure_ratio"), min_value=0),
                _per_second("copilotos_tool_failures_total", sel, ("tool", "error_type"), "Tool failures by error type",
                            "Failed tool invocations per second, by tool and error type."),
                timeseries("Tool latency (p95)", "95th percentile tool invocation time, per tool.",
                           prom(quantile(0.95, bucket_rate("copilotos_tool_duration_seconds", sel), ("tool",)), "{{tool}}"),
                           unit="s"),
            ]),
            Row("Chat, models and dependencies", [
                _per_second("copilotos_chat_messages_total", sel, ("role",), "Chat messages",
                            "Chat messages per second, by role (user, assistant).", stacked=True),
                _per_second("copilotos_llm_requests_total", sel, ("model", "status"), "Model requests",
                            "Requests to the language model per second, by model and outcome.", unit="reqps"),
                timeseries("Model latency (p95)", "95th percentile language model latency, per model.",
                           prom(quantile(0.95, bucket_rate("copilotos_llm_request_duration_seconds", sel), ("model",)),
                                "{{model}}"), unit="s"),
                _per_second("copilotos_llm_tokens_total", sel, ("model", "type"), "Tokens",
                            "Tokens per second, by model and type (prompt, completion).", stacked=True),
                timeseries("Cache hit ratio", "Share of Redis cache reads that hit, by operation.",
                           prom(ratio(total(rate("copilotos_cache_operations_total", selector(JOB, INSTANCE, 'result="hit"')),
                                            ("operation",)),
                                      total(rate("copilotos_cache_operations_total", selector(JOB, INSTANCE, 'result=~"hit|miss"')),
                                            ("operation",))), "{{operation}}"),
                           unit="percentunit", min_value=0, max_value=1),
                timeseries("MongoDB latency (p95)", "95th percentile MongoDB operation time, by operation and collection.",
                           prom(quantile(0.95, bucket_rate("copilotos_db_operation_duration_seconds", sel),
                                         ("operation", "collection")), "{{operation}} {{collection}}"), unit="s"),
            ]),
        ],
    )
