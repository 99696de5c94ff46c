"""The metric catalog as emitted YAML: the contract applications instrument against."""

from __future__ import annotations

from obsgen.artefact import Artefact, Origin
from obsgen.model.stack import Stack


def compile_catalog(stack: Stack) -> Artefact:
    return Artefact(f"{stack.name}/catalog.yaml", "catalog", stack.catalog.to_data(),
                    {(): Origin("metric catalog", stack.defined_at)}, stack.name)
