"""Generated documentation, written to docs/ so it cannot drift from the definitions.

Each module here exposes `generate(project) -> list[Artefact]` (with root="docs");
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


def generate(project) -> list:
    return [artefact for gen in generators() for artefact in gen(project)]
