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
    out = tmp_path / "build"
    shutil.copytree(os.path.join(ROOT, "build", "brainbytes"), out / "brainbytes")
    tests_dir = out / "brainbytes" / "prometheus" / "tests"
    # Only the broken file stays, so the test pays for one promtool run, not the suite.
    for other in tests_dir.iterdir():
        if other.name != "brainbytes-availability.yml":
            other.unlink()
    shutil.rmtree(out / "brainbytes" / "alertmanager" / "tests")
    test_file = tests_dir / "brainbytes-availability.yml"
    test_file.write_text(test_file.read_text().replace("has failed every scrape", "is sad", 1))
    proc = obsgen("test", "--stack", "brainbytes", "--out", str(out))
    assert proc.returncode == 1
    assert "FAIL brainbytes: promtool test rules brainbytes-availability.yml" in proc.stdout
