"""Mistakes in definitions: one line naming stack, object and file:line; nothing written."""

import re

from conftest import obsgen_in_process


def _build(project, tmp_path):
    return obsgen_in_process("build", "--out", str(tmp_path / "o"), "--docs", str(tmp_path / "d"), cwd=project)


def _assert_one_line(proc, pattern):
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and re.search(pattern, lines[0]), proc.stderr


def test_module_raising_on_import(project, tmp_path):
    path = project / "dashboards" / "brainbytes" / "system_overview.py"
    path.write_text(path.read_text() + "\nraise RuntimeError('half-finished edit')\n")
    line = len(path.read_text().splitlines())
    _assert_one_line(_build(project, tmp_path),
                     rf"^error\[definition\] brainbytes: dashboards/brainbytes \(dashboards/brainbytes/system_overview.py:{line}\): "
                     r"RuntimeError: half-finished edit$")
    assert not (tmp_path / "o").exists()


def test_unknown_threshold_names_the_known_ones(project, tmp_path):
    path = project / "dashboards" / "brainbytes" / "system_overview.py"
    path.write_text(path.read_text().replace('stack.threshold("ai_latency_p95")', 'stack.threshold("ai_latency")'))
    _assert_one_line(_build(project, tmp_path),
                     r"dashboards/brainbytes/system_overview.py:\d+\): unknown threshold 'ai_latency' \(known: .*ai_latency_p95")


def test_invalid_duration_in_for(project, tmp_path):
    path = project / "rules" / "brainbytes" / "availability.py"
    path.write_text(path.read_text().replace('for_="5m"', 'for_="5 minutes"'))
    _assert_one_line(_build(project, tmp_path), r"rules/brainbytes/availability.py:\d+\): for_: '5 minutes' is not a Prometheus duration")


def test_threshold_of_the_wrong_type(project, tmp_path):
    path = project / "stacks" / "brainbytes.py"
    path.write_text(path.read_text().replace('Quantity(0.05, "percentunit"', 'Quantity("5%", "percentunit"'))
    _assert_one_line(_build(project, tmp_path), r"stacks/brainbytes.py:\d+\): value must be a number, got str '5%'")


def test_syntax_error_in_a_definition(project, tmp_path):
    path = project / "rules" / "brainbytes" / "records.py"
    path.write_text(path.read_text() + "\ndef broken(:\n")
    _assert_one_line(_build(project, tmp_path), r"\(rules/brainbytes/records.py:\d+\): SyntaxError")


def test_stack_name_must_match_its_module(project, tmp_path):
    path = project / "stacks" / "brainbytes.py"
    path.write_text(path.read_text().replace('name="brainbytes"', 'name="../x"'))
    _assert_one_line(_build(project, tmp_path), r"stacks/brainbytes.py:\d+\): 'name' must match regex")


def test_alert_summary_must_be_a_sentence(project, tmp_path):
    path = project / "rules" / "brainbytes" / "availability.py"
    path.write_text(path.read_text().replace('"Backend is answering too many requests with server errors."',
                                             '"backend errors"'))
    _assert_one_line(_build(project, tmp_path), r"rules/brainbytes/availability.py:\d+\): summary 'backend errors' must be a sentence")


def test_the_model_holds_what_the_servers_and_the_disk_need_and_leaves_house_style_to_the_checks():
    """House naming (base units, Slack channels, receiver and interval names) fails the build through its
    check (tests/bad: metric-in-milliseconds, slack-channel-without-hash, receiver-name-not-lowercase), so
    `obsgen lint` can apply it too; the definitions themselves accept it."""
    import pytest

    from obsgen.model.alertmanager import Receiver, Slack, TimeInterval, TimeRange
    from obsgen.model.catalog import Metric
    from obsgen.model.rules import RuleGroup

    Metric("app_latency_milliseconds", "gauge", "h")
    Receiver("Ops Slack", slack=[Slack("ops", "/etc/alertmanager/secrets/slack.url")])
    TimeInterval("BusinessHours", [TimeRange(["monday"], "09:00", "17:00")])
    for empty in (lambda: Receiver("", slack=[Slack("#ops", "/s")]), lambda: Slack("", "/s")):
        with pytest.raises((ValueError, TypeError)):
            empty()  # Alertmanager needs a receiver name; a Slack config with an empty channel is a slip
    # A group's name is its rule file's name: nothing that leaves the rules folder or clashes by case.
    for name in ("../etc", "a/b", "Shop", ".hidden"):
        with pytest.raises(ValueError, match="must match regex"):
            RuleGroup(name, [object()])
