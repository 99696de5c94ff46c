"""BrainBytes Alertmanager routing (seed 004): by team, by severity, by time of day.

- warning and info reach the team's Slack channel, in business hours only;
- critical reaches the team's Slack, email and the on-call pager at any hour,
  the after-hours on-call line outside business hours, and the leads when it is
  still firing after the stack's escalation delay;
- the Watchdog heartbeat reaches only the heartbeat monitor;
- alerts no team claims reach the triage team's channel rather than nobody.

Channels and addresses come from the stack's teams, so a team's Slack channel is
written once. Secrets are files the deployment mounts under SECRETS.
"""

from alertmanager import templates
from obsgen.api import (
    SEVERITIES,
    AlertmanagerConfig,
    durations,
    Email,
    Inhibit,
    Receiver,
    Route,
    RouteCase,
    Slack,
    Smtp,
    TimeInterval,
    TimeRange,
    targets,
    Webhook,
)
from stacks.brainbytes import BACKEND_JOB, PROMETHEUS_JOB

SECRETS = "/etc/alertmanager/secrets"
# Owners of the monitoring stack triage what no team route claims.
TRIAGE_TEAM = "infrastructure"
LEADS_EMAIL = "leads@brainbytes.ph"
# The on-call bridge turns webhooks into pages and phone calls; its token is a mounted file.
ONCALL_BRIDGE = "http://oncall-bridge:8080/v1"
HEARTBEAT_URL = "http://heartbeat-monitor:8080/v1/ping/brainbytes"

BUSINESS_HOURS = "business-hours"
GROUP_BY = ("service", "severity", "team")
HEARTBEAT = "heartbeat"
ESCALATION = "escalation"
AFTER_HOURS = "oncall-after-hours"
UNROUTED = "unrouted"
# Service-down alerts are named <Job>Down (rules/brainbytes/availability.py).
SERVICE_DOWN = 'alertname=~".+Down"'


def slack_receiver(team) -> str:
    return f"{team.name}-slack"


def critical_receiver(team) -> str:
    return f"{team.name}-critical"


def _slack(team) -> Slack:
    return Slack(team.slack_channel, f"{SECRETS}/slack-{team.name}.url")


def _email(to: str) -> Email:
    return Email(to, headers={"Subject": '{{ template "obsgen.email.subject" . }}'})


def _oncall(path: str) -> Webhook:
    return Webhook(f"{ONCALL_BRIDGE}/{path}", credentials_file=f"{SECRETS}/oncall-bridge.token")


def receivers(stack) -> list:
    triage = stack.team(TRIAGE_TEAM)
    out = []
    for team in stack.teams:
        out.append(Receiver(slack_receiver(team), slack=[_slack(team)],
                            description=f"{team.name} team Slack channel"))
        out.append(Receiver(critical_receiver(team), slack=[_slack(team)], email=[_email(team.email)],
                            webhook=[_oncall(f"page/{team.name}")],
                            description=f"{team.name} team Slack, email and on-call pager"))
    out += [
        Receiver(ESCALATION, email=[_email(LEADS_EMAIL)], webhook=[_oncall("escalate")],
                 description="team leads by email and the escalation webhook"),
        Receiver(AFTER_HOURS, webhook=[_oncall("after-hours")], description="after-hours on-call line"),
        Receiver(HEARTBEAT, webhook=[Webhook(HEARTBEAT_URL, send_resolved=False)],
                 description="dead man's switch: silence from it means the alerting path is broken"),
        Receiver(UNROUTED, slack=[_slack(triage)],
                 description=f"alerts no team route claims, to the {triage.name} team's channel for triage"),
    ]
    return out


def _team_route(team, delay: str) -> Route:
    return Route(slack_receiver(team), matchers=[f'team="{team.name}"'], name=f"team {team.name}", routes=[
        # A group only notifies after group_wait if an alert in it is still firing, so a
        # critical resolved within the delay never reaches the leads.
        Route(ESCALATION, matchers=['severity="critical"'], continue_=True, group_wait=delay, group_interval=delay,
              repeat_interval=max(delay, "4h", key=durations.to_ms), name=f"{team.name} critical escalates after {delay}"),
        Route(AFTER_HOURS, matchers=['severity="critical"'], continue_=True, mute_time_intervals=[BUSINESS_HOURS],
              name=f"{team.name} critical after hours"),
        Route(critical_receiver(team), matchers=['severity="critical"'], name=f"{team.name} critical"),
        Route(slack_receiver(team), matchers=['severity=~"warning|info"'], active_time_intervals=[BUSINESS_HOURS],
              name=f"{team.name} warning and info, business hours"),
    ])


def route(stack) -> Route:
    delay = durations.from_seconds(stack.setting("escalation_delay").value)
    return Route(
        # Alerts no team route claims stop here, at any hour and severity: a missing or
        # misspelt team label is itself worth someone's attention.
        receiver=UNROUTED,
        group_by=GROUP_BY,
        group_wait="30s",
        group_interval="5m",
        repeat_interval="4h",
        routes=[
            # First and final: the heartbeat must never reach people.
            Route(HEARTBEAT, matchers=['alertname="Watchdog"'], group_wait="0s", group_interval="1m",
                  repeat_interval="5m", name="watchdog heartbeat"),
            *(_team_route(team, delay) for team in stack.teams),
        ],
    )


def inhibit_rules() -> list:
    return [
        Inhibit(['severity="critical"'], ['severity="warning"'], equal=("alertname", "service"),
                name="critical silences the same alert's warning"),
        Inhibit([SERVICE_DOWN], ['alertname!~".+Down"', 'alertname!="Watchdog"'], equal=("service",),
                name="a down service silences its other alerts"),
    ]


def time_intervals(stack) -> list:
    return [TimeInterval(BUSINESS_HOURS, [TimeRange(("monday:friday",), "09:00", "18:00", location=stack.timezone)],
                         description="office hours, when warnings are worth interrupting someone")]


def route_cases(stack) -> list:
    """The routing table: labels and the receivers they must reach, time of day aside."""
    cases = []
    for team in stack.teams:
        for severity in SEVERITIES:
            expected = ([ESCALATION, AFTER_HOURS, critical_receiver(team)] if severity == "critical"
                        else [slack_receiver(team)])
            cases.append(RouteCase({"team": team.name, "severity": severity, "alertname": "Example"}, expected,
                                   name=f"{team.name} {severity}"))
        cases.append(RouteCase({"team": team.name, "alertname": "Example"}, [slack_receiver(team)],
                               name=f"{team.name} without severity reaches the team channel"))
    backend = stack.service(BACKEND_JOB)
    cases += [
        RouteCase({"alertname": "Watchdog", "severity": "info", "team": TRIAGE_TEAM, "service": PROMETHEUS_JOB},
                  [HEARTBEAT], name="watchdog reaches only the heartbeat"),
        RouteCase({"alertname": "Watchdog", "severity": "critical", "team": "ai"}, [HEARTBEAT],
                  name="watchdog never pages whatever its labels"),
        RouteCase({"team": "unknown", "severity": "warning", "alertname": "Example"}, [UNROUTED],
                  name="unknown team falls to the triage channel"),
        RouteCase({"severity": "warning", "alertname": "Example"}, [UNROUTED], name="no team falls to the triage channel"),
        RouteCase({"team": "unknown", "severity": "critical", "alertname": "Example"}, [UNROUTED],
                  name="unknown team critical reaches the triage channel"),
        RouteCase({"alertname": targets.down_alert_name(backend), "severity": "critical", "team": backend.team,
                   "service": backend.job},
                  [ESCALATION, AFTER_HOURS, critical_receiver(stack.team(backend.team))],
                  name="backend down pages and escalates"),
    ]
    return cases


def config(stack):
    return AlertmanagerConfig(
        route=route(stack),
        receivers=receivers(stack),
        inhibit_rules=inhibit_rules(),
        time_intervals=time_intervals(stack),
        templates=templates.load(),
        smtp=Smtp(smarthost="smtp.brainbytes.ph:587", from_="alertmanager@brainbytes.ph",
                  auth_username="alertmanager@brainbytes.ph", auth_password_file=f"{SECRETS}/smtp-password"),
        route_tests=route_cases(stack),
    )
