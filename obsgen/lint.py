"""`obsgen lint`: the checks, run on provisioning files on disk.

Any folder works, whether obsgen built it or a person wrote it: files are
recognised by content (a dashboard has panels, a rule file has groups, an
Alertmanager config has a route...), not by name. A folder holding stack
folders (like build/) is linted one stack at a time, each with its own
catalog.yaml; `--catalog` gives the catalog for a folder without one.
"""

from __future__ import annotations

import json
import os

import attr
import yaml

from obsgen.artefact import Artefact
from obsgen.checks import CHECKS, run_all
from obsgen.checks.base import Context
from obsgen.errors import Misuse, Problem
from obsgen.model.catalog import Catalog
from obsgen.serialize import load_yaml

_SKIP_DIRS = {"node_modules", "__pycache__"}
_SUFFIXES = (".json", ".yml", ".yaml")
_STACK_MARKERS = ("catalog.yaml", "prometheus", "grafana", "alertmanager")


def classify(data) -> str | None:
    """The artefact kind of a parsed file, or None for files lint does not know."""
    if not isinstance(data, dict):
        return None
    if "panels" in data or ("schemaVersion" in data and "title" in data):
        return "dashboard"
    if "rule_files" in data and "tests" in data:
        return "rule-tests"
    if isinstance(data.get("groups"), list):
        return "rules"
    if "scrape_configs" in data or ("global" in data and ("rule_files" in data or "alerting" in data)):
        return "prometheus"
    if "route" in data or "receivers" in data:
        return "alertmanager"
    if "datasources" in data or "deleteDatasources" in data:
        return "datasources"
    if "providers" in data:
        return "dashboard-provider"
    if isinstance(data.get("metrics"), list) and all(isinstance(m, dict) and "type" in m for m in data["metrics"]):
        return "catalog"
    if "cases" in data:
        return "route-tests"
    return None


def _display(path: str) -> str:
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


def _files(root: str) -> list:
    if os.path.isfile(root):
        return [root]
    out = []
    for dirpath, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
        out += [os.path.join(dirpath, n) for n in sorted(names) if n.endswith(_SUFFIXES) and not n.startswith(".")]
    return out


def units(path: str) -> list:
    """The folders linted as one unit each: stack folders below `path`, else `path` itself."""
    if os.path.isdir(path):
        children = [os.path.join(path, d) for d in sorted(os.listdir(path))
                    if os.path.isdir(os.path.join(path, d)) and not d.startswith(".")]
        stacks = [c for c in children if any(os.path.exists(os.path.join(c, m)) for m in _STACK_MARKERS)]
        if stacks and not any(os.path.exists(os.path.join(path, m)) for m in _STACK_MARKERS):
            return stacks
    return [path]


@attr.s(auto_attribs=True)
class Unit:
    path: str
    stack: str
    artefacts: list
    catalog: Catalog | None
    problems: list  # files that could not be read


def read(path: str, catalog: Catalog | None = None) -> Unit:
    """Every recognised file below `path` as an Artefact (no origins: findings name file and JSON path)."""
    base = os.path.abspath(path)
    stack = os.path.basename(base.rstrip(os.sep)) if os.path.isdir(base) else os.path.basename(os.path.dirname(base))
    artefacts, problems = [], []
    for full in _files(path):
        shown = _display(full)
        try:
            with open(full, encoding="utf-8") as fh:
                data = json.load(fh) if full.endswith(".json") else load_yaml(fh)
        except (ValueError, yaml.YAMLError, UnicodeDecodeError) as exc:
            problems.append(Problem("lint-read", stack, shown, shown, f"does not parse: {' '.join(str(exc).split())}"))
            continue
        kind = classify(data)
        if kind is not None:
            artefacts.append(Artefact(shown, kind, data, {}, stack))
    if catalog is None:
        for art in artefacts:
            if art.kind == "catalog" and os.path.basename(art.path) == "catalog.yaml":
                catalog = _catalog(art.data, art.path)
                break
    return Unit(path, stack, artefacts, catalog, problems)


def _catalog(data, where: str) -> Catalog:
    try:
        return Catalog.from_data(data or {})
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise Misuse(f"{where} is not a metric catalog: {exc}") from None


def load_catalog(path: str) -> Catalog:
    try:
        with open(path) as fh:
            data = load_yaml(fh)
    except OSError as exc:
        raise Misuse(f"cannot read catalog {path}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise Misuse(f"catalog {path} is not valid YAML: {' '.join(str(exc).split())}") from None
    return _catalog(data, path)


@attr.s(auto_attribs=True)
class Report:
    units: list
    problems: list
    skipped: list = attr.ib(factory=list)  # (unit, reason) for checks that could not run

    @property
    def files(self) -> int:
        return sum(len(u.artefacts) for u in self.units)


def lint(paths: list, catalog_file: str | None = None, tools: bool = True) -> Report:
    """Run every check on every unit below `paths`; problems sorted by file."""
    catalog = load_catalog(catalog_file) if catalog_file else None
    found, problems, skipped = [], [], []
    for path in paths:
        if not os.path.exists(path):
            raise Misuse(f"{path} does not exist")
        for unit_path in units(path):
            unit = read(unit_path, catalog)
            found.append(unit)
            problems += unit.problems
            if unit.catalog is None:
                skipped.append((unit, "no catalog.yaml here and no --catalog: metric, label and type checks skipped"))
            ctx = Context(unit.artefacts, unit.catalog, None, disk_root=os.getcwd())
            problems += run_all(ctx, tools=tools)
    return Report(found, problems, skipped)


def check_ids() -> set:
    return {c.id for c in CHECKS} | {"lint-read"}
