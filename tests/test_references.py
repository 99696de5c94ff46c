"""Definitions reference a stack's jobs and dashboards; they never copy them as strings.

A job name is written once, in the stack's Service (`stacks/<stack>.py`); rules, dashboards and
routing reach it through the Service or its constant. A dashboard is named by slug or object and
the compiler makes the uid `<stack>-<slug>`, so no definition writes a uid. Copies drift: a job
renamed in the stack would leave an alert selecting a job that no longer exists.
"""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path

import pytest

from conftest import ROOT, definition

PLACES = ("rules", "dashboards", "alertmanager")
STACKS = sorted(p.stem for p in (Path(ROOT) / "stacks").glob("*.py") if not p.stem.startswith("_"))


def literals(path: Path) -> list:
    """(line, text) of every string literal in a module, docstrings included (an f-string's literal parts)."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            out.append((node.lineno, node.value))
    return out


def copies(stack: str, files) -> list:
    """`file:line: text` for each literal that spells one of the stack's jobs or dashboard uids."""
    facts = definition(f"stacks.{stack}").STACK
    jobs = {s.job for s in facts.services}
    uids = {f"{stack}-{d.slug}" for d in definition(f"dashboards.{stack}").dashboards(facts)}
    selector = re.compile(r'\bjob\s*=~?\s*\\?"([^"\\]+)')
    found = []
    for path in files:
        for line, text in literals(path):
            named = {m.group(1) for m in selector.finditer(text)} & jobs
            if text in jobs or named or any(uid in text for uid in uids):
                found.append(f"{os.path.relpath(path, ROOT)}:{line}: {text!r}")
    return found


@pytest.mark.parametrize("stack", STACKS)
def test_no_definition_copies_a_job_or_a_dashboard_uid(stack):
    files = sorted(f for place in PLACES for f in (Path(ROOT) / place).rglob("*.py") if "__pycache__" not in f.parts)
    assert files
    assert copies(stack, files) == []


def test_the_scan_finds_a_copied_job_and_uid(tmp_path):
    planted = tmp_path / "rules.py"
    planted.write_text('A = \'up{job="brainbytes-backend"} == 0\'\nB = "brainbytes-system-overview"\nC = "brainbytes-backend"\n'
                       'D = f\'rate(x{{job="{JOB}"}}[5m])\'\nE = "the backend answers"\n')
    found = [line.split(": ", 1)[0].rsplit(":", 1)[1] for line in copies("brainbytes", [planted])]
    assert found == ["1", "2", "3"]
