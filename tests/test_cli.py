"""The CLI's contract: exit codes, one-line errors, no tracebacks for user mistakes."""

import json

from conftest import obsgen


def test_unknown_stack_is_a_user_error_without_traceback():
    proc = obsgen("build", "--stack", "nope", "--check")
    assert proc.returncode == 1
    assert "no stack named 'nope'" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_unknown_option_is_misuse():
    proc = obsgen("build", "--frobnicate")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


def test_unknown_command_is_misuse():
    assert obsgen("deploy").returncode == 2


def test_list_names_every_dashboard_alert_rule_and_route():
    proc = obsgen("list", "--format", "json", check=True)
    data = json.loads(proc.stdout)["brainbytes"]
    assert "brainbytes-system-overview" in {d["uid"] for d in data["dashboards"]}
    assert "BackendHighErrorRatio" in {a["name"] for a in data["alerts"]}
    assert "job:brainbytes_http_requests_5xx:ratio_rate5m" in {r["record"] for r in data["recording_rules"]}
    assert data["routes"][0]["depth"] == 0
    # Every entry says where it was defined, so a reader can jump to it.
    for alert in data["alerts"]:
        assert alert["defined_at"].startswith("rules/brainbytes/")


def test_list_text_shows_definition_lines():
    out = obsgen("list", check=True).stdout
    assert "BackendHighErrorRatio" in out and "rules/brainbytes/availability.py:" in out


def test_project_without_stacks_is_a_user_error(tmp_path):
    proc = obsgen("--project", str(tmp_path), "build", "--check")
    assert proc.returncode == 1
    assert "no stacks/ folder" in proc.stderr
