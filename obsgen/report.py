"""Findings printed for a terminal, for programs (JSON), for GitHub Actions and as SARIF.

Text is one line per finding. JSON is always one valid document. GitHub workflow
commands (`::error file=...,line=...,col=...::`) annotate the pull request's diff.
SARIF 2.1.0 is what GitHub code scanning and most editors and CI servers import.
"""

from __future__ import annotations

import json
import re

_PYTHON_WHERE = re.compile(r"^(?P<file>[^\s]+?):(?P<line>\d+)$")


def location(p) -> tuple:
    """(file, line, column) of a problem: its file position, or the Python `file:line` that defined it."""
    if p.file:
        return p.file, p.line_no, p.column
    match = _PYTHON_WHERE.match(p.where)
    if match:
        return match.group("file"), int(match.group("line")), 0
    return "", 0, 0

FORMATS = ("text", "json", "github", "sarif")
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def counts(problems: list) -> dict:
    return {s: sum(p.severity == s for p in problems) for s in ("error", "warning", "info")}


def text(problems: list, excluded: list, unused: list, summary: str) -> str:
    lines = [p.line() + (f" [{p.count} objects]" if p.count > 1 else "") for p in problems]
    lines += [f"excluded[{p.code}] {p.stack}: {p.obj}: {e.reason}" for p, e in excluded]
    lines += [f"note: exclusion {e.check} / {e.object!r} matched nothing; remove it if it is stale" for e in unused]
    c = counts(problems)
    lines.append(f"{summary}: {c['error']} errors, {c['warning']} warnings, {c['info']} info, {len(excluded)} excluded")
    return "\n".join(lines)


def as_json(problems: list, excluded: list, unused: list, extra: dict) -> str:
    c = counts(problems)
    data = {
        "problems": [p.to_json() for p in problems],
        "excluded": [{**p.to_json(), "reason": e.reason} for p, e in excluded],
        "unused_exclusions": [{"check": e.check, "object": e.object} for e in unused],
        "summary": {**extra, "errors": c["error"], "warnings": c["warning"], "info": c["info"],
                    "excluded": len(excluded)},
    }
    return json.dumps(data, indent=2, sort_keys=True)


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(problems: list) -> str:
    """GitHub Actions workflow commands, one per finding (`info` becomes `notice`)."""
    out = []
    for p in problems:
        level = {"error": "error", "warning": "warning"}.get(p.severity, "notice")
        props = []
        file, line, column = location(p)
        if file:
            props.append(f"file={_escape_property(file)}")
            if line:
                props += [f"line={line}", f"col={column or 1}"]
        props.append(f"title={_escape_property(f'{p.code}: {p.obj}')}")
        message = " ".join(p.message.split())
        if p.count > 1:
            message += f" [{p.count} objects]"
        if not file:
            message = f"{p.where}: {message}"
        out.append(f"::{level} {','.join(props)}::{_escape_data(message)}")
    return "\n".join(out)


def sarif(problems: list, checks: list, version: str) -> str:
    """A SARIF 2.1.0 log with one run, rules for every check, results for every finding."""
    rules = [{
        "id": c.id,
        "shortDescription": {"text": c.summary},
        "fullDescription": {"text": f"{c.summary} Example: {c.example}" if c.example else c.summary},
        "defaultConfiguration": {"level": _SARIF_LEVEL[c.severity]},
        "properties": {"tags": ["house-convention" if c.house else "correctness"]},
    } for c in checks]
    index = {r["id"]: i for i, r in enumerate(rules)}
    results = []
    for p in problems:
        result = {
            "ruleId": p.code,
            "level": _SARIF_LEVEL[p.severity],
            "message": {"text": f"{p.obj}: {' '.join(p.message.split())}"},
        }
        if p.code in index:
            result["ruleIndex"] = index[p.code]
        if p.count > 1:
            result["properties"] = {"count": p.count}
        file, line, column = location(p)
        physical = {"artifactLocation": {"uri": (file or p.where.split(" ", 1)[0]).replace("\\", "/")}}
        if line:
            physical["region"] = {"startLine": line, "startColumn": column or 1}
        result["locations"] = [{"physicalLocation": physical}]
        if p.path:
            result["locations"][0]["logicalLocations"] = [{"fullyQualifiedName": p.path}]
        results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "obsgen", "version": version, "rules": rules}},
            "results": results,
        }],
    }
    return json.dumps(log, indent=2, sort_keys=True)
