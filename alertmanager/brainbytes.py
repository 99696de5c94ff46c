"""BrainBytes Alertmanager routing: each team's alerts reach that team's Slack channel.

Secrets are mounted files; the paths below are where the deployment mounts them.
"""

from alertmanager import templates
from obsgen.model.alertmanager import AlertmanagerConfig, Receiver, Route, RouteCase, Slack

SECRETS = "/etc/alertmanager/secrets"
DEFAULT = "infrastructure-slack"


def _team_receiver(team):
    return Receiver(f"{team.name}-slack", slack=[Slack(team.slack_channel, f"{SECRETS}/slack-{team.name}.url")])


def config(stack):
    return AlertmanagerConfig(
        route=Route(
            receiver=DEFAULT,
            group_by=("alertname", "service", "severity", "team"),
            group_wait="30s",
            group_interval="5m",
            repeat_interval="4h",
            routes=[Route(f"{t.name}-slack", matchers=[f'team="{t.name}"']) for t in stack.teams],
        ),
        receivers=[_team_receiver(t) for t in stack.teams],
        templates=templates.load(),
        route_tests=[
            *(RouteCase({"team": t.name, "severity": "critical", "alertname": "X"}, [f"{t.name}-slack"]) for t in stack.teams),
            RouteCase({"team": "unknown", "severity": "warning"}, [DEFAULT], name="unknown team falls to the default"),
        ],
    )
