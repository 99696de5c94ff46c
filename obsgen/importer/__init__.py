"""`obsgen import`: existing dashboards, rule files and Alertmanager configs as obsgen definitions.

`dashboard.py`, `rules.py` and `alertmanager.py` turn one input into module text;
`codegen.py` prints it; `roundtrip.py` builds it back and compares. This module
writes the modules into a project: `dashboards/<stack>/`, `rules/<stack>/`,
`alertmanager/<stack>.py`, and the package index listing them when obsgen wrote
that index (an index a person wrote is left alone; the command says what to add).
"""

from __future__ import annotations

import os
import re

from obsgen.errors import Misuse, Problem, UserError
from obsgen.importer import catalog as imported_catalog
from obsgen.importer import dashboard as dash_importer
from obsgen.importer import rules as rules_importer
from obsgen.importer.codegen import add_import, module

INDEX_MARK = "# Index written by `obsgen import`; it lists every module in this folder."
# Where a hand-written index (`obsgen new stack`'s) lets the import add the modules it writes.
SUB_INDEX_MARK = "# obsgen import adds imported modules here"


def _problem(stack: str, path: str, message: str) -> Problem:
    return Problem("import", stack, path, path, message)


def _builds(text: str, filename: str, entry: str, stack_name: str):
    """Execute the generated module and compile what it returns, so a module that would not build is never written.

    A source that obsgen's model rejects (a route to an undefined receiver, an invalid matcher)
    raises ValueError here, reported against the input file like any other import problem.
    """
    from obsgen.compile.alertmanager import compile_alertmanager
    from obsgen.compile.grafana import compile_dashboard
    from obsgen.compile.prometheus import compile_rule_group
    from obsgen.importer.roundtrip import run_module, scratch_stack

    stack = scratch_stack(stack_name)  # the stack's name: it is part of every dashboard uid
    made = run_module(text, filename, entry, stack)
    compile_ = {"dashboard": compile_dashboard, "group": compile_rule_group, "config": compile_alertmanager}[entry]
    return compile_(stack, made)


def _catalog(project: str, stack: str, artefacts: list) -> list:
    """Declare what the imported queries read and the stack's catalog lacks (importer/catalog.py)."""
    from obsgen.checks.base import Context

    series, recorded = imported_catalog.reads(Context(artefacts=artefacts))
    return imported_catalog.write(project, stack, series, recorded)


def _write(path: str, text: str, force: bool) -> None:
    if os.path.exists(path) and not force:
        raise Misuse(f"{path} exists; pass --force to replace it")
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


def _write_all(outputs: list, force: bool) -> list:
    """Write each (path, text, what it came from), once every module has built; `what -> path` lines."""
    for out, text, _what in outputs:
        _write(out, text, force)
    return [f"{what} -> {out}" for out, _text, what in outputs]


def _imported_modules(folder: str) -> list:
    """Modules in `folder` that `obsgen import` wrote (their docstring says so), by name."""
    out = []
    for name in sorted(f for f in os.listdir(folder) if f.endswith(".py") and not f.startswith("_")):
        with open(os.path.join(folder, name), encoding="utf-8") as fh:
            if re.search(r"by `obsgen import (dashboard|rules)`", fh.read(1000)):
                out.append(name[:-3])
    return out


def _index(folder: str, package: str, kind: str) -> str | None:
    """(Re)write the folder's index when obsgen owns it; None when it wrote it, else the hint for the user.

    A hand-written index (the one `obsgen new stack` writes) is left alone, except at the place it
    marks with SUB_INDEX_MARK: there the import adds `+ _imported.<function>(stack)` once, and lists
    the imported modules in `_imported.py`, an index of its own.
    """
    path = os.path.join(folder, "__init__.py")
    names = sorted(f[:-3] for f in os.listdir(folder) if f.endswith(".py") and f != "__init__.py")
    entry, function = ("dashboard", "dashboards") if kind == "dashboards" else ("group", "groups")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        if INDEX_MARK not in text:
            wired = f"_imported.{function}(stack)" in text
            if not wired and text.count(SUB_INDEX_MARK) != 1:
                return f"{path} was written by hand: add the new modules to it (module.{entry}(stack))"
            names = _imported_modules(folder)
            if not wired:
                text = text.replace(f"  {SUB_INDEX_MARK}",
                                    f" + _imported.{function}(stack)  # written by obsgen import")
                with open(path, "w", encoding="utf-8") as fh:
                    fh.write(add_import(text, f"from {package} import _imported"))
            path = os.path.join(folder, "_imported.py")
    doc = f"The {function} of this stack.\n\n{INDEX_MARK}"
    if path.endswith("_imported.py"):
        doc = f"The imported {function} of this stack: the modules `obsgen import` wrote in this folder.\n\n{INDEX_MARK}"
    imports = [f"from {package} import {', '.join(names)}"] if names else []
    body = [f"MODULES = ({', '.join(names)}{',' if len(names) == 1 else ''})",
            f"def {function}(stack):\n    return [module.{entry}(stack) for module in MODULES]"]
    text = module(doc, imports, body)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    return None


def stack_folder(stack: str) -> str:
    return stack.replace("-", "_")


def import_dashboards(project: str, stack: str, files, *, folder: str = "General", force: bool = False) -> list:
    """Write one module per dashboard file; returns the lines to print."""
    target = os.path.join(project, "dashboards", stack_folder(stack))
    problems, outputs, artefacts = [], [], []
    taken: set = set()  # slugs of this run; a module already there is replaced only with --force
    for path in files:
        try:
            data = dash_importer.load(path)
            slug = dash_importer.slug_for(path, stack, taken)
            text = dash_importer.import_dashboard(data, source=path, slug=slug, folder=folder)
            artefacts.append(_builds(text, os.path.join(target, dash_importer.module_name(slug) + ".py"), "dashboard",
                                     stack))
        except (ValueError, TypeError, KeyError) as exc:
            problems.append(_problem(stack, path, str(exc)))
            continue
        outputs.append((os.path.join(target, dash_importer.module_name(slug) + ".py"), text, path))
    if problems:
        raise UserError(problems)
    lines = _write_all(outputs, force)
    hint = _index(target, f"dashboards.{stack_folder(stack)}", "dashboards")
    return lines + ([hint] if hint else []) + _catalog(project, stack, artefacts)


def import_rules(project: str, stack: str, files, *, force: bool = False) -> list:
    target = os.path.join(project, "rules", stack_folder(stack))
    problems, outputs, artefacts = [], [], []
    taken: set = set()
    for path in files:
        try:
            groups = rules_importer.load(path)
            for group in groups:
                name = rules_importer.module_name(group["name"], taken)
                text = rules_importer.import_group(group, source=path)
                artefacts.append(_builds(text, os.path.join(target, name + ".py"), "group", stack))
                outputs.append((os.path.join(target, name + ".py"), text, f"{path} group {group['name']!r}"))
        except (ValueError, TypeError, KeyError) as exc:
            problems.append(_problem(stack, path, str(exc)))
    if problems:
        raise UserError(problems)
    lines = _write_all(outputs, force)
    if outputs:
        alerts = sum(text.count("untested=") for _, text, _ in outputs)
        lines.append(f"{alerts} alerts are declared untested: fill in the test skeleton in each before relying on them")
        hint = _index(target, f"rules.{stack_folder(stack)}", "rules")
        if hint:
            lines.append(hint)
        lines += _catalog(project, stack, artefacts)
    return lines


def import_alertmanager(project: str, stack: str, path: str, *, force: bool = False) -> list:
    out = os.path.join(project, "alertmanager", stack_folder(stack) + ".py")
    from obsgen.importer.roundtrip import alertmanager_round_trip, scratch_stack

    try:
        # Built back and compared as Alertmanager reads it: a routing tree that would route differently is said.
        text, notes, difference = alertmanager_round_trip(path, scratch_stack(stack))
    except (ValueError, TypeError, KeyError) as exc:
        raise UserError([_problem(stack, path, str(exc))]) from None
    if difference:
        notes = [*notes, f"the module does not build back to {path}: {difference}; review it before you commit"]
    _write(out, text, force)
    return [f"{path} -> {out}"] + [f"note: {n}" for n in notes]
