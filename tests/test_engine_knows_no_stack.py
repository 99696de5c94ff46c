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


def leaks(names, whole: bool = False) -> list:
    """`file:line: 'match'` for each line under obsgen/ holding one of `names` (anywhere in a word, or, with
    `whole`, as a token of its own: `/chat` is in `/chat`, not in `/api/chat`)."""
    alternatives = "|".join(sorted(map(re.escape, names)))
    pattern = re.compile(rf"(?<![\w/.:-])(?:{alternatives})(?![\w/.:-])" if whole else alternatives, re.IGNORECASE)
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


def distinctive_values() -> set:
    """A stack's own identifiers: the example label values its module declares (EXAMPLES) that could not be
    ordinary words (a route, a model, an image, a container), so one found under obsgen/ was copied there."""
    from conftest import definition

    out = set()
    for name in stack_names():
        for values in getattr(definition(f"stacks.{name}"), "EXAMPLES", {}).values():
            out.update(v for v in values if len(v) >= 5 and re.search(r"[-/_.:0-9]", v))
    return out


def test_obsgen_names_no_stack():
    assert leaks(stack_names()) == []


def test_obsgen_holds_no_stack_label_value():
    """Smoke's label values come from the catalog: the engine's table keeps only values no system owns."""
    values = distinctive_values()
    assert {"/api/questions", "gpt-4o-mini"} <= values  # the scan has something to find
    assert leaks(values, whole=True) == []


def test_the_scan_finds_a_leak(tmp_path, monkeypatch):
    """The scan itself can fail: a name planted in a copy of the tree is reported with file and line."""
    fake = tmp_path / "obsgen" / "rules_lib"
    fake.mkdir(parents=True)
    (fake / "x.py").write_text('"""ok"""\nDEFAULT = "Copilotos-api"\nROUTES = ("/api/chat", "/chat")\n')
    monkeypatch.setattr(__import__(__name__), "ROOT", tmp_path)
    assert leaks({"copilotos"}) == ["obsgen/rules_lib/x.py:2: 'Copilotos'"]
    assert leaks({"/chat"}, whole=True) == ["obsgen/rules_lib/x.py:3: '/chat'"]
