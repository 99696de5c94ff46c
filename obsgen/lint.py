"""`obsgen lint`: the checks, run on provisioning files on disk.

Any folder works, whether obsgen built it or a person wrote it: files are
recognised by content (a dashboard has panels, a rule file has groups, an
Alertmanager config has a route...), not by name. Kubernetes manifests are
unwrapped (obsgen/manifests.py): a PrometheusRule's groups, the dashboards and
rule files a ConfigMap or Secret holds, a GrafanaDashboard's JSON, lists and
multi-document files. A folder holding stack folders (like build/) is linted one
stack at a time, each with its own catalog.yaml; `--catalog` gives the catalog
for a folder without one.

Reading never raises on a file's content: a file that does not parse is a
`lint-read` finding, and a bug while reading one file is an `internal-error`
finding for that file while the others are still linted.
"""

from __future__ import annotations

import json
import os

import attr
import yaml

from obsgen import dashboard_v2, manifests
from obsgen.artefact import Artefact
from obsgen.checks import CHECKS, INTERNAL_ERROR, exclusions, guarded, selection
from obsgen.checks.base import Context
from obsgen.errors import Misuse, Problem
from obsgen.model.catalog import Catalog
from obsgen.model.stack import TARGETS
from obsgen.positions import JSONPositions, node_locate, yaml_nodes
from obsgen.serialize import load_yaml

_SKIP_DIRS = {"node_modules", "__pycache__"}
_SUFFIXES = (".json", ".yml", ".yaml")
_STACK_MARKERS = ("catalog.yaml", "prometheus", "grafana", "alertmanager")
_MANIFEST = ".obsgen-manifest.json"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def classify(data) -> str | None:
    """The artefact kind of a parsed file, or None for files lint does not know."""
    if not isinstance(data, dict):
        return None
    if "panels" in data or ("schemaVersion" in data and "title" in data) \
            or (isinstance(data.get("rows"), list) and "title" in data):
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


def unwrap_export(data):
    """A dashboard saved from Grafana's HTTP API (`{"dashboard": {...}, "meta": {...}}`) is the dashboard."""
    if isinstance(data, dict) and isinstance(data.get("dashboard"), dict) and ("meta" in data or "overwrite" in data
                                                                               or "folderId" in data or "folderUid" in data):
        return data["dashboard"], ("dashboard",)
    return data, ()


def _display(path: str) -> str:
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


# A stack folder's delivery targets (build/<stack>/<target>/) repackage the stack's files: each is linted as a
# unit of its own, with the stack's name and catalog, so the same rule or dashboard is not compared with itself.
_TARGET_DIRS = set(TARGETS) - {"files"}


def _is_stack(path: str) -> bool:
    return any(os.path.exists(os.path.join(path, m)) for m in _STACK_MARKERS)


def _files(root: str) -> list:
    if os.path.isfile(root):
        return [root]
    out = []
    stack = _is_stack(root)
    for dirpath, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith(".")
                         and not (stack and dirpath == root and d in _TARGET_DIRS))
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


def lint_units(path: str) -> list:
    """`units(path)`, each stack folder followed by its delivery targets' folders (build/<stack>/<target>/)."""
    out = []
    for unit in units(path):
        out.append(unit)
        if os.path.isdir(unit) and _is_stack(unit):
            out += [os.path.join(unit, t) for t in sorted(_TARGET_DIRS) if os.path.isdir(os.path.join(unit, t))]
    return out


@attr.s(auto_attribs=True)
class Unit:
    path: str
    stack: str
    artefacts: list
    catalog: Catalog | None
    problems: list  # files that could not be read


def _prefixed(locate, prefix: tuple):
    return (lambda path: locate(prefix + tuple(path))) if prefix else locate


def _lazy_json(text: str):
    state = {}

    def locate(path):
        if "p" not in state:
            state["p"] = JSONPositions(text)
        return state["p"].locate(path)
    return locate


def _lazy_yaml(text: str, index: int):
    state = {}

    def locate(path):
        if "n" not in state:
            try:
                docs = yaml_nodes(text)
            except yaml.YAMLError:
                docs = []
            state["n"] = docs[index] if index < len(docs) else {}
        return node_locate(state["n"], path)
    return locate


def _read_error(stack: str, shown: str, exc: Exception) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = getattr(exc, "lineno", 0) or (mark.line + 1 if mark is not None else 0)
    column = getattr(exc, "colno", 0) or (mark.column + 1 if mark is not None else 0)
    where = f"{shown}:{line}:{column}" if line else shown
    return Problem("lint-read", stack, shown, where, f"does not parse: {' '.join(str(exc).split())}",
                   file=shown, line_no=line, column=column)


def read_file(full: str, shown: str, stack: str) -> tuple:
    """(artefacts, problems) for one file. Raises only on a bug in obsgen."""
    try:
        with open(full, encoding="utf-8") as fh:
            text = fh.read()
    except UnicodeDecodeError as exc:
        return [], [Problem("lint-read", stack, shown, shown, f"is not UTF-8 text: {exc.reason}", file=shown)]
    except OSError as exc:
        return [], [Problem("lint-read", stack, shown, shown, f"cannot be read: {exc.strerror}", file=shown)]
    try:
        if full.endswith(".json"):
            docs = [json.loads(text)]
        else:
            docs = list(yaml.load_all(text, Loader=_LOADER))
    except (ValueError, yaml.YAMLError, RecursionError) as exc:
        return [], [_read_error(stack, shown, exc)]
    artefacts, problems = [], []
    for index, doc in enumerate(docs):
        locate = _lazy_json(text) if full.endswith(".json") else _lazy_yaml(text, index)
        if dashboard_v2.is_v2(doc):  # Grafana 13's resource: checked through its classic view
            view = dashboard_v2.Classic(doc)
            artefacts.append(Artefact(shown, "dashboard", view.dashboard, {}, stack,
                                      locate=lambda p, v=view, at=locate: at(v.path_in_resource(p))))
            continue
        if manifests.is_manifest(doc):
            found, trouble = manifests.unwrap(doc, text, index, shown, stack, locate)
            artefacts += found
            problems += trouble
            continue
        data, prefix = unwrap_export(doc)
        kind = classify(data)
        if kind is not None:
            artefacts.append(Artefact(shown, kind, data, {}, stack, locate=_prefixed(locate, prefix)))
    return artefacts, problems


def read(path: str, catalog: Catalog | None = None, stack: str | None = None) -> Unit:
    """Every recognised file below `path` as an Artefact (no origins: findings name file and position)."""
    base = os.path.abspath(path)
    if stack is None:
        stack = os.path.basename(base.rstrip(os.sep)) if os.path.isdir(base) else os.path.basename(os.path.dirname(base))
    artefacts, problems = [], []
    for full in _files(path):
        shown = _display(full)
        try:
            found, trouble = read_file(full, shown, stack)
        except Exception as exc:  # noqa: BLE001 - a bug in obsgen while reading one file; lint the rest
            found, trouble = [], [Problem(INTERNAL_ERROR, stack, "reading", shown,
                                          f"bug in obsgen while reading this file: {type(exc).__name__}: {exc}; "
                                          f"please report it", file=shown)]
        artefacts += found
        problems += trouble
    if catalog is None:
        for art in artefacts:
            if art.kind == "catalog" and os.path.basename(art.path) == "catalog.yaml" and not art.within:
                try:
                    catalog = Catalog.from_data(art.data or {})
                except (ValueError, TypeError, KeyError, AttributeError) as exc:
                    problems.append(Problem("lint-read", stack, art.path, art.path,
                                            f"is not a metric catalog: {' '.join(str(exc).split())}", file=art.path))
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


def obsgen_build(path: str) -> bool:
    """A folder obsgen generated (its manifest is in the folder or the one above): house conventions apply."""
    base = os.path.abspath(path if os.path.isdir(path) else os.path.dirname(path))
    return any(os.path.exists(os.path.join(d, _MANIFEST)) for d in (base, os.path.dirname(base)))


@attr.s(auto_attribs=True)
class Report:
    units: list
    problems: list
    excluded: list = attr.ib(factory=list)  # (problem, exclusion)
    unused: list = attr.ib(factory=list)  # exclusions that matched nothing
    skipped: list = attr.ib(factory=list)  # (unit, reason) for checks that could not run

    @property
    def files(self) -> int:
        return len({a.path for u in self.units for a in u.artefacts})


def lint(paths: list, catalog_file: str | None = None, tools: bool = True, config_file: str | None = None,
         cli: selection.Selection = selection.Selection()) -> Report:
    """Run the selected checks on every unit below `paths`; tool-backed checks run once over all units."""
    catalog = load_catalog(catalog_file) if catalog_file else None
    explicit = exclusions.load_config(config_file) if config_file else None
    report = Report([], [])
    plans = []  # (unit, ctx, selected ids, config)
    stacks = {}  # stack folder -> its Unit, for the delivery targets below it
    for path in paths:
        if not os.path.exists(path):
            raise Misuse(f"{path} does not exist")
        for unit_path in lint_units(path):
            parent = os.path.dirname(unit_path.rstrip(os.sep))
            if os.path.basename(unit_path.rstrip(os.sep)) in _TARGET_DIRS and _is_stack(parent):
                parent_catalog = os.path.join(parent, "catalog.yaml")
                unit = read(unit_path, catalog or (load_catalog(parent_catalog) if os.path.exists(parent_catalog)
                                                   else None), stack=os.path.basename(os.path.abspath(parent)))
                owner = stacks.get(os.path.abspath(parent))
                reference = [a for a in owner.artefacts if a.kind == "rules"] if owner is not None else []
            else:
                unit, reference = read(unit_path, catalog), []
                stacks[os.path.abspath(unit_path)] = unit
            config = explicit or exclusions.load_config(exclusions.discover(unit_path))
            chosen = config.selection.merged(cli).ids(CHECKS, house_default=obsgen_build(unit_path))
            report.units.append(unit)
            if unit.catalog is None:
                report.skipped.append((unit, "no catalog.yaml here and no --catalog: metric, label and type checks skipped"))
            plans.append((unit, Context(unit.artefacts, unit.catalog, None, disk_root=os.getcwd(), reference=reference),
                          chosen, config))
    per_unit = {id(unit): list(unit.problems) for unit, _c, _s, _f in plans}
    for unit, ctx, chosen, _config in plans:
        for check in CHECKS:
            if check.id in chosen and not check.needs_tools:
                per_unit[id(unit)] += guarded(check, ctx)
    if tools:
        # One run of each external program over every unit's files: a process per folder is most of the cost.
        everything = Context([a for u, _c, _s, _f in plans for a in u.artefacts], None, None, disk_root=os.getcwd())
        owner = {id(a): (u, s) for u, _c, s, _f in plans for a in u.artefacts}
        for check in CHECKS:
            if not check.needs_tools or not any(check.id in s for _u, _c, s, _f in plans):
                continue
            for problem, art in guarded(check, everything, with_artefacts=True):
                unit, chosen = owner.get(id(art), (None, None)) if art is not None else (None, None)
                if unit is None:
                    report.problems.append(problem)
                elif check.id in chosen or problem.code == INTERNAL_ERROR:
                    per_unit[id(unit)].append(problem)
    used = set()
    for unit, _ctx, _chosen, config in plans:
        ran = {c.id for c in CHECKS} | {"lint-read", INTERNAL_ERROR}
        declared = [e for e in config.exclusions if e.check in ran]
        kept, excluded, unused = exclusions.split(per_unit[id(unit)], declared)
        report.problems += kept
        report.excluded += excluded
        used |= {e for e in declared if e not in unused}
        report.unused += [e for e in unused if e not in report.unused]
    report.unused = [e for e in report.unused if e not in used]
    return report
