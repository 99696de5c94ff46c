"""The corpus of typical mistakes under tests/bad/: each gets one clear error line, exit 1, and nothing is written.

A case is a folder holding `expect.yaml` and, optionally, files that replace or add to the
minimal valid project in `tests/bad/_base/`. `expect.yaml` says what the mistake is, which
base files to edit (`replace`: exact text swaps, each must match once) or remove, and the regex
the single error line must match: it names the object and the Python `file:line` to fix.
"""

from __future__ import annotations

import os
import re
import shutil

import pytest
import yaml

from conftest import ROOT, obsgen, obsgen_in_process, tree
from obsgen.checks import CHECKS
from obsgen.errors import ERRORS

ERROR_IDS = {kind.id for kind in ERRORS}  # the ids docs/errors.md documents

BAD = os.path.join(ROOT, "tests", "bad")
BASE = os.path.join(BAD, "_base")
CASES = sorted(n for n in os.listdir(BAD) if not n.startswith("_") and os.path.isdir(os.path.join(BAD, n)))
# One line: severity[id] stack: object (where): message. `where` is a Python file:line in the project.
LINE = re.compile(r"^error\[[a-z0-9-]+\] [a-z0-9-]+: .+ \((?P<where>[^()]+)\): .+$")
PY_WHERE = re.compile(r"^(stacks|dashboards|rules|alertmanager)/[\w/]+\.py:[1-9]\d*$")


def materialise(case: str, dest) -> dict:
    """Copy the base project to dest with the case's mistake applied; returns its expect.yaml."""
    shutil.copytree(BASE, dest, ignore=shutil.ignore_patterns("__pycache__"))
    case_dir = os.path.join(BAD, case)
    with open(os.path.join(case_dir, "expect.yaml"), encoding="utf-8") as fh:
        expect = yaml.safe_load(fh)
    for rel in expect.get("remove", []):
        path = os.path.join(dest, rel)
        shutil.rmtree(path) if os.path.isdir(path) else os.unlink(path)
    for dirpath, _dirs, names in os.walk(case_dir):
        for name in names:
            if name == "expect.yaml" or "__pycache__" in dirpath:
                continue
            rel = os.path.relpath(os.path.join(dirpath, name), case_dir)
            os.makedirs(os.path.dirname(os.path.join(dest, rel)), exist_ok=True)
            shutil.copyfile(os.path.join(dirpath, name), os.path.join(dest, rel))
    for edit in expect.get("replace", []):
        path = os.path.join(dest, edit["file"])
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        assert text.count(edit["old"]) == 1, f"{case}: {edit['old']!r} must occur once in {edit['file']}"
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text.replace(edit["old"], edit["new"]))
    return expect


@pytest.fixture(scope="module")
def previous_build(tmp_path_factory):
    """A valid build of the base project: what every failed build must leave untouched."""
    base = tmp_path_factory.mktemp("base")
    shutil.copytree(BASE, base / "project", ignore=shutil.ignore_patterns("__pycache__"))
    obsgen("--project", str(base / "project"), "build", "--out", str(base / "build"), "--docs", str(base / "docs"),
           cwd=base / "project", check=True)
    return base


def test_the_base_project_is_valid(previous_build):
    """Every case breaks exactly one thing, so the base itself must build and pass the real tools."""
    proc = obsgen("test", "--out", str(previous_build / "build"), cwd=previous_build / "project")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_corpus_is_large_and_each_case_says_what_it_breaks():
    assert len(CASES) == 69  # tests/bad/ is the repository's own: a case added or lost changes this on purpose
    for case in CASES:
        expect = yaml.safe_load(open(os.path.join(BAD, case, "expect.yaml"), encoding="utf-8"))
        assert expect.get("mistake") and expect.get("error"), case


@pytest.mark.parametrize("case", CASES)
def test_bad_definition_gets_one_clear_error(case, tmp_path, previous_build):
    project = tmp_path / "project"
    expect = materialise(case, project)
    out, docs = tmp_path / "build", tmp_path / "docs"
    shutil.copytree(previous_build / "build", out)
    shutil.copytree(previous_build / "docs", docs)
    before = (tree(out), tree(docs))

    proc = obsgen_in_process("build", "--out", str(out), "--docs", str(docs), cwd=project)

    assert proc.returncode == expect.get("exit", 1), proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert re.search(expect["error"], lines[0]), f"{lines[0]!r} does not match {expect['error']!r}"
    code = re.match(r"^\w+\[([a-z0-9-]+)\]", lines[0])[1]
    assert code in ERROR_IDS | {c.id for c in CHECKS}, f"error id {code!r} is not documented in docs/errors.md"
    if expect.get("python_line", True):
        match = LINE.match(lines[0])
        assert match and PY_WHERE.match(match["where"]), f"no object and Python file:line in {lines[0]!r}"
    assert (tree(out), tree(docs)) == before, "a failed build changed the output"


def test_every_error_id_raised_outside_the_checks_is_registered_with_a_well_formed_example():
    """docs/errors.md is generated from obsgen.errors.ERRORS: an id raised in code but missing there is undocumented."""
    raised = set()
    for dirpath, _dirs, names in os.walk(os.path.join(ROOT, "obsgen")):
        if os.path.join("obsgen", "checks") in dirpath:
            continue
        for name in names:
            if name.endswith(".py"):
                source = open(os.path.join(dirpath, name), encoding="utf-8").read()
                raised |= set(re.findall(r'(?:Problem|fail)\(\s*"([a-z0-9-]+)"', source))
    assert raised and raised <= ERROR_IDS, raised - ERROR_IDS
    for kind in ERRORS:
        if kind.id in ("write", "usage"):
            assert kind.example.startswith("error[write] cannot write " if kind.id == "write" else "usage: ")
        else:
            assert LINE.match(kind.example) and kind.example.startswith(f"error[{kind.id}] "), kind.example


def test_docs_errors_md_lists_every_id_with_its_example():
    text = open(os.path.join(ROOT, "docs", "errors.md"), encoding="utf-8").read()
    for kind in ERRORS:
        assert f"### `{kind.id}` (exit {kind.exit_code})" in text and kind.example in text, kind.id
    for check in CHECKS:
        assert f"| `{check.id}` |" in text, check.id
