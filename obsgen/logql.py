"""LogQL syntax through Grafana's official grammar (@grafana/lezer-logql), run by Node.

There is no maintained LogQL parser for Python; the lezer grammar is the one
Grafana's own query editor uses. One Node process parses a whole batch, so a
folder with hundreds of log queries costs one process start.
"""

from __future__ import annotations

import hashlib
import json
import os

import re

import attr

from obsgen.promql import substitute

TOOLS_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tools")
SCRIPT = os.path.join(TOOLS_DIR, "logql-check.mjs")
INSTALL_HINT = "run `npm ci` in tools/ (or `make test`), which installs @grafana/lezer-logql"


# Grafana's Loki variable queries are not LogQL: `label_names()`, `label_values(job)` and
# `label_values({app="x"}, job)`. Only the stream selector of the last form is LogQL.
_VARIABLE_QUERY = re.compile(r"^\s*label_(?:names|values)\s*\((?P<args>.*)\)\s*$", re.S)
_EMPTY_SELECTOR = re.compile(r"^\s*(?:\{\s*\})?\s*$")


def variable_selector(query: str) -> str | None:
    """The LogQL inside a Grafana Loki variable query, or None when it holds none worth parsing.

    An empty selector `{}` is what Grafana's own editor writes for "any stream"; Grafana
    drops it before asking Loki, so it is not a mistake.
    """
    m = _VARIABLE_QUERY.match(query)
    if m is not None:
        args = m.group("args")
        query = args.rsplit(",", 1)[0] if "," in args else ""
    return None if _EMPTY_SELECTOR.match(query) else query


class LogQLUnavailable(RuntimeError):
    """Node or the grammar package is missing."""


@attr.s(frozen=True, auto_attribs=True)
class SyntaxIssue:
    position: int  # 0-based offset in the expression after Grafana variable substitution
    near: str

    def describe(self) -> str:
        return f"syntax error at offset {self.position} near {self.near!r}"


def _ready() -> str:
    import shutil  # here, not at the top: only a stack with log queries needs it

    node = shutil.which("node")
    if node is None:
        raise LogQLUnavailable(f"node not found; install Node.js 20+ and {INSTALL_HINT}")
    if not os.path.isdir(os.path.join(TOOLS_DIR, "node_modules", "@grafana", "lezer-logql")):
        raise LogQLUnavailable(f"@grafana/lezer-logql is not installed: {INSTALL_HINT}")
    return node


# Expressions the installed grammar accepted, so an unchanged tree does not start Node on
# every build. It lives in node_modules: reinstalling the grammar starts it afresh, and
# the key covers the grammar's package.json and the script, so an upgrade misses it.
CACHE = os.path.join(TOOLS_DIR, "node_modules", ".obsgen-logql-accepted.json")


def _fingerprint() -> bytes:
    digest = hashlib.sha256()
    for path in (SCRIPT, os.path.join(TOOLS_DIR, "node_modules", "@grafana", "lezer-logql", "package.json")):
        with open(path, "rb") as fh:
            digest.update(fh.read())
    return digest.digest()


def _key(fingerprint: bytes, expr: str) -> str:
    return hashlib.sha256(fingerprint + expr.encode()).hexdigest()


def _load_cache() -> set:
    try:
        with open(CACHE) as fh:
            return set(json.load(fh))
    except (OSError, ValueError, TypeError):
        return set()


def _save_cache(keys: set) -> None:
    tmp = f"{CACHE}.{os.getpid()}"
    try:
        with open(tmp, "w") as fh:
            json.dump(sorted(keys), fh)
        os.replace(tmp, CACHE)
    except OSError:
        pass  # a read-only node_modules only costs a Node start next time


def check(exprs: list, timeout: int = 60) -> list:
    """One list of SyntaxIssue per expression (empty: it parses). LogQLUnavailable if Node can't run it."""
    if not exprs:
        return []
    node = _ready()
    prepared = [substitute(e) for e in exprs]
    fingerprint = _fingerprint()
    accepted = _load_cache()
    keys = [_key(fingerprint, e) for e in prepared]
    todo = sorted({e for e, k in zip(prepared, keys) if k not in accepted})
    found: dict = {}
    if todo:
        import subprocess  # here, not at the top: a build whose queries are all cached never needs it

        proc = subprocess.run([node, SCRIPT], input=json.dumps(todo), capture_output=True, text=True,
                              cwd=TOOLS_DIR, timeout=timeout)
        if proc.returncode != 0:
            raise LogQLUnavailable(f"logql-check.mjs failed: {proc.stderr.strip() or proc.stdout.strip()}")
        for expr, result in zip(todo, json.loads(proc.stdout)):
            found[expr] = [SyntaxIssue(err["from"], err["near"]) for err in result["errors"]]
        newly = {_key(fingerprint, e) for e, issues in found.items() if not issues}
        if newly:
            _save_cache(accepted | newly)
    return [found.get(e, []) for e in prepared]
