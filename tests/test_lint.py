"""`obsgen lint` on obsgen's own output, exceptions, formats and exit codes."""

import json
import os
import shutil

import yaml

from conftest import obsgen


def test_lint_reads_each_stack_folder_with_its_catalog(built, tmp_path):
    build_dir, _docs = built
    copy = tmp_path / "build"
    shutil.copytree(build_dir, copy)
    [stack] = [d for d in os.listdir(copy) if (copy / d / "catalog.yaml").exists()][:1]
    rules = sorted((copy / stack / "prometheus" / "rules").iterdir())[0]
    data = yaml.safe_load(rules.read_text())
    data["groups"][0]["rules"][0]["expr"] = f"no_such_metric_total + ({data['groups'][0]['rules'][0]['expr']})"
    rules.write_text(yaml.safe_dump(data))
    proc = obsgen("lint", str(copy), "--no-tools", "--config", os.devnull)
    assert proc.returncode == 1, proc.stdout
    line = next(l for l in proc.stdout.splitlines() if l.startswith("error[catalog-metric]"))
    assert f"{stack}: group " in line and str(rules.relative_to(tmp_path)) in line.replace(str(tmp_path) + "/", "")
    assert "metric 'no_such_metric_total' is not in the catalog" in line


def _broken_folder(tmp_path):
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "r.yml").write_text(
        "groups:\n- name: g\n  rules:\n  - alert: bad-name\n    expr: up == 0\n")
    return folder


def test_exceptions_file_excludes_one_object_with_its_reason(tmp_path):
    folder = _broken_folder(tmp_path)
    config = tmp_path / "lint.yaml"
    config.write_text("extend-select: [house]\nexclusions:\n  rule-name-style:\n  - object: \"group 'g' / alert 'bad-name'\"\n"
                      "    reason: imported from upstream, renamed next quarter\n")
    proc = obsgen("lint", str(folder), "--no-tools", "--config", str(config), "--format", "json")
    data = json.loads(proc.stdout)
    assert not [p for p in data["problems"] if p["code"] == "rule-name-style"]
    [excluded] = [e for e in data["excluded"] if e["code"] == "rule-name-style"]
    assert excluded["reason"] == "imported from upstream, renamed next quarter"
    assert data["summary"]["excluded"] == 1


def test_exception_without_a_reason_is_misuse(tmp_path):
    config = tmp_path / "lint.yaml"
    config.write_text("exclusions:\n  rule-names:\n  - object: '*'\n")
    proc = obsgen("lint", str(_broken_folder(tmp_path)), "--config", str(config))
    assert proc.returncode == 2 and "needs a reason" in proc.stderr and "Traceback" not in proc.stderr


def test_unused_exception_is_noted(tmp_path):
    config = tmp_path / "lint.yaml"
    config.write_text("extend-select: [house]\nexclusions:\n  rule-name-style:\n  - object: \"group 'other' / *\"\n"
                      "    reason: old\n")
    proc = obsgen("lint", str(_broken_folder(tmp_path)), "--no-tools", "--config", str(config))
    assert "exclusion rule-name-style / \"group 'other' / *\" matched nothing" in proc.stdout
    assert proc.returncode == 1  # the real finding is still an error


def test_missing_path_is_misuse_and_unparsable_file_is_an_error(tmp_path):
    proc = obsgen("lint", str(tmp_path / "nope"))
    assert proc.returncode == 2 and "does not exist" in proc.stderr
    (tmp_path / "d.json").write_text("{not json")
    proc = obsgen("lint", str(tmp_path), "--no-tools", "--config", os.devnull)
    assert proc.returncode == 1 and "error[lint-read]" in proc.stdout and "does not parse" in proc.stdout


def test_repository_exceptions_file_is_valid_and_every_entry_has_a_reason():
    from obsgen.checks import exclusions
    from conftest import ROOT
    for entry in exclusions.load(os.path.join(ROOT, exclusions.DEFAULT_FILE)):
        assert entry.reason.strip()
