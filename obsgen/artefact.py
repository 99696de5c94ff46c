"""Compiled plain data, with a map back to the definitions that produced it."""

from __future__ import annotations

from typing import Any

import attr


@attr.s(frozen=True, auto_attribs=True)
class Origin:
    """The object a piece of output came from, in words, and its Python `file:line`."""

    obj: str
    defined_at: str


@attr.s(frozen=True, auto_attribs=True)
class Artefact:
    """One output file. `path` is relative to the output root, starting with the stack."""

    path: str
    kind: str  # dashboard, rules, rule-tests, prometheus, alertmanager, datasources, dashboard-provider, catalog, text
    data: Any
    origins: dict = attr.ib(factory=dict, eq=False)
    stack: str = ""
    root: str = "build"  # "build" for provisioning files, "docs" for generated documentation
    # Files read from disk: JSON path -> (line, column) in the file a person edits (for a document
    # unwrapped from a Kubernetes manifest, in the manifest), worked out only when asked.
    locate: Any = attr.ib(default=None, eq=False, repr=False)
    # Where the data came from when it is not the whole file at `path` (e.g. "PrometheusRule/api-rules").
    within: str = ""

    def origin(self, json_path: tuple) -> Origin | None:
        """The most specific origin recorded at or above `json_path`."""
        for cut in range(len(json_path), -1, -1):
            found = self.origins.get(tuple(json_path[:cut]))
            if found:
                return found
        return None


def json_path(path: tuple) -> str:
    """`$.panels[3].targets[0].expr` style, for messages about files without a Python origin."""
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out
