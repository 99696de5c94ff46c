"""The committed build passes the real promtool and amtool, and they catch real breakage."""

import os
import shutil
import subprocess

import pytest

from conftest import ROOT, obsgen

BRAINBYTES = os.path.join(ROOT, "build", "brainbytes")


def _run(*argv, cwd=None):
    return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module", autouse=True)
def tools_present():
    for tool in ("promtool", "amtool"):
        assert shutil.which(tool), f"{tool} missing: run `make tools` (tools/install-tools.sh)"


def test_promtool_check_config():
    proc = _run("promtool", "check", "config", "prometheus.yml", cwd=os.path.join(BRAINBYTES, "prometheus"))
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_promtool_check_rules_lint_fatal():
    rules = sorted(os.listdir(os.path.join(BRAINBYTES, "prometheus", "rules")))
    proc = _run("promtool", "check", "rules", "--lint=all", "--lint-fatal", *rules,
                cwd=os.path.join(BRAINBYTES, "prometheus", "rules"))
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_amtool_check_config():
    proc = _run("amtool", "check-config", os.path.join(BRAINBYTES, "alertmanager", "alertmanager.yml"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 templates" in proc.stdout


def test_obsgen_test_runs_every_proof_and_passes():
    """Includes `promtool test rules` on every test file of every stack."""
    proc = obsgen("test")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for name in ("promtool check config", "promtool check rules --lint-fatal", "promtool test rules",
                 "amtool check-config", "amtool config routes test"):
        assert name in proc.stdout
    assert " 0 failed" in proc.stdout


def test_lint_fatal_really_fails_on_a_lint_problem(tmp_path):
    """Without --lint-fatal, promtool exits 0 on lint problems (here: duplicate rules); we rely on the flag."""
    rule = tmp_path / "r.yml"
    rule.write_text("groups:\n- name: g\n  rules:\n  - record: a:b:c\n    expr: sum(x)\n"
                    "  - record: a:b:c\n    expr: sum(x)\n")
    assert _run("promtool", "check", "rules", str(rule)).returncode == 0
    assert _run("promtool", "check", "rules", "--lint=all", "--lint-fatal", str(rule)).returncode != 0


def test_obsgen_test_fails_when_a_rule_unit_test_fails(tmp_path):
    # A definition whose expected description is wrong: built as it is (obsgen test refuses a build/
    # edited after the fact), so the failure comes from promtool running the test.
    project = tmp_path / "project"
    shutil.copytree(os.path.join(ROOT, "tests", "bad", "_base"), project, ignore=shutil.ignore_patterns("__pycache__"))
    rules = project / "rules" / "mini" / "__init__.py"
    rules.write_text(rules.read_text().replace("10% of requests to mini-app failed.", "mini-app is sad.", 1))
    out = tmp_path / "build"
    obsgen("build", "--out", str(out), "--docs", str(tmp_path / "docs"), cwd=project, check=True)
    proc = obsgen("test", "--out", str(out), cwd=project)
    assert proc.returncode == 1
    assert "FAIL mini: promtool test rules mini-app.yml" in proc.stdout
