"""`obsgen import alertmanager`: routing kept exactly, literal secrets moved to *_file references, amtool agrees."""

from __future__ import annotations

import os
import subprocess

import pytest
import yaml
from click.testing import CliRunner

from obsgen import tools
from obsgen.cli import cli
from obsgen.compile.alertmanager import compile_alertmanager
from obsgen.importer import roundtrip
from obsgen.model.imported import ImportedReceiver
from obsgen.pipeline import render

DATA = os.path.join(os.path.dirname(__file__), "import_data")
CONFIG = os.path.join(DATA, "alertmanager.yml")
SECRETS = ("hooks.slack.com/services/T00000000", "hunter2-not-a-real-password", "0123456789abcdef0123456789abcdef",
           "s3cret-password")


@pytest.fixture(scope="module")
def imported():
    source, notes, difference = roundtrip.alertmanager_round_trip(CONFIG)
    stack = roundtrip.scratch_stack()
    config = roundtrip.run_module(source, "alertmanager/imported.py", "config", stack)
    return source, notes, difference, render(compile_alertmanager(stack, config)[0])


def test_routing_round_trips_exactly(imported):
    assert imported[2] == ""


def test_literal_secrets_become_file_references_with_a_note(imported):
    source, notes, _diff, built = imported
    for secret in SECRETS:
        assert secret not in source and secret not in built.decode()
    data = yaml.safe_load(built)
    assert data["global"]["slack_api_url_file"] == "/etc/alertmanager/secrets/global-slack-api-url"
    assert data["global"]["smtp_auth_password_file"] == "/etc/alertmanager/secrets/global-smtp-auth-password"
    receivers = {r["name"]: r for r in data["receivers"]}
    assert receivers["pager"]["pagerduty_configs"][0]["routing_key_file"] == "/etc/alertmanager/secrets/pager-routing-key"
    basic = receivers["team-db"]["webhook_configs"][0]["http_config"]["basic_auth"]
    assert basic == {"username": "am", "password_file": "/etc/alertmanager/secrets/team-db-password"}
    assert len(notes) == 4 and all("write it to /etc/alertmanager/secrets/" in n for n in notes)
    assert all(n in source for n in notes)  # the module's docstring says what to do before deploying


def test_legacy_matchers_become_matchers_and_the_rest_is_kept(imported):
    data = yaml.safe_load(imported[3])
    routes = data["route"]["routes"]
    assert routes[0]["matchers"] == ['severity="critical"'] and routes[0]["continue"] is True
    assert routes[1]["matchers"] == ['service=~"^(mysql|postgres)$"']
    assert routes[1]["mute_time_intervals"] == ["weekends"]
    assert data["time_intervals"] == [{"name": "weekends", "time_intervals": [{"weekdays": ["saturday", "sunday"]}]}]
    assert data["templates"] == ["/etc/alertmanager/templates/*.tmpl"]


def test_amtool_accepts_the_imported_config(imported, tmp_path):
    path = tmp_path / "alertmanager.yml"
    path.write_bytes(imported[3])
    proc = subprocess.run([tools.require("amtool"), "check-config", str(path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_a_literal_secret_written_into_the_module_is_rejected():
    with pytest.raises(ValueError, match="secrets go in a mounted file") as err:
        ImportedReceiver("x", configs={"slack_configs": [
            {"api_url": "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"}]})
    assert "hooks.slack.com" not in str(err.value)


def test_command_writes_the_routing_module(tmp_path):
    result = CliRunner().invoke(cli, ["--project", str(tmp_path), "import", "alertmanager", CONFIG, "--stack", "shop"])
    assert result.exit_code == 0, result.output
    module = (tmp_path / "alertmanager" / "shop.py").read_text()
    assert module.startswith('"""Alert routing: imported from alertmanager.yml')
    assert result.output.count("note: ") == 4
    for secret in SECRETS:
        assert secret not in module and secret not in result.output


def test_a_file_that_is_not_a_config_is_one_error_line(tmp_path):
    bad = tmp_path / "am.yml"
    bad.write_text("route: {}\n")
    result = CliRunner().invoke(cli, ["--project", str(tmp_path), "import", "alertmanager", str(bad), "--stack", "shop"])
    assert result.exit_code == 1
    assert result.output.strip().startswith("error[import] shop:") and len(result.output.strip().splitlines()) == 1


def test_a_config_the_model_rejects_is_reported_and_not_written(tmp_path):
    bad = tmp_path / "am.yml"
    bad.write_text("route:\n  receiver: nobody\nreceivers:\n  - name: default\n")
    result = CliRunner().invoke(cli, ["--project", str(tmp_path), "import", "alertmanager", str(bad), "--stack", "shop"])
    assert result.exit_code == 1
    assert "sends to receiver 'nobody', which is not defined (have: default)" in result.output
    assert not (tmp_path / "alertmanager" / "shop.py").exists()


def test_a_module_that_does_not_build_back_to_the_file_is_said(tmp_path, monkeypatch):
    """The command compares what the module builds with the file, as Alertmanager reads both; a generator slip
    (here: a grouping label lost) is a note naming the first difference, not a silent change of routing."""
    from obsgen.importer import alertmanager as am

    real = am.import_alertmanager

    def slipping(data, source):
        text, notes = real(data, source=source)
        assert "'alertname', 'cluster'" in text or '"alertname", "cluster"' in text, text
        return text.replace("'alertname', 'cluster'", "'alertname'").replace('"alertname", "cluster"', '"alertname"'), notes

    monkeypatch.setattr(am, "import_alertmanager", slipping)
    result = CliRunner().invoke(cli, ["--project", str(tmp_path), "import", "alertmanager", CONFIG, "--stack", "shop"])
    assert result.exit_code == 0, result.output
    [note] = [l for l in result.output.splitlines() if "does not build back" in l]
    assert note.startswith(f"note: the module does not build back to {CONFIG}: route: ") and "'cluster'" in note
