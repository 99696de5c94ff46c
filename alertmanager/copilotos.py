"""Copilotos Bridge Alertmanager routing (seed 000 calls it optional): Slack and email, by team and severity.

- every alert reaches its team's Slack channel;
- critical alerts also reach the team by email, and repeat sooner;
- the Watchdog heartbeat reaches only the heartbeat monitor;
- an alert without a known team reaches the platform team, who own the monitoring.

Channels and addresses come from the stack's teams. Secrets are files the
deployment mounts under SECRETS; Alertmanager 0.25 has no url_file for
webhooks, so the heartbeat URL carries no credential.
"""

from alertmanager import templates
from obsgen.api import SEVERITIES, AlertmanagerConfig, Email, Inhibit, Receiver, Route, RouteCase, Slack, Smtp, Webhook
from rules.copilotos.api import HIGH_ERROR_RATIO
from stacks.copilotos import API_JOB

SECRETS = "/etc/alertmanager/secrets"
# The platform team owns the monitoring, so it hears what no team route claims.
TRIAGE_TEAM = "platform"
HEARTBEAT = "heartbeat"
HEARTBEAT_URL = "http://heartbeat-monitor:8080/v1/ping/copilotos"


def receiver(team, *, critical: bool = False) -> str:
    """`<team>-slack`, or `<team>-slack-email` for the critical receiver that also emails the team."""
    return f"{team.name}-slack-email" if critical else f"{team.name}-slack"


def receivers(stack) -> list:
    out = [Receiver(HEARTBEAT, webhook=[Webhook(HEARTBEAT_URL, send_resolved=False)],
                    description="dead man's switch for the Watchdog alert")]
    for team in stack.teams:
        slack = Slack(team.slack_channel, f"{SECRETS}/slack-{team.name}.url")
        out.append(Receiver(receiver(team), slack=[slack], description=f"{team.name} team Slack channel"))
        email = Email(team.email, headers={"Subject": '{{ template "obsgen.email.subject" . }}'})
        out.append(Receiver(receiver(team, critical=True), slack=[slack], email=[email],
                            description=f"{team.name} team Slack channel and email"))
    return out


def route(stack) -> Route:
    return Route(
        receiver=receiver(stack.team(TRIAGE_TEAM)),
        group_by=("alertname", "service", "severity"),
        routes=[
            Route(HEARTBEAT, matchers=['alertname="Watchdog"'], group_wait="0s", group_interval="1m",
                  repeat_interval="5m", name="watchdog heartbeat"),
            *(Route(receiver(team), matchers=[f'team="{team.name}"'], name=f"team {team.name}", routes=[
                # Critical alerts repeat sooner: an unanswered page is worse than a noisy one.
                Route(receiver(team, critical=True), matchers=['severity="critical"'], repeat_interval="1h",
                      name=f"{team.name} critical"),
            ]) for team in stack.teams),
        ],
    )


def route_cases(stack) -> list:
    api = stack.service(API_JOB)
    cases = [RouteCase({"alertname": "Watchdog", "severity": "info", "team": TRIAGE_TEAM}, [HEARTBEAT],
                       name="the heartbeat reaches no person"),
             RouteCase({"alertname": "Example", "severity": "critical"}, [receiver(stack.team(TRIAGE_TEAM))],
                       name="no team falls to the platform channel"),
             RouteCase({"alertname": HIGH_ERROR_RATIO, "severity": "critical", "team": api.team,
                        "service": api.job}, [receiver(stack.team(api.team), critical=True)],
                       name="the seed's alert reaches the API team by Slack and email")]
    for team in stack.teams:
        cases += [RouteCase({"alertname": "Example", "severity": severity, "team": team.name},
                            [receiver(team, critical=severity == "critical")], name=f"{team.name} {severity}")
                  for severity in SEVERITIES]
    return cases


def config(stack):
    return AlertmanagerConfig(
        route=route(stack),
        receivers=receivers(stack),
        inhibit_rules=[Inhibit(['severity="critical"'], ['severity="warning"'], equal=("alertname", "service"),
                               name="a critical alert silences the same alert's warning")],
        templates=templates.load(),
        smtp=Smtp(smarthost="smtp.copilotos.dev:587", from_="alertmanager@copilotos.dev",
                  auth_username="alertmanager@copilotos.dev", auth_password_file=f"{SECRETS}/smtp-password"),
        route_tests=route_cases(stack),
    )
