"""`obsgen test` catches real breakage with the real promtool.

That the committed build passes promtool and amtool is `make test`'s first step (`obsgen test`,
every stack); these tests show the proofs it relies on fail when they should.
"""

import os
import shutil
import subprocess

import pytest

from conftest import ROOT, obsgen

def _run(*argv, cwd=None):
    return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module", autouse=True)
def tools_present():
    for tool in ("promtool", "amtool"):
        assert shutil.which(tool), f"{tool} missing: run `make tools` (tools/install-tools.sh)"


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
