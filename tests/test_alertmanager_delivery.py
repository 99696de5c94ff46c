"""Delivery through a real Alertmanager (prometheus-alertmanager 0.28, installed by tools/install-tools.sh).

The test config is the BrainBytes config compiled from the definitions, with
only what a test must change: every Slack URL, webhook and the SMTP server point
at capture servers on 127.0.0.1 (through the same *_file secrets the real config
uses), timings shrink to seconds, and business hours are forced on or off so the
outcome does not depend on the clock (tests/test_time_intervals.py covers the
Manila calendar). Alerts are posted to /api/v2/alerts as Prometheus would.
"""

from __future__ import annotations

from conftest import definition

import copy
import datetime as dt
import json
import os
import time

import pytest
import yaml

from obsgen import delivery
from obsgen.compile.alertmanager import compile_alertmanager
from obsgen.pipeline import render

brainbytes = definition("alertmanager.brainbytes")
STACK = definition("stacks.brainbytes").STACK

ALERTMANAGER = "/usr/bin/prometheus-alertmanager"
TOKEN = "capture-token-0123"
ESCALATION_WAIT = 2.0  # seconds: the test's stand-in for the stack's escalation delay, twice GROUP_INTERVAL
GROUP_INTERVAL = 1.0  # seconds: every other route's group_interval in the test (group_wait is half of it)
BOUND = 30.0

pytestmark = pytest.mark.skipif(not os.access(ALERTMANAGER, os.X_OK),
                                reason="needs prometheus-alertmanager (make tools installs it)")


class Capture(delivery.Capture):
    """`obsgen deliver`'s HTTP (Slack, webhooks) and SMTP sinks, read back as this test's payloads."""

    def of(self, kind, receiver) -> list:
        out = []
        for text, authorization in self.texts(kind, receiver):
            if kind == "email":
                subject, _, body = text.partition("\n")
                out.append({"subject": subject[len("Subject: "):], "text": body})
            else:
                out.append({"body": json.loads(text), "authorization": authorization})
        return out

    def receivers(self) -> set:
        with self.lock:
            return {(k, r) for k, r, _t, _a in self.arrivals}


@pytest.fixture(scope="module")
def capture():
    cap = Capture()
    yield cap
    cap.close()


def _test_config(tmp, capture, business_hours: bool) -> str:
    """The compiled config, rewired to the capture servers, with timings in seconds."""
    artefacts = compile_alertmanager(STACK, brainbytes.config(STACK))
    for art in artefacts:
        path = os.path.join(tmp, os.path.relpath(art.path, f"{STACK.name}/alertmanager"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(render(art))
    with open(os.path.join(tmp, "alertmanager.yml")) as fh:
        data = yaml.safe_load(fh)
    original = copy.deepcopy(data)
    http = f"http://127.0.0.1:{capture.http.server_address[1]}"

    def secret(name, text):
        path = os.path.join(tmp, "secrets", name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as fh:
            fh.write(text)
        return path

    token = secret("token", TOKEN)
    for receiver in data["receivers"]:
        name = receiver["name"]
        for slack in receiver.get("slack_configs", []):
            slack["api_url_file"] = secret(f"slack-{name}", f"{http}/slack/{name}")
        for hook in receiver.get("webhook_configs", []):
            hook["url"] = f"{http}/webhook/{name}"
            if "http_config" in hook:
                hook["http_config"]["authorization"]["credentials_file"] = token
    data["global"].update({
        "smtp_smarthost": f"127.0.0.1:{capture.smtp.server_address[1]}",
        "smtp_auth_password_file": secret("smtp", "unused"),
        "smtp_require_tls": False,  # the capture server speaks plain SMTP on loopback
    })
    escalation = f"{ESCALATION_WAIT:.0f}s"
    stack = [data["route"]]
    while stack:
        node = stack.pop()
        stack.extend(node.get("routes", []))
        if node["receiver"] == brainbytes.ESCALATION:
            node.update(group_wait=escalation, group_interval=escalation, repeat_interval="1h")
        elif "group_wait" in node or node is data["route"]:
            node.update(group_wait=f"{GROUP_INTERVAL * 500:.0f}ms", group_interval=f"{GROUP_INTERVAL:.0f}s", repeat_interval="1h")
    (interval,) = [t for t in data["time_intervals"] if t["name"] == brainbytes.BUSINESS_HOURS]
    interval["time_intervals"] = [{"weekdays": ["sunday:saturday"]}] if business_hours else [{"years": ["2000"]}]
    # Only addresses, secrets, timings and the calendar changed: routes, receivers and inhibition are the real ones.
    for key in ("inhibit_rules", "templates"):
        assert data[key] == original[key]
    assert _shape(data["route"]) == _shape(original["route"])
    path = os.path.join(tmp, "alertmanager.yml")
    with open(path, "w") as fh:
        yaml.safe_dump(data, fh)
    return path


def _shape(route) -> tuple:
    return (route["receiver"], tuple(route.get("matchers", ())), route.get("continue", False),
            tuple(route.get("active_time_intervals", ())), tuple(route.get("mute_time_intervals", ())),
            tuple(_shape(r) for r in route.get("routes", ())))


class Alertmanager(delivery.Alertmanager):
    """`obsgen deliver`'s Alertmanager on loopback, started and ready, posting alerts as Prometheus would."""

    def __init__(self, tmp, config):
        super().__init__(ALERTMANAGER, tmp, config)
        why = self.ready()
        if why is not None:
            self.stop()
            raise AssertionError(f"alertmanager did not start: {why}")

    def post(self, *alerts):
        super().post(list(alerts))


def alert(name, team, severity, service, resolved=False):
    now = dt.datetime.now(dt.timezone.utc)
    out = {
        "labels": {"alertname": name, "team": team, "severity": severity, "service": service},
        "annotations": {
            "summary": f"{name} summary.",
            "description": f"{name} on {service}.",
            "runbook_url": f"https://runbooks.example/{name.lower()}",
            "dashboard_url": f"http://grafana.example/d/{service}",
        },
        # Alertmanager flushes a new group at once when startsAt + group_wait is already past,
        # so an alert is posted as Prometheus posts a fresh one: starting now.
        "startsAt": now.isoformat(),
    }
    if resolved:
        out["endsAt"] = now.isoformat()
    return out


def _wait(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def _names(payload) -> list:
    return sorted(a["labels"]["alertname"] for a in payload["body"]["alerts"])


@pytest.fixture
def alertmanager(tmp_path, capture, request):
    started = []

    def start(business_hours):
        am = Alertmanager(str(tmp_path), _test_config(str(tmp_path), capture, business_hours))
        started.append(am)
        return am

    yield start
    for am in started:
        am.stop()
        assert am.proc.returncode is not None


@pytest.mark.slow
def test_delivery_grouping_inhibition_and_escalation_in_business_hours(alertmanager, capture):
    began = time.monotonic()
    am = alertmanager(business_hours=True)
    am.post(
        # Backend down silences the backend's other alerts, whatever their severity.
        alert("BrainbytesBackendDown", "engineering", "critical", "brainbytes-backend"),
        alert("BackendHighErrorRatio", "engineering", "critical", "brainbytes-backend"),
        alert("BackendLatencyHigh", "engineering", "warning", "brainbytes-backend"),
        # A critical silences the warning of the same alert and service.
        alert("MobileDropRatioHigh", "product", "critical", "brainbytes-frontend"),
        alert("MobileDropRatioHigh", "product", "warning", "brainbytes-frontend"),
        # Two warnings of one service: one notification.
        alert("AiLatencyHigh", "ai", "warning", "brainbytes-ai-service"),
        alert("AiErrorRatioHigh", "ai", "warning", "brainbytes-ai-service"),
        # A critical that resolves before the escalation delay never reaches the leads.
        alert("HostDiskAlmostFull", "infrastructure", "critical", "node-exporter"),
        alert("Watchdog", "infrastructure", "info", "prometheus"),
        alert("PaymentsDown", "payments", "warning", "payments"),
    )
    assert _wait(lambda: capture.of("webhook", "infrastructure-critical"), 5), capture.receivers()
    am.post(alert("HostDiskAlmostFull", "infrastructure", "critical", "node-exporter", resolved=True))
    assert _wait(lambda: len(capture.of("webhook", "escalation")) >= 2, ESCALATION_WAIT + 6), capture.receivers()
    time.sleep(GROUP_INTERVAL * 1.25)  # one more group_interval: anything late or repeated would show now

    # Engineering: one notification per channel, holding only the down alert.
    for kind in ("slack", "webhook"):
        (sent,) = capture.of(kind, "engineering-critical")
        if kind == "webhook":
            assert _names(sent) == ["BrainbytesBackendDown"]
            assert sent["authorization"] == f"Bearer {TOKEN}"  # credentials_file was read
        else:
            text = json.dumps(sent["body"])
            assert "BrainbytesBackendDown summary." in text and "BackendHighErrorRatio" not in text
            assert "Runbook: https://runbooks.example/brainbytesbackenddown" in text
            assert "Dashboard: http://grafana.example/d/brainbytes-backend" in text
            assert sent["body"]["channel"] == STACK.team("engineering").slack_channel
    (mail,) = capture.of("email", STACK.team("engineering").email)
    assert mail["subject"].startswith("[FIRING:1] BrainbytesBackendDown (critical, engineering)")
    assert "https://runbooks.example/brainbytesbackenddown" in mail["text"]
    assert capture.of("slack", "engineering-slack") == []

    # Product: the critical pages, its warning twin is inhibited.
    (paged,) = capture.of("webhook", "product-critical")
    assert _names(paged) == ["MobileDropRatioHigh"] and paged["body"]["commonLabels"]["severity"] == "critical"
    assert capture.of("slack", "product-slack") == []

    # AI: two warnings of one service arrive as one Slack message.
    (grouped,) = capture.of("slack", "ai-slack")
    text = json.dumps(grouped["body"])
    assert "[FIRING:2]" in text and "AiLatencyHigh" in text and "AiErrorRatioHigh" in text

    # Infrastructure: paged, then resolved; never escalated.
    statuses = [p["body"]["status"] for p in capture.of("webhook", "infrastructure-critical")]
    assert statuses == ["firing", "resolved"]

    # Escalation after the delay: the two criticals still firing, and only those.
    escalated = sorted(n for p in capture.of("webhook", "escalation") for n in _names(p))
    assert escalated == ["BrainbytesBackendDown", "MobileDropRatioHigh"]
    assert sorted(m["subject"].split("]")[1].split("(")[0].strip() for m in capture.of("email", brainbytes.LEADS_EMAIL)) \
        == ["BrainbytesBackendDown", "MobileDropRatioHigh"]

    # Watchdog reaches the heartbeat and nothing else; the unknown team reaches triage.
    (beat,) = capture.of("webhook", brainbytes.HEARTBEAT)
    assert _names(beat) == ["Watchdog"]
    (triage,) = capture.of("slack", brainbytes.UNROUTED)
    assert "PaymentsDown" in json.dumps(triage["body"]) and "Watchdog" not in json.dumps(triage["body"])
    assert not any("Watchdog" in text for _k, r, text, _a in capture.arrivals if r != brainbytes.HEARTBEAT)
    assert capture.of("webhook", brainbytes.AFTER_HOURS) == []
    assert time.monotonic() - began < BOUND


@pytest.mark.slow
def test_after_hours_warnings_wait_and_criticals_reach_the_on_call_line(alertmanager, capture):
    began = time.monotonic()
    before = len(capture.arrivals)
    am = alertmanager(business_hours=False)
    am.post(alert("TokenSpendHigh", "ai", "warning", "brainbytes-ai-service"),
            alert("AiServiceSaturated", "ai", "critical", "brainbytes-ai-service"))
    assert _wait(lambda: capture.of("webhook", brainbytes.AFTER_HOURS), 6), capture.receivers()
    time.sleep(GROUP_INTERVAL * 1.25)  # one more group_interval: a warning let through would show now
    new = capture.arrivals[before:]
    assert not any(r == "ai-slack" for _k, r, _t, _a in new)  # the warning is held until business hours
    (night,) = capture.of("webhook", brainbytes.AFTER_HOURS)
    assert _names(night) == ["AiServiceSaturated"]
    assert [_names(p) for p in capture.of("webhook", "ai-critical")] == [["AiServiceSaturated"]]
    assert time.monotonic() - began < BOUND
