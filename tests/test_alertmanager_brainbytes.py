"""BrainBytes routing held against the rules it serves, the seed's requirements, and its secrets."""

import re

import attr
import pytest
import yaml

from conftest import ROOT, definition, obsgen
from obsgen import routing
from obsgen.compile.alertmanager import compile_alertmanager
from obsgen.loader import load
from obsgen.model.alertmanager import (
    AlertmanagerConfig, Email, Receiver, Route, Slack, Smtp, Webhook,
)
from obsgen.model.rules import SEVERITIES
from obsgen.pipeline import render

brainbytes = definition("alertmanager.brainbytes")


@pytest.fixture(scope="module")
def bb():
    (proj,) = load(ROOT, "brainbytes")
    return proj


def _alerts(bb):
    return [a for g in bb.groups for a in g.alerts]


def _yaml(stack, config=None) -> dict:
    config = config or brainbytes.config(stack)
    (art,) = [a for a in compile_alertmanager(stack, config) if a.path.endswith("alertmanager.yml")]
    return yaml.safe_load(render(art))


def _compiled(bb) -> dict:
    """alertmanager.yml as data, which the routing evaluator reads."""
    return compile_alertmanager(bb.stack, bb.alertmanager)[0].data


def test_every_team_and_severity_an_alert_carries_reaches_that_teams_receiver(bb):
    config = _compiled(bb)
    pairs = {(a.team, a.severity) for a in _alerts(bb) if a.name != "Watchdog"}
    reached = {pair: routing.receivers(config, {"team": pair[0], "severity": pair[1], "alertname": "X"}) for pair in pairs}
    # Critical pages the team, the leads after the escalation delay, and the on-call engineer after hours.
    assert reached == {(team, severity): [brainbytes.ESCALATION, brainbytes.AFTER_HOURS, f"{team}-critical"]
                       if severity == "critical" else [f"{team}-slack"] for team, severity in pairs}


def test_every_alert_reaches_its_team_with_its_full_labels(bb):
    config = _compiled(bb)
    for alert in _alerts(bb):
        labels = {**alert.static_labels(), "alertname": alert.name}
        reached = routing.receivers(config, labels)
        if alert.name == "Watchdog":
            assert reached == [brainbytes.HEARTBEAT]
        else:
            assert f"{alert.team}-slack" in reached or f"{alert.team}-critical" in reached, (alert.name, reached)


def test_routing_table_covers_teams_severities_watchdog_unknown_team_and_escalation(bb):
    config, stack = bb.alertmanager, bb.stack
    teams = [t.name for t in stack.teams]
    covered = {(c.labels.get("team"), c.labels.get("severity")) for c in config.route_tests}
    # Every team at every severity and with none, plus an unknown team and a missing team label.
    assert covered == {(t, s) for t in teams for s in (*SEVERITIES, None)} | {
        ("unknown", "critical"), ("unknown", "warning"), (None, "warning")}
    outcomes = {}
    for case in config.route_tests:
        team, severity = case.labels.get("team"), case.labels.get("severity")
        kind = ("watchdog" if case.labels["alertname"] == "Watchdog" else "unknown team" if team not in teams
                else "critical" if severity == "critical" else "other")
        outcomes.setdefault(kind, set()).add(tuple(r.replace(team, "<team>") if team else r for r in case.receivers))
    assert outcomes == {
        "watchdog": {(brainbytes.HEARTBEAT,)},
        "unknown team": {(brainbytes.UNROUTED,)},
        "critical": {(brainbytes.ESCALATION, brainbytes.AFTER_HOURS, "<team>-critical")},
        "other": {("<team>-slack",)},
    }


def test_the_default_receiver_is_a_real_channel(bb):
    config = bb.alertmanager
    (default,) = [r for r in config.receivers if r.name == config.route.receiver]
    assert default.slack and default.slack[0].channel == bb.stack.team(brainbytes.TRIAGE_TEAM).slack_channel


def test_watchdog_reaches_no_person(bb):
    heartbeat = {r.name: r for r in bb.alertmanager.receivers}[brainbytes.HEARTBEAT]
    assert heartbeat.webhook and not heartbeat.slack and not heartbeat.email
    for severity in SEVERITIES:
        for team in [t.name for t in bb.stack.teams] + ["unknown"]:
            assert routing.receivers(_compiled(bb), {"alertname": "Watchdog", "severity": severity,
                                                             "team": team}) == [brainbytes.HEARTBEAT]


def test_critical_receivers_have_slack_email_and_pager(bb):
    receivers = {r.name: r for r in bb.alertmanager.receivers}
    for team in bb.stack.teams:
        critical = receivers[f"{team.name}-critical"]
        assert [s.channel for s in critical.slack] == [team.slack_channel]
        assert [e.to for e in critical.email] == [team.email]
        assert len(critical.webhook) == 1
        assert [s.channel for s in receivers[f"{team.name}-slack"].slack] == [team.slack_channel]
    escalation = receivers[brainbytes.ESCALATION]
    assert [e.to for e in escalation.email] == [brainbytes.LEADS_EMAIL] and escalation.webhook


def test_group_by_and_timings(bb):
    # Timings in order are the model's to enforce (test_timings_out_of_order_are_rejected).
    assert bb.alertmanager.route.group_by == ("service", "severity", "team")


def test_timings_out_of_order_are_rejected():
    receivers = [Receiver("a", webhook=[Webhook("http://hooks/a")])]
    with pytest.raises(ValueError, match=r"route 'slow' .*group_wait <= group_interval <= repeat_interval"):
        AlertmanagerConfig(Route("a", group_interval="5m", routes=[Route("a", group_wait="10m", name="slow")]), receivers)
    # Inherited values count: a child's repeat below the parent's group_interval is out of order too.
    with pytest.raises(ValueError, match="route 'fast'"):
        AlertmanagerConfig(Route("a", routes=[Route("a", repeat_interval="1m", name="fast")]), receivers)
    AlertmanagerConfig(Route("a", routes=[Route("a", group_wait="1m", group_interval="1m", repeat_interval="1m")]), receivers)


def test_escalation_waits_the_stacks_escalation_delay(bb):
    stack = bb.stack
    escalations = [n for _p, n, _t in bb.alertmanager.route.walk() if n.receiver == brainbytes.ESCALATION]
    assert len(escalations) == len(stack.teams)
    assert all(n.continue_ and n.group_wait == "30m" for n in escalations)  # 1800 s in stacks/brainbytes.py
    slower = attr.evolve(stack, settings={**stack.settings, "escalation_delay": attr.evolve(
        stack.setting("escalation_delay"), value=5400)})
    waits = {r["group_wait"] for team in _yaml(slower)["route"]["routes"] for r in team.get("routes", [])
             if r["receiver"] == brainbytes.ESCALATION}
    assert waits == {"1h30m"}


def test_inhibition(bb):
    rules = bb.alertmanager.inhibit_rules
    assert len(rules) == 2
    # A critical alert silences the warning of the same alert on the same service; the other rule is below.
    assert (rules[0].source_matchers, rules[0].target_matchers, rules[0].equal) == (
        ('severity="critical"',), ('severity="warning"',), ("alertname", "service"))
    assert brainbytes.SERVICE_DOWN in rules[1].source_matchers


def test_service_down_inhibition_is_sourced_by_exactly_the_target_down_alerts(bb):
    (rule,) = [r for r in bb.alertmanager.inhibit_rules if brainbytes.SERVICE_DOWN in r.source_matchers]
    assert rule.equal == ("service",)
    source = [routing.parse(m) for m in rule.source_matchers]
    target = [routing.parse(m) for m in rule.target_matchers]
    alerts = _alerts(bb)
    down = [a for a in alerts if all(m.matches({"alertname": a.name}) for m in source)]
    # Only scrape-target-down alerts may silence a service; a rule named *Down for anything else would mute it wrongly.
    assert down and all(re.match(r"^up\{", a.expr) and a.service in a.expr for a in down), [a.name for a in down]
    assert {a.service for a in down} == {s.job for s in bb.stack.services if not s.optional}
    others = [a for a in alerts if a not in down]
    assert all(all(m.matches({"alertname": a.name}) for m in target) for a in others if a.name != "Watchdog")
    assert not any(all(m.matches({"alertname": a.name}) for m in target) for a in down)


def test_changing_a_teams_slack_channel_in_the_stack_changes_every_use(bb):
    stack = bb.stack
    old = stack.team("infrastructure").slack_channel
    teams = [attr.evolve(t, slack_channel="#bb-ops") if t.name == "infrastructure" else t for t in stack.teams]
    data = _yaml(attr.evolve(stack, teams=teams))
    channels = {r["name"]: [c["channel"] for c in r.get("slack_configs", [])] for r in data["receivers"]}
    assert channels["infrastructure-slack"] == channels["infrastructure-critical"] == channels["unrouted"] == ["#bb-ops"]
    assert old not in yaml.safe_dump(data)
    assert channels["ai-slack"] == [stack.team("ai").slack_channel]


@pytest.mark.parametrize("build, message", [
    (lambda: Slack("#x", "https://hooks.slack.com/services/T0/B0/SeCrEt123"), "must be the absolute path"),
    (lambda: Webhook("http://bridge/page?token=SeCrEt123"), "credential in a URL query"),
    (lambda: Webhook("http://user:SeCrEt123@bridge/page"), "password in a URL"),
    (lambda: Email("a@b.ph", headers={"Authorization": "Bearer SeCrEt123"}), "carries a credential"),
    (lambda: Email("a@b.ph", auth_password_file="SeCrEt123"), "must be the absolute path"),
    (lambda: Smtp("smtp.b.ph:587", "a@b.ph", auth_password_file="SeCrEt123"), "must be the absolute path"),
    (lambda: AlertmanagerConfig(Route("a"), [Receiver("a", webhook=[Webhook("http://h/a")])],
                                smtp={"smtp_auth_password": "SeCrEt123"}), "use smtp_auth_password_file"),
    (lambda: Slack("#x", "/etc/s", text="xoxb-SeCrEt123"), "Slack token"),
])
def test_literal_secrets_are_rejected_without_being_repeated(build, message):
    with pytest.raises(ValueError, match=message) as info:
        build()
    assert "SeCrEt123" not in str(info.value)


def test_a_literal_secret_in_the_definition_fails_the_build_in_one_line(tmp_path):
    """End to end: the user's mistake names stack, object and file:line, and the secret stays out of every output."""
    from conftest import DEFINITION_DIRS
    import shutil

    scratch = tmp_path / "project"
    for name in DEFINITION_DIRS:
        shutil.copytree(f"{ROOT}/{name}", scratch / name, ignore=shutil.ignore_patterns("__pycache__"))
    path = scratch / "alertmanager" / "brainbytes.py"
    text = path.read_text()
    assert 'f"{SECRETS}/slack-{team.name}.url"' in text
    path.write_text(text.replace('f"{SECRETS}/slack-{team.name}.url"', '"https://hooks.slack.com/services/T0/B0/SeCrEt123"'))
    line = next(i for i, l in enumerate(path.read_text().splitlines(), 1) if "SeCrEt123" in l)
    proc = obsgen("build", "--out", str(tmp_path / "o"), "--docs", str(tmp_path / "d"), cwd=scratch)
    assert proc.returncode == 1, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert re.match(rf"^error\[definition\] brainbytes: alertmanager/brainbytes \(alertmanager/brainbytes.py:{line}\): "
                    r"api_url_file must be the absolute path of a mounted secret file", lines[0]), lines[0]
    assert "SeCrEt123" not in proc.stderr + proc.stdout
    assert not (tmp_path / "o").exists()
