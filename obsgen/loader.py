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

import attr

from obsgen.errors import Problem, UserError
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


def load(project_dir: str, only: str | None = None) -> list:
    project_dir = os.path.abspath(project_dir)
    if project_dir not in sys.path:
        sys.path.insert(0, project_dir)
    names = stack_modules(project_dir)
    if only is not None:
        module = only.replace("-", "_")
        if module not in names:
            raise UserError([Problem("unknown-stack", only, "stack", "stacks/", f"no stack named {only!r} (have: {', '.join(names) or 'none'})")])
        names = [module]
    projects = []
    for module_name in names:
        label = module_name.replace("_", "-")
        with _definition(label, f"stack module stacks/{module_name}.py"):
            module = importlib.import_module(f"stacks.{module_name}")
            stack = getattr(module, "STACK", None)
            if not isinstance(stack, Stack):
                raise TypeError(f"stacks/{module_name}.py must define STACK = Stack(...)")
            if stack.name != label:
                raise ValueError(f"STACK.name is {stack.name!r} but the module is stacks/{module_name}.py; they must match")
        projects.append(_definitions(stack, module_name))
    if not projects:
        raise UserError([Problem("empty-project", "-", "project", "stacks/", "no stacks defined")])
    return projects


def _definitions(stack: Stack, module_name: str) -> Project:
    dashboards, groups, config = (), (), None
    with _definition(stack.name, f"dashboards/{module_name}"):
        mod = _import(f"dashboards.{module_name}")
        if mod is not None:
            dashboards = tuple(mod.dashboards(stack))
    with _definition(stack.name, f"rules/{module_name}"):
        mod = _import(f"rules.{module_name}")
        if mod is not None:
            groups = tuple(mod.groups(stack))
    with _definition(stack.name, f"alertmanager/{module_name}"):
        mod = _import(f"alertmanager.{module_name}")
        if mod is not None:
            config = mod.config(stack)
    if not (dashboards or groups or config):
        raise UserError([Problem("empty-stack", stack.name, "stack", stack.defined_at,
                                 "defines no dashboards, rules or alertmanager config")])
    return Project(stack, dashboards, groups, config)
