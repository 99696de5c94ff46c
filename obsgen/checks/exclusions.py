"""Declared exceptions to checks, in the manner of dashboard-linter's `.lint`.

`.obsgen-lint.yaml` at the project root lists, per check id, the objects a
finding is accepted for, each with the reason it is accepted:

    exclusions:
      rule-recorded-used:
        - object: "group 'brainbytes-http-records' / recording 'job:x:rate5m'"
          reason: "read by the SLO dashboard, which lands with issue 3"

`object` (required) and the optional `stack` and `file` are shell patterns
matched against the finding's object, stack, and file (its `where` without a
JSON path). A finding that matches is reported as excluded, not counted.
"""

from __future__ import annotations

import fnmatch
import os

import attr
import yaml

from obsgen.errors import Misuse

DEFAULT_FILE = ".obsgen-lint.yaml"


@attr.s(frozen=True, auto_attribs=True)
class Exclusion:
    check: str
    object: str
    reason: str
    stack: str = "*"
    file: str = "*"

    def matches(self, problem) -> bool:
        where = problem.where.split(" $", 1)[0]
        return (problem.code == self.check and fnmatch.fnmatchcase(problem.obj, self.object)
                and fnmatch.fnmatchcase(problem.stack, self.stack) and fnmatch.fnmatchcase(where, self.file))


def load(path: str | None) -> list:
    """Exclusions from `path`, or from .obsgen-lint.yaml when it exists; Misuse if the file is malformed."""
    explicit = path is not None
    path = path or DEFAULT_FILE
    if not os.path.exists(path):
        if explicit:
            raise Misuse(f"exceptions file {path} does not exist")
        return []
    try:
        with open(path) as fh:
            data = yaml.safe_load(fh) or {}
    except yaml.YAMLError as exc:
        raise Misuse(f"{path} is not valid YAML: {' '.join(str(exc).split())}") from None
    out = []
    for check, entries in sorted((data.get("exclusions") or {}).items()):
        for index, entry in enumerate(entries or []):
            where = f"{path}: exclusions.{check}[{index}]"
            if not isinstance(entry, dict) or not str(entry.get("reason") or "").strip():
                raise Misuse(f"{where} needs a reason")
            if not entry.get("object"):
                raise Misuse(f"{where} needs an object pattern")
            unknown = set(entry) - {"object", "reason", "stack", "file"}
            if unknown:
                raise Misuse(f"{where} has unknown keys: {', '.join(sorted(unknown))}")
            out.append(Exclusion(check, str(entry["object"]), str(entry["reason"]).strip(),
                                 str(entry.get("stack", "*")), str(entry.get("file", "*"))))
    return out


def split(problems: list, exclusions: list) -> tuple:
    """(kept problems, [(problem, exclusion)] excluded, exclusions that matched nothing)."""
    kept, excluded, used = [], [], set()
    for problem in problems:
        hit = next((e for e in exclusions if e.matches(problem)), None)
        if hit is None:
            kept.append(problem)
        else:
            excluded.append((problem, hit))
            used.add(hit)
    return kept, excluded, [e for e in exclusions if e not in used]
