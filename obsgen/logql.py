"""LogQL syntax through Grafana's official grammar (@grafana/lezer-logql), run by Node.

There is no maintained LogQL parser for Python; the lezer grammar is the one
Grafana's own query editor uses. One Node process parses a whole batch, so a
folder with hundreds of log queries costs one process start.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import attr

from obsgen.promql import substitute

TOOLS_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tools")
SCRIPT = os.path.join(TOOLS_DIR, "logql-check.mjs")
INSTALL_HINT = "run `npm ci` in tools/ (or `make test`), which installs @grafana/lezer-logql"


class LogQLUnavailable(RuntimeError):
    """Node or the grammar package is missing."""


@attr.s(frozen=True, auto_attribs=True)
class SyntaxIssue:
    position: int  # 0-based offset in the expression after Grafana variable substitution
    near: str

    def describe(self) -> str:
        return f"syntax error at offset {self.position} near {self.near!r}"


def _ready() -> str:
    node = shutil.which("node")
    if node is None:
        raise LogQLUnavailable(f"node not found; install Node.js 20+ and {INSTALL_HINT}")
    if not os.path.isdir(os.path.join(TOOLS_DIR, "node_modules", "@grafana", "lezer-logql")):
        raise LogQLUnavailable(f"@grafana/lezer-logql is not installed: {INSTALL_HINT}")
    return node


def check(exprs: list, timeout: int = 60) -> list:
    """One list of SyntaxIssue per expression (empty: it parses). LogQLUnavailable if Node can't run it."""
    if not exprs:
        return []
    node = _ready()
    prepared = [substitute(e) for e in exprs]
    proc = subprocess.run([node, SCRIPT], input=json.dumps(prepared), capture_output=True, text=True,
                          cwd=TOOLS_DIR, timeout=timeout)
    if proc.returncode != 0:
        raise LogQLUnavailable(f"logql-check.mjs failed: {proc.stderr.strip() or proc.stdout.strip()}")
    results = json.loads(proc.stdout)
    return [[SyntaxIssue(err["from"], err["near"]) for err in r["errors"]] for r in results]
