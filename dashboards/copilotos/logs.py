"""Logs (Loki): how much each service logs, at which level, and the error lines themselves."""

from dashboards.copilotos.common import API_OVERVIEW, CONTAINERS, LOGS, board, drill
from obsgen.api import LOKI_VAR, logs, loki, Row, Variable

# Promtail labels each line with the compose service and the container name (seed: service="api").
API_SERVICE = 'service="api"'
CHOSEN = ('service=~"$service"', 'container=~"$container"')


def dashboard(stack):
    chosen = logs.stream(*CHOSEN)
    return board(
        LOGS, "Logs",
        "Log volume by service and level, the error log rate, and the API's error lines, from Loki.",
        loki=True,
        variables=(
            Variable("service", "label_values(service)", label="Service", datasource=LOKI_VAR, all_value=".+"),
            Variable("container", 'label_values({service=~"$service"}, container)', label="Container",
                     datasource=LOKI_VAR, all_value=".+"),
        ),
        rows=[
            Row("Volume", [
                logs.volume_panel("Log volume by service and level", "Lines logged per interval, by service and the "
                                  "level the line states; a wall of error bars is an incident.", chosen, ("service", "level"),
                                  width=16),
                logs.error_rate_panel("Error log rate", "Lines per second at level error, critical or fatal, by service.",
                                      chosen, ("service",), width=8),
            ]),
            Row("Lines", [
                logs.logs("API errors", "The API's log lines containing \"error\" (the seed's {service=\"api\"} |= \"error\"), "
                          "newest first; the container variable narrows them.",
                          loki(f'{logs.stream(API_SERVICE, CHOSEN[1])} |= "error"'), width=24, height=12),
                logs.logs("All lines of the chosen services", "Every line of the chosen services and containers, "
                          "newest first. Open API Overview or Containers for the metrics around them.",
                          loki(chosen), width=24, height=12),
            ], height=12),
            Row("Related", [
                logs.error_rate_panel("API error log rate", "API lines per second at level error or worse: compare "
                                      "with the 5xx ratio on API Overview.", logs.stream(API_SERVICE, CHOSEN[1]),
                                      ("container",), links=[drill(stack, API_OVERVIEW, "API Overview"),
                                                             drill(stack, CONTAINERS, "Containers")]),
            ]),
        ],
    )
