"""`obsgen deliver`: the rewired test copy, and a planted template that drops the summary, through a real Alertmanager.

`make test` runs `obsgen deliver` on every built stack; here the command is
shown failing, with one line per integration, when a template loses the
alert's summary.
"""

import os
import shutil

import pytest
import yaml

from conftest import ROOT, obsgen
from obsgen import delivery

CONFIG = {
    "global": {"smtp_smarthost": "smtp.example:587", "smtp_from": "am@example", "smtp_auth_password_file": "/etc/secret"},
    "route": {"receiver": "team", "group_wait": "30s", "routes": [
        {"matchers": ['team="a"'], "receiver": "team", "mute_time_intervals": ["hours"], "group_wait": "30m"}]},
    "receivers": [{
        "name": "team",
        "slack_configs": [{"api_url": "https://hooks.slack.example/x", "text": "t"}],
        "email_configs": [{"to": "a@example", "auth_password_file": "/etc/pw"}],
        "webhook_configs": [{"url": "https://pager.example", "http_config": {
            "authorization": {"type": "Bearer", "credentials_file": "/etc/token"}, "tls_config": {"ca_file": "/etc/ca"}}}],
        "pagerduty_configs": [{"routing_key": "k"}],
    }],
    "time_intervals": [{"name": "hours", "time_intervals": [{"weekdays": ["monday:friday"]}]}],
}


class _Capture:
    http_url = "http://127.0.0.1:1"
    smtp_address = "127.0.0.1:2"


def test_rewire_changes_only_addresses_secrets_waits_and_time_intervals(tmp_path):
    data, targets, notes = delivery.rewire(CONFIG, str(tmp_path), _Capture())
    receiver = data["receivers"][0]
    assert notes == ["receiver 'team': pagerduty_configs not delivered by obsgen deliver (only Slack, email, webhook)"]
    assert "pagerduty_configs" not in receiver
    slack_url = open(receiver["slack_configs"][0]["api_url_file"]).read()
    assert slack_url == "http://127.0.0.1:1/slack/0-0" and "api_url" not in receiver["slack_configs"][0]
    assert receiver["webhook_configs"][0]["url"] == "http://127.0.0.1:1/webhook/0-0"
    auth = receiver["webhook_configs"][0]["http_config"]["authorization"]
    assert open(auth["credentials_file"]).read() == delivery.TOKEN and str(tmp_path) in auth["credentials_file"]
    assert "tls_config" not in receiver["webhook_configs"][0]["http_config"]
    assert receiver["email_configs"][0]["to"] == "r0-0@deliver.invalid"
    assert data["global"]["smtp_smarthost"] == "127.0.0.1:2" and str(tmp_path) in data["global"]["smtp_auth_password_file"]
    route = data["route"]["routes"][0]
    assert "mute_time_intervals" not in route and route["group_wait"] == route["group_interval"] == "250ms" and route["matchers"] == ['team="a"']
    assert [(t.kind, t.send_resolved, t.authorization) for t in targets] == [
        ("slack_configs", False, None), ("email_configs", False, None),
        ("webhook_configs", True, f"Bearer {delivery.TOKEN}")]
    assert CONFIG["receivers"][0]["slack_configs"][0]["api_url"] == "https://hooks.slack.example/x"  # input untouched


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("prometheus-alertmanager") is None, reason="needs prometheus-alertmanager (make tools)")
def test_a_slack_template_without_the_summary_fails_with_one_line_per_integration(tmp_path):
    shutil.copytree(os.path.join(ROOT, "build", "copilotos"), tmp_path / "copilotos")
    template = tmp_path / "copilotos" / "alertmanager" / "templates" / "obsgen.tmpl"
    text = template.read_text()
    start = text.index('{{ define "obsgen.slack.text" -}}')
    end = text.index("{{- end }}", text.index("{{ end -}}", start)) + len("{{- end }}")
    template.write_text(text[:start] + '{{ define "obsgen.slack.text" }}Something happened.{{ end }}' + text[end:])
    proc = obsgen("deliver", "--out", str(tmp_path), "--stack", "copilotos")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    lines = proc.stderr.splitlines()
    assert lines and all(l.startswith("error[deliver] copilotos: ") for l in lines)
    assert all("slack #0: the " in l and "does not carry the alert's summary" in l for l in lines)
    config = yaml.safe_load((tmp_path / "copilotos" / "alertmanager" / "alertmanager.yml").read_text())
    slack_receivers = {r["name"] for r in config["receivers"] if r.get("slack_configs")}
    assert {l.split("receiver '")[1].split("'")[0] for l in lines} == slack_receivers
