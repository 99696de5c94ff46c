"""Mini routing: everything reaches the ops channel."""

from obsgen.api import AlertmanagerConfig, Receiver, Route, RouteCase, Slack


def config(stack):
    return AlertmanagerConfig(
        route=Route(
            receiver="ops-slack",
            group_by=("alertname", "team"),
            group_wait="30s",
            routes=[Route("ops-slack", matchers=['team="ops"'])],
        ),
        receivers=[Receiver("ops-slack", slack=[Slack("#mini-ops", "/etc/alertmanager/secrets/slack-ops.url")])],
        route_tests=[RouteCase({"team": "ops", "alertname": "X"}, ["ops-slack"])], templates=TEMPLATES,
    )


# Slack's default title and text call these; Alertmanager fails every notification if no loaded file defines them.
TEMPLATES = {"mini.tmpl": '{{ define "obsgen.slack.title" }}[{{ .Status }}] {{ .CommonLabels.alertname }}{{ end }}\n'
                          '{{ define "obsgen.slack.text" }}{{ range .Alerts }}{{ .Annotations.summary }}\n{{ end }}{{ end }}\n'}
