"""The output contract: layout, determinism, drift detection, atomic and safe writes."""

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from conftest import ROOT, obsgen, obsgen_in_process, tree

LAYOUT = [
    "brainbytes/grafana/provisioning/datasources/datasources.yaml",
    "brainbytes/grafana/provisioning/dashboards/dashboards.yaml",
    "brainbytes/grafana/dashboards/brainbytes/brainbytes-system-overview.json",
    "brainbytes/prometheus/prometheus.yml",
    "brainbytes/prometheus/rules/brainbytes-availability.yml",
    "brainbytes/prometheus/tests/brainbytes-availability.yml",
    "brainbytes/alertmanager/alertmanager.yml",
    "brainbytes/catalog.yaml",
]


def test_layout_per_stack(built):
    files = tree(built[0])
    for rel in LAYOUT:
        assert rel in files, rel
    assert "metrics-brainbytes.md" in tree(built[1])


def test_every_file_ends_with_a_newline(built):
    for rel, data in {**tree(built[0]), **tree(built[1])}.items():
        assert data.endswith(b"\n"), rel


def test_byte_identical_whatever_the_environment(tmp_path, built):
    """One build under everything a build could accidentally depend on at once, against the session's build.

    Set and dict iteration (PYTHONHASHSEED; the session build runs under a random seed), the
    working directory (paths in messages and origins), the local time zone (a +05:45 offset) and
    the locale (Turkish case rules, comma decimals). One build shows it: any dependence makes it differ.
    """
    cwd = tmp_path / "deep" / "deep" / "cwd"
    cwd.mkdir(parents=True)
    out = tmp_path / "out"
    obsgen("--project", ROOT, "build", "--out", str(out / "build"), "--docs", str(out / "docs"), cwd=cwd,
           env={"PYTHONHASHSEED": "12345", "TZ": "Asia/Kathmandu", "LC_ALL": "tr_TR.UTF-8", "LANG": "de_DE.UTF-8"},
           check=True)
    for root, reference in zip(("build", "docs"), built):
        got, want = tree(out / root), tree(reference)
        assert want and sorted(k for k in set(got) | set(want) if got.get(k) != want.get(k)) == [], root


@pytest.fixture
def copy_of_build(tmp_path, built):
    out = tmp_path / "build"
    docs = tmp_path / "docs"
    shutil.copytree(built[0], out)
    shutil.copytree(built[1], docs)
    return out, docs


def _check(out, docs):
    return obsgen_in_process("build", "--check", "--out", str(out), "--docs", str(docs))


def test_check_fails_when_a_generated_file_is_edited(copy_of_build):
    out, docs = copy_of_build
    path = out / "brainbytes/prometheus/prometheus.yml"
    path.write_text(path.read_text() + "# hand edit\n")
    proc = _check(out, docs)
    assert proc.returncode == 1
    assert "modified: " in proc.stderr and "brainbytes/prometheus/prometheus.yml" in proc.stderr


def test_check_fails_when_a_generated_file_is_deleted(copy_of_build):
    out, docs = copy_of_build
    os.unlink(out / "brainbytes/prometheus/rules/brainbytes-availability.yml")
    proc = _check(out, docs)
    assert proc.returncode == 1
    assert "missing: " in proc.stderr and "brainbytes-availability.yml" in proc.stderr


def test_check_fails_when_a_file_is_added_to_a_stack_tree(copy_of_build):
    out, docs = copy_of_build
    (out / "brainbytes/prometheus/rules/extra.yml").write_text("groups: []\n")
    proc = _check(out, docs)
    assert proc.returncode == 1
    assert "added: " in proc.stderr and "extra.yml" in proc.stderr


def test_check_fails_when_generated_docs_drift(copy_of_build):
    out, docs = copy_of_build
    os.unlink(docs / "metrics-brainbytes.md")
    assert _check(out, docs).returncode == 1


def test_stale_files_are_removed_and_foreign_files_kept(copy_of_build):
    out, docs = copy_of_build
    manifest = out / ".obsgen-manifest.json"
    text = manifest.read_text().replace('"files": {', '"files": {\n    "brainbytes/prometheus/rules/old.yml": {"sha256": "x", "stack": "brainbytes"},', 1)
    manifest.write_text(text)
    (out / "brainbytes/prometheus/rules/old.yml").write_text("groups: []\n")
    (out / "README.txt").write_text("mine\n")
    proc = obsgen_in_process("build", "--out", str(out), "--docs", str(docs))
    assert proc.returncode == 0, proc.stderr
    assert "1 removed" in proc.stdout
    assert not (out / "brainbytes/prometheus/rules/old.yml").exists()
    assert (out / "README.txt").read_text() == "mine\n"


def test_a_build_of_one_stack_keeps_the_other_stacks(copy_of_build):
    out, docs = copy_of_build
    manifest = out / ".obsgen-manifest.json"
    text = manifest.read_text().replace('"files": {', '"files": {\n    "other/x.yml": {"sha256": "x", "stack": "other"},', 1)
    manifest.write_text(text)
    (out / "other").mkdir()
    (out / "other/x.yml").write_text("kept\n")
    assert obsgen_in_process("build", "--stack", "brainbytes", "--out", str(out), "--docs", str(docs)).returncode == 0
    assert (out / "other/x.yml").read_text() == "kept\n"
    assert '"other/x.yml"' in manifest.read_text()


def test_killing_the_build_leaves_the_old_tree_or_the_new_one(copy_of_build):
    out, docs = copy_of_build
    new = tree(out)
    target = out / "brainbytes/prometheus/prometheus.yml"
    # The "old" tree: a generated file edited by hand, so the build has work to do.
    target.write_text("# old\n")
    old = tree(out)
    outcomes = set()
    # A few kills of the whole command at wall-clock delays: tests/test_atomicity.py kills the writer before
    # every one of its operations, so this only shows a real `obsgen build` process behaves the same.
    for delay in [0.0, 0.1, 0.2, 0.3, 0.4]:
        target.write_text("# old\n")
        proc = subprocess.Popen([sys.executable, "-m", "obsgen", "build", "--out", str(out), "--docs", str(docs)],
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        now = tree(out)
        assert now in (old, new), f"mixed tree after kill at {delay}s"
        outcomes.add("old" if now == old else "new")
    assert "old" in outcomes  # the earliest kills land before the swap
    # Leftover staging directories from killed builds are cleaned up by the next build.
    obsgen("build", "--out", str(out), "--docs", str(docs), check=True)
    assert tree(out) == new
    assert not [n for n in os.listdir(out.parent) if n.startswith(".obsgen-staging-")]


def test_unwritable_output_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory\n")
    proc = obsgen("build", "--out", str(blocker / "build"), "--docs", str(tmp_path / "docs"))
    assert proc.returncode == 1
    # Build warnings (printed before writing) may precede it; the one error is the write.
    errors = [line for line in proc.stderr.splitlines() if not line.startswith("warning[")]
    assert len(errors) == 1 and errors[0].startswith("error[write] cannot write"), proc.stderr
    assert "Traceback" not in proc.stderr
