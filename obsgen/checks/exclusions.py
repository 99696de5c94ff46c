"""Declared exceptions to checks, in the manner of dashboard-linter's `.lint`.

`.obsgen-lint.yaml` at the project root lists, per check id, the objects a
finding is accepted for, each with the reason it is accepted:

    exclusions:
      rule-recorded-used:
        - object: "group 'shop-http-records' / recording 'job:x:rate5m'"
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

from obsgen.checks.selection import Selection, validate
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
        where = problem.file or problem.where.split(" $", 1)[0]
        return (problem.code == self.check and fnmatch.fnmatchcase(problem.obj, self.object)
                and fnmatch.fnmatchcase(problem.stack, self.stack) and fnmatch.fnmatchcase(where, self.file))


@attr.s(frozen=True, auto_attribs=True)
class Config:
    """A `.obsgen-lint.yaml`: declared exclusions and which checks run (obsgen.checks.selection)."""

    exclusions: tuple = ()
    selection: Selection = Selection()
    path: str | None = None


def discover(start: str) -> str | None:
    """The nearest .obsgen-lint.yaml in `start` or a folder above it (as ruff finds its config), else None."""
    folder = os.path.abspath(start if os.path.isdir(start) else os.path.dirname(start) or ".")
    while True:
        candidate = os.path.join(folder, DEFAULT_FILE)
        if os.path.isfile(candidate):
            return os.path.relpath(candidate) if not os.path.relpath(candidate).startswith("..") else candidate
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def load_config(path: str | None) -> Config:
    """The config at `path` (None: no config, the defaults); Misuse if the file is missing or malformed."""
    if path is None:
        return Config()
    if not os.path.exists(path):
        raise Misuse(f"config file {path} does not exist")
    try:
        with open(path) as fh:
            data = yaml.safe_load(fh)
    except yaml.YAMLError as exc:
        raise Misuse(f"{path} is not valid YAML: {' '.join(str(exc).split())}") from None
    data = {} if data is None else data
    if not isinstance(data, dict):
        raise Misuse(f"{path} must be a mapping with exclusions, select, extend-select or ignore")
    unknown = set(data) - {"exclusions", "select", "extend-select", "ignore"}
    if unknown:
        raise Misuse(f"{path} has unknown keys: {', '.join(sorted(map(str, unknown)))}")
    from obsgen.checks import CHECKS

    known = {c.id for c in CHECKS}
    chosen = Selection(*(validate(data.get(key), known, f"{path}: {key}") for key in ("select", "extend-select", "ignore")))
    return Config(tuple(_exclusions(data, path)), chosen, path)


def load(path: str | None) -> list:
    """Exclusions from `path`, or from .obsgen-lint.yaml when it exists; Misuse if the file is malformed."""
    if path is None and not os.path.exists(DEFAULT_FILE):
        return []
    return list(load_config(path or DEFAULT_FILE).exclusions)


def _exclusions(data: dict, path: str) -> list:
    section = data.get("exclusions") or {}
    if not isinstance(section, dict):
        raise Misuse(f"{path}: exclusions must map check ids to lists of entries")
    out = []
    for check, entries in sorted(section.items()):
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
