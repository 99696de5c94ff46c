"""`obsgen import`: existing dashboards, rule files and Alertmanager configs as obsgen definitions.

`dashboard.py`, `rules.py` and `alertmanager.py` turn one input into module text;
`codegen.py` prints it; `roundtrip.py` builds it back and compares. This module
writes the modules into a project: `dashboards/<stack>/`, `rules/<stack>/`,
`alertmanager/<stack>.py`, and the package index listing them when obsgen wrote
that index (an index a person wrote is left alone; the command says what to add).
"""

from __future__ import annotations

import os

from obsgen.errors import Misuse, Problem, UserError
from obsgen.importer import alertmanager as am_importer
from obsgen.importer import dashboard as dash_importer
from obsgen.importer import rules as rules_importer
from obsgen.importer.codegen import module

INDEX_MARK = "# Index written by `obsgen import`; it lists every module in this folder."


def _problem(stack: str, path: str, message: str) -> Problem:
    return Problem("import", stack, path, path, message)


def _builds(text: str, filename: str, entry: str, stack_name: str) -> None:
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
    {"dashboard": compile_dashboard, "group": compile_rule_group, "config": compile_alertmanager}[entry](stack, made)


def _write(path: str, text: str, force: bool) -> None:
    if os.path.exists(path) and not force:
        raise Misuse(f"{path} exists; pass --force to replace it")
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


def _index(folder: str, package: str, kind: str) -> str | None:
    """(Re)write the folder's index when obsgen owns it; None when it wrote it, else the hint for the user."""
    path = os.path.join(folder, "__init__.py")
    names = sorted(f[:-3] for f in os.listdir(folder) if f.endswith(".py") and f != "__init__.py")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as fh:
            if INDEX_MARK not in fh.read():
                entry = "module.dashboard(stack)" if kind == "dashboards" else "module.group(stack)"
                return f"{path} was written by hand: add the new modules to it ({entry})"
    entry, function = ("dashboard", "dashboards") if kind == "dashboards" else ("group", "groups")
    doc = f"The {function} of this stack.\n\n{INDEX_MARK}"
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
    problems, outputs = [], []
    taken: set = set()  # slugs of this run; a module already there is replaced only with --force
    for path in files:
        try:
            data = dash_importer.load(path)
            slug = dash_importer.slug_for(path, stack, taken)
            text = dash_importer.import_dashboard(data, source=path, slug=slug, folder=folder)
            _builds(text, os.path.join(target, dash_importer.module_name(slug) + ".py"), "dashboard", stack)
        except (ValueError, TypeError, KeyError) as exc:
            problems.append(_problem(stack, path, str(exc)))
            continue
        outputs.append((os.path.join(target, dash_importer.module_name(slug) + ".py"), text, path))
    if problems:
        raise UserError(problems)
    lines = []
    for out, text, path in outputs:
        _write(out, text, force)
        lines.append(f"{path} -> {out}")
    hint = _index(target, f"dashboards.{stack_folder(stack)}", "dashboards")
    return lines + ([hint] if hint else [])


def import_rules(project: str, stack: str, files, *, force: bool = False) -> list:
    target = os.path.join(project, "rules", stack_folder(stack))
    problems, outputs = [], []
    taken: set = set()
    for path in files:
        try:
            groups = rules_importer.load(path)
            for group in groups:
                name = rules_importer.module_name(group["name"], taken)
                text = rules_importer.import_group(group, source=path)
                _builds(text, os.path.join(target, name + ".py"), "group", stack)
                outputs.append((os.path.join(target, name + ".py"), text, f"{path} group {group['name']!r}"))
        except (ValueError, TypeError, KeyError) as exc:
            problems.append(_problem(stack, path, str(exc)))
    if problems:
        raise UserError(problems)
    lines = []
    for out, text, what in outputs:
        _write(out, text, force)
        lines.append(f"{what} -> {out}")
    if outputs:
        alerts = sum(text.count("untested=") for _, text, _ in outputs)
        lines.append(f"{alerts} alerts are declared untested: fill in the test skeleton in each before relying on them")
        hint = _index(target, f"rules.{stack_folder(stack)}", "rules")
        if hint:
            lines.append(hint)
    return lines


def import_alertmanager(project: str, stack: str, path: str, *, force: bool = False) -> list:
    out = os.path.join(project, "alertmanager", stack_folder(stack) + ".py")
    try:
        text, notes = am_importer.import_alertmanager(am_importer.load(path), source=path)
        _builds(text, out, "config", stack)
    except (ValueError, TypeError, KeyError) as exc:
        raise UserError([_problem(stack, path, str(exc))]) from None
    _write(out, text, force)
    return [f"{path} -> {out}"] + [f"note: {n}" for n in notes]
