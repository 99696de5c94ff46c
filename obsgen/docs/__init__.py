"""Generated documentation, written to docs/ so it cannot drift from the definitions.

Each module here exposes `generate(project, artefacts) -> list[Artefact]` (with root="docs"),
`artefacts` being the stack's compiled build output;
every module is picked up, so adding a document never edits a shared list.
"""

from __future__ import annotations

import importlib
import pkgutil


def cell(text) -> str:
    """Text safe inside a Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def generators() -> list:
    names = sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))
    return [importlib.import_module(f"{__name__}.{name}").generate for name in names]


def generate(project, artefacts=()) -> list:
    return [doc for gen in generators() for doc in gen(project, artefacts)]
