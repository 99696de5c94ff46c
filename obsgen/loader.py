"""Finding and importing a project's stacks and their definitions.

Convention over registration: for stack module `stacks/<name>.py` (holding
`STACK`), the definitions are `dashboards/<name>`, `rules/<name>` and
`alertmanager/<name>`, each optional, exposing `dashboards(stack)`,
`groups(stack)` and `config(stack)`. A reader finds any definition by the
stack's name.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
import traceback
from contextlib import contextmanager
from typing import Iterable, Mapping

import attr

from obsgen.errors import Problem, UserError, fail
from obsgen.grafana.dashboard import Dashboard
from obsgen.model.alertmanager import AlertmanagerConfig
from obsgen.model.rules import RuleGroup
from obsgen.model.stack import Stack
from obsgen.source import _LIBRARY_DIRS, relative


@attr.s(frozen=True, auto_attribs=True)
class Project:
    """One stack with everything defined for it."""

    stack: Stack
    dashboards: tuple
    groups: tuple
    alertmanager: object  # AlertmanagerConfig or None


def _innermost_user_frame(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    for frame in reversed(frames):
        if not os.path.abspath(frame.filename).startswith(_LIBRARY_DIRS) and not frame.filename.startswith("<"):
            return f"{relative(frame.filename)}:{frame.lineno}"
    if isinstance(exc, SyntaxError) and exc.filename:
        return f"{relative(exc.filename)}:{exc.lineno}"
    return frames[-1].filename + f":{frames[-1].lineno}" if frames else "<unknown>:0"


def _describe(exc: BaseException) -> str:
    if isinstance(exc, ImportError) and exc.path and exc.path in str(exc):
        # Python names the module by absolute path; the relative one reads the same from any checkout.
        return f"{type(exc).__name__}: {str(exc).replace(exc.path, relative(exc.path))}"
    if isinstance(exc, KeyError) and exc.args:
        return str(exc.args[0])
    if isinstance(exc, SyntaxError):
        return f"SyntaxError: {exc.msg}"
    if isinstance(exc, UnicodeDecodeError):
        return f"not UTF-8: {exc.reason} at byte {exc.start}"
    if isinstance(exc, RecursionError):
        return "recursion too deep (a circular definition?)"
    if isinstance(exc, (ValueError, TypeError)):
        # attrs validators raise (message, attribute, ...): the message is what the user needs.
        return exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)
    return f"{type(exc).__name__}: {exc}"


@contextmanager
def _definition(stack: str, obj: str):
    """Turn any exception raised by user definitions into a one-line Problem."""
    try:
        yield
    except UserError:
        raise
    except (Exception, RecursionError) as exc:  # user code may raise anything
        where = _innermost_user_frame(exc)
        if isinstance(exc, SyntaxError) and exc.filename:
            where = f"{relative(exc.filename)}:{exc.lineno}"
        raise UserError([Problem("definition", stack, obj, where, _describe(exc))]) from None


def stack_modules(project_dir: str) -> list:
    path = os.path.join(project_dir, "stacks")
    if not os.path.isdir(path):
        raise UserError([Problem("project", "-", "project", relative(project_dir),
                                 "no stacks/ folder here; run obsgen from the project root or pass --project")])
    return sorted(m.name for m in pkgutil.iter_modules([path]) if not m.name.startswith("_"))


def _import(name: str):
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name == name or name.startswith(f"{exc.name}."):
            return None
        raise


def select(project_dir: str, only: str | None = None) -> list:
    """Module names of the stacks to load: all of them, or the one `only` names."""
    names = stack_modules(os.path.abspath(project_dir))
    if only is not None:
        module = only.replace("-", "_")
        if module not in names:
            raise UserError([Problem("unknown-stack", only, "stack", "stacks/", f"no stack named {only!r} (have: {', '.join(names) or 'none'})")])
        names = [module]
    return names  # none yet is a new project, not a mistake: commands say so and do nothing


# The top-level packages a project's definitions live in. Definitions import each other by these
# names (`from rules.shop.records import X`), so they must be importable under them while loading.
DEFINITION_PACKAGES = ("stacks", "dashboards", "rules", "alertmanager")
def _is_definition(module_name: str) -> bool:
    return module_name.partition(".")[0] in DEFINITION_PACKAGES


@contextmanager
def project_modules(project_dir: str):
    """Import definitions from `project_dir`'s folder and nowhere else, one project at a time.

    While inside, `stacks`, `dashboards`, `rules` and `alertmanager` name this project's folders
    (found by path: the project folder leads sys.path, and no definition module of another
    project, or of an earlier load, is in sys.modules). On exit they are removed again, so the
    next load, of this project or another, in the same process imports the files as they are now.
    """
    project_dir = os.path.abspath(project_dir)
    others = {name: sys.modules.pop(name) for name in list(sys.modules) if _is_definition(name)}
    sys.path.insert(0, project_dir)
    importlib.invalidate_caches()
    try:
        yield
    finally:
        sys.path.remove(project_dir)
        for name in [name for name in sys.modules if _is_definition(name)]:
            del sys.modules[name]
        sys.modules.update(others)


def load(project_dir: str, only: str | None = None) -> list:
    names = select(project_dir, only)
    with project_modules(project_dir):
        return _load(names)


def _load(names: list) -> list:
    projects = []
    for module_name in names:
        label = module_name.replace("_", "-")
        obj = f"stack module stacks/{module_name}.py"
        with _definition(label, obj):
            module = importlib.import_module(f"stacks.{module_name}")
        stack = getattr(module, "STACK", None)
        if not isinstance(stack, Stack):
            raise fail("definition", label, obj, f"{relative(module.__file__)}:1",
                       f"stacks/{module_name}.py must define STACK = Stack(...)")
        if stack.name != label:
            raise fail("definition", label, obj, stack.defined_at,
                       f"STACK.name is {stack.name!r} but the module is stacks/{module_name}.py; they must match")
        projects.append(_definitions(stack, module_name))
    return projects


# folder -> (function each definition module exposes, what it returns, is it one object or a list)
_ENTRY_POINTS = {
    "dashboards": ("dashboards", Dashboard, False),
    "rules": ("groups", RuleGroup, False),
    "alertmanager": ("config", AlertmanagerConfig, True),
}


def _entry_point(stack: Stack, folder: str, module_name: str):
    """Call `<folder>/<module>`'s entry point; None when the module does not exist.

    What the function returns is checked here, so a forgotten `return` or a wrong
    type is reported at the function's line instead of failing deep in a compiler.
    """
    fn_name, kind, single = _ENTRY_POINTS[folder]
    obj = f"{folder}/{module_name}"
    with _definition(stack.name, obj):
        mod = _import(f"{folder}.{module_name}")
    if mod is None:
        return None
    fn = getattr(mod, fn_name, None)
    module_where = f"{relative(mod.__file__)}:1"
    if not callable(fn):
        raise fail("definition", stack.name, obj, module_where, f"defines no {fn_name}(stack) function")
    code = getattr(fn, "__code__", None)
    where = f"{relative(code.co_filename)}:{code.co_firstlineno}" if code else module_where
    with _definition(stack.name, obj):
        result = fn(stack)
    expected = f"{'an' if kind.__name__[0] in 'AEIOU' else 'a'} {kind.__name__}"
    if single:
        if not isinstance(result, kind):
            raise fail("definition", stack.name, obj, where, f"{fn_name}(stack) returned {_shown(result)}, not {expected}")
        return result
    if result is None or isinstance(result, (str, bytes, Mapping)) or not isinstance(result, Iterable):
        raise fail("definition", stack.name, obj, where, f"{fn_name}(stack) returned {_shown(result)}; it must return a list of {kind.__name__}s")
    items = tuple(result)
    for index, item in enumerate(items):
        if not isinstance(item, kind):
            raise fail("definition", stack.name, obj, where,
                       f"{fn_name}(stack) item {index} is {_shown(item)}, not {expected}")
    return items


def _shown(value) -> str:
    if value is None:
        return "None"
    text = repr(value)
    return f"{type(value).__name__} {text if len(text) <= 60 else text[:57] + '...'}"


def _unique_groups(stack: Stack, groups: tuple) -> None:
    """Two groups with one name would be written to one rule file, the second silently replacing the first."""
    seen: dict = {}
    for group in groups:
        if group.name in seen:
            raise fail("definition", stack.name, f"rule group {group.name!r}", group.defined_at,
                       f"rule group {group.name!r} is defined twice (first at {seen[group.name]}); rename one")
        seen[group.name] = group.defined_at


def _alert_teams(stack: Stack, groups: tuple) -> None:
    """An alert's team is one of the stack's teams: routing, receivers and ownership all key on it.

    Checked here, once, so an unknown team is one error at the alert rather than
    one from every check that follows the team label (links, routing).
    """
    teams = {t.name for t in stack.teams}
    for group in groups:
        for alert in group.alerts:
            if alert.team not in teams and not hasattr(alert, "rendered_annotations"):  # imported: labels as written
                raise fail("definition", stack.name, f"group {group.name!r} / alert {alert.name!r}", alert.defined_at,
                           f"team {alert.team!r} is not one of the stack's teams ({', '.join(sorted(teams)) or 'none'})")


def _alerts_tested(stack: Stack, groups: tuple) -> None:
    """Every alert is proven to fire and to stay quiet, or says why it cannot be.

    An alert without tests used to build silently (`obsgen test` just counted one fewer);
    a wrong threshold or label then shows only when the page does not come.
    """
    from obsgen.model.rules import Fires, Quiet

    problems = []
    for group in groups:
        for alert in group.alerts:
            if alert.untested:
                continue
            missing = [kind.__name__ for kind in (Fires, Quiet) if not any(isinstance(t, kind) for t in alert.tests)]
            if missing:
                problems.append(Problem(
                    "untested-alert", stack.name, f"group {group.name!r} / alert {alert.name!r}", alert.defined_at,
                    f"has no {' and no '.join(missing)} test: add tests=[Fires(...), Quiet(...)], "
                    f"or declare why not with untested=\"<reason>\""))
    if problems:
        raise UserError(problems)


def _definitions(stack: Stack, module_name: str) -> Project:
    dashboards = _entry_point(stack, "dashboards", module_name) or ()
    groups = _entry_point(stack, "rules", module_name) or ()
    config = _entry_point(stack, "alertmanager", module_name)
    _unique_groups(stack, groups)
    _alert_teams(stack, groups)
    _alerts_tested(stack, groups)
    if not (dashboards or groups or config):
        raise UserError([Problem("empty-stack", stack.name, "stack", stack.defined_at,
                                 "defines no dashboards, rules or alertmanager config")])
    return Project(stack, dashboards, groups, config)
