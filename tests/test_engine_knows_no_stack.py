"""obsgen/ is the engine: it knows no stack. A stack's name anywhere under obsgen/ (code, docstrings,
check examples, scaffold templates, preview assets) means stack knowledge leaked into the library."""

from __future__ import annotations

import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent


def stack_names() -> set:
    """Every stack of this project: the module names under stacks/ (which are the stacks' names)."""
    names = {p.stem for p in (ROOT / "stacks").glob("*.py") if not p.stem.startswith("_")}
    assert names >= {"brainbytes", "copilotos"}, names
    return names


def leaks(names) -> list:
    pattern = re.compile("|".join(sorted(map(re.escape, names))), re.IGNORECASE)
    found = []
    for path in sorted((ROOT / "obsgen").rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts or path.suffix == ".pyc":
            continue
        text = path.read_bytes().decode("utf-8", "replace")
        for number, line in enumerate(text.splitlines(), 1):
            match = pattern.search(line)
            if match:
                found.append(f"{path.relative_to(ROOT)}:{number}: {match.group(0)!r}")
    return found


def test_obsgen_names_no_stack():
    assert leaks(stack_names()) == []


def test_the_scan_finds_a_leak(tmp_path, monkeypatch):
    """The scan itself can fail: a name planted in a copy of the tree is reported with file and line."""
    fake = tmp_path / "obsgen" / "rules_lib"
    fake.mkdir(parents=True)
    (fake / "x.py").write_text('"""ok"""\nDEFAULT = "Copilotos-api"\n')
    monkeypatch.setattr(__import__(__name__), "ROOT", tmp_path)
    assert leaks({"copilotos"}) == ["obsgen/rules_lib/x.py:2: 'Copilotos'"]
