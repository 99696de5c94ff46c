"""obsgen.slo: windows and factors as data, configurable severities, and generated tests that promtool passes."""

import shutil
import subprocess

import pytest
import yaml

from obsgen import slo
from obsgen.compile.prometheus import compile_rule_group, compile_rule_tests
from obsgen.serialize import to_yaml

from conftest import definition

STACK = definition("stacks.brainbytes").STACK

_LABELS = 'job="brainbytes-backend",instance="backend:3000",method="GET",route="/",status_code="%s"'


def _spec(**overrides):
    base = dict(
        name="demo", alert_prefix="Demo", objective=0.99,
        errors='sum(rate(brainbytes_http_requests_total{status_code=~"5.."}[{window}]))',
        total="sum(rate(brainbytes_http_requests_total[{window}]))",
        team="engineering", service="brainbytes-backend", dashboard="system-overview",
        events="requests", good="answered", bad="failed",
        fixture=lambda good, bad, total: ((f"brainbytes_http_requests_total{{{_LABELS % '200'}}}", good),
                                          (f"brainbytes_http_requests_total{{{_LABELS % '500'}}}", bad)),
    )
    return slo.SLO(**{**base, **overrides})


def test_sre_workbook_windows_become_one_recording_per_window_and_two_alerts():
    spec = _spec()
    records = slo.recordings(spec)
    assert [r.record for r in records] == [f"slo:sli_error:ratio_rate{w}" for w in ("5m", "30m", "1h", "2h", "6h", "1d", "3d")]
    assert all(r.labels == {"slo": "demo"} for r in records)
    fast, slow = slo.alerts(spec)
    assert (fast.name, fast.severity, slow.name, slow.severity) == ("DemoFastBurn", "critical", "DemoSlowBurn", "warning")
    assert 'slo:sli_error:ratio_rate1h{slo="demo"} > (14.4 * 0.01)' in fast.expr
    assert 'slo:sli_error:ratio_rate30m{slo="demo"} > (6 * 0.01)' in fast.expr
    assert 'slo:sli_error:ratio_rate3d{slo="demo"} > (1 * 0.01)' in slow.expr
    assert "ratio_rate5m" not in slow.expr


def test_windows_and_severities_are_data():
    spec = _spec(windows=[slo.Window("10m", "1m", 2, "fast")], severities={"fast": "warning"})
    records = slo.recordings(spec)
    assert [r.record for r in records] == ["slo:sli_error:ratio_rate1m", "slo:sli_error:ratio_rate10m"]
    (alert,) = slo.alerts(spec)
    assert alert.severity == "warning"
    assert alert.expr == ('(slo:sli_error:ratio_rate10m{slo="demo"} > (2 * 0.01)\nand\n'
                          'slo:sli_error:ratio_rate1m{slo="demo"} > (2 * 0.01))')


@pytest.mark.parametrize("overrides, message", [
    ({"objective": 1.0}, "between 0 and 1"),
    ({"errors": "sum(rate(x[5m]))"}, "must contain {window}"),
    ({"windows": [slo.Window("1h", "5m", 14.4, "urgent")]}, "unknown tier 'urgent'"),
    ({"severities": {"urgent": "critical"}}, "unknown tier 'urgent'"),
])
def test_bad_specs_are_rejected(overrides, message):
    with pytest.raises(ValueError, match=message):
        _spec(**overrides)


def test_generated_cases_fire_stay_quiet_and_cover_zero_traffic():
    fast, _slow = slo.alerts(_spec())
    names = [type(c).__name__ + ":" + c.name for c in fast.tests]
    assert names[0].startswith("Fires:")
    assert "Quiet:no traffic at all" in names
    assert any(n.startswith("Quiet:burn stopped") for n in names)
    (expected,) = fast.tests[0].alerts
    assert expected.labels == {"slo": "demo"}
    assert "{{" not in expected.description and "28.8% of requests failed" in expected.description


def _run_promtool(tmp_path, spec, mutate=None):
    group = slo.group(spec, "demo")
    rules = compile_rule_group(STACK, group)
    tests = compile_rule_tests(STACK, group, [group])
    (tmp_path / "rules").mkdir()
    (tmp_path / "tests").mkdir()
    (tmp_path / rules.path.split("prometheus/")[1]).write_bytes(to_yaml(rules.data))
    data = tests.data if mutate is None else mutate(yaml.safe_load(to_yaml(tests.data)))
    test_file = tmp_path / tests.path.split("prometheus/")[1]
    test_file.write_bytes(to_yaml(data))
    return subprocess.run([shutil.which("promtool"), "test", "rules", test_file.name], cwd=test_file.parent,
                          capture_output=True, text=True, timeout=60)


def test_custom_windows_pass_promtool(tmp_path):
    spec = _spec(objective=0.95, windows=[slo.Window("30m", "5m", 2, "fast"), slo.Window("1h", "10m", 1, "slow")],
                 severities={"slow": "info"})
    proc = _run_promtool(tmp_path, spec)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_promtool_fails_when_the_generated_expectation_is_wrong(tmp_path):
    def wrong(data):
        case = next(t for t in data["tests"] if t.get("alert_rule_test") and t["alert_rule_test"][0]["exp_alerts"])
        case["alert_rule_test"][0]["exp_alerts"][0]["exp_labels"]["slo"] = "other"
        return {**data, "tests": [case]}

    proc = _run_promtool(tmp_path, _spec(), mutate=wrong)
    assert proc.returncode != 0
    assert "alertname: DemoFastBurn" in proc.stdout + proc.stderr and 'slo="other"' in proc.stdout + proc.stderr
