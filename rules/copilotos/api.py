"""Is the Copilotos API answering, correctly and fast? The seed's 5% error alert, latency, tool failures."""

from obsgen.api import http, RuleGroup, Runbook
from stacks.copilotos import API_JOB, API_OVERVIEW, BUSINESS

# Labels of the test series besides job, instance and status: one endpoint of the API.
CHAT = {"method": "POST", "endpoint": "/api/chat"}
# The seed's alert, named once: the routing tests send it by this name.
HIGH_ERROR_RATIO = "CopilotosApiHighErrorRatio"


def group(stack):
    api = stack.service(API_JOB)
    errors = stack.threshold("api_error_ratio")
    latency = stack.threshold("api_latency_p95")
    tools = stack.threshold("tool_failure_ratio")
    return RuleGroup(API_JOB, [  # the API's alerts, named after its job
        # The seed's alert: error rate above 5% for 5 minutes.
        http.error_ratio_alert(
            api, name=HIGH_ERROR_RATIO, counter="copilotos_requests_total", threshold=errors,
            dashboard=API_OVERVIEW, labels=CHAT, for_="5m",
            summary="The Copilotos API answers too many requests with server errors.",
            runbook=Runbook(
                meaning=f"More than {errors.value:.0%} of API requests have returned a 5xx status for 5 minutes.",
                impact="Chat, research and tool calls fail for users; the web app shows errors.",
                steps=("Open API Overview: which endpoints and methods carry the 5xx?",
                       "Open Logs and read the API's error lines ({service=\"api\"} |= \"error\") around the start.",
                       "Check MongoDB, Redis and the language model: API 5xx often passes their failures on.",
                       "Roll back the last API deploy if the errors began with it."))),
        http.latency_alert(
            api, name="CopilotosApiHighLatency", histogram="copilotos_request_duration_seconds", threshold=latency,
            dashboard=API_OVERVIEW, labels=CHAT,
            summary="Copilotos API responses are slow.",
            runbook=Runbook(
                meaning=f"The API's 95th percentile response time has been above {latency}s for 10 minutes.",
                impact="One request in twenty waits longer than that; chat feels stuck and clients may time out.",
                steps=("Open API Overview: is one endpoint slow, or all of them?",
                       "Open Business: slow research sessions or tools pull the API's latency up.",
                       "Check container CPU and memory of the API on Containers; scale it if saturated."))),
        http.error_ratio_alert(
            api, name="CopilotosToolFailures", counter="copilotos_tool_invocations_total", threshold=tools,
            what="tool invocations", bad_match='="error"', good_value="success", bad_value="error",
            labels={"tool": "web_search"}, dashboard=BUSINESS, severity="warning", for_="10m",
            summary="Copilotos tools fail too often.",
            runbook=Runbook(
                meaning=f"More than {tools.value:.0%} of tool invocations have failed for 10 minutes.",
                impact="Answers that need a tool (search, documents, research) come back incomplete or wrong.",
                steps=("Open Business: which tool fails, and with which error type?",
                       "Check the tool's upstream (search provider, document store) and its credentials.",
                       "Disable the failing tool in the API configuration if its upstream is down."))),
    ])
