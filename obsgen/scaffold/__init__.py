"""`obsgen init` and `obsgen new stack`: a new monitoring project, and a minimal working stack in it.

The files come from templates shipped with obsgen (`templates/project/`, `templates/stack/`,
each file suffixed `.in`). Placeholders are `__UPPER__` words replaced as plain text, so
Grafana's `$job` and Alertmanager's `{{ $labels.job }}` in the templates pass through as
they are. A path part `__module__` becomes the stack's module name, and a leading `dot-`
becomes `.` (`dot-github/` → `.github/`), so no template is a hidden file a packaging tool
might leave out of the wheel.

Neither command overwrites a file: a name already taken is a usage error listing it, and
nothing is written.
"""

from __future__ import annotations

import os
import re

from obsgen.errors import Misuse

TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates")
SUFFIX = ".in"
PYPI_NAME = "obsgen"
# A stack name is a Stack.name (also its build/ folder and uid prefix); its module uses "_".
_STACK_NAME = re.compile(r"^[a-z][a-z0-9-]{0,39}$")
_TEAM_NAME = re.compile(r"^[a-z][a-z0-9_-]*$")


def _files(kind: str) -> list:
    """Template files of one kind, as paths relative to its folder, sorted."""
    base = os.path.join(TEMPLATES, kind)
    out = []
    for dirpath, _dirs, names in os.walk(base):
        out += [os.path.relpath(os.path.join(dirpath, n), base) for n in names if n.endswith(SUFFIX)]
    return sorted(out)


def _render(kind: str, values: dict, path_values: dict) -> dict:
    """{relative output path: text} for every template of `kind`."""
    out = {}
    for rel in _files(kind):
        with open(os.path.join(TEMPLATES, kind, rel), encoding="utf-8") as fh:
            text = fh.read()
        for key, value in values.items():
            text = text.replace(key, value)
        target = rel[: -len(SUFFIX)]
        for key, value in path_values.items():
            target = target.replace(key, value)
        target = os.sep.join("." + part[4:] if part.startswith("dot-") else part for part in target.split(os.sep))
        out[target.replace(os.sep, "/")] = text
    return out


def _write_new(root: str, files: dict) -> list:
    """Write files below root, refusing (before writing any) if one exists. Returns the paths written."""
    taken = sorted(rel for rel in files if os.path.lexists(os.path.join(root, rel)))
    if taken:
        raise Misuse(f"{', '.join(os.path.join(root, rel) for rel in taken)} already exist(s); nothing was written")
    for rel, text in sorted(files.items()):
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
    return sorted(files)


def requirement(source: str | None) -> str:
    """The pyproject dependency on obsgen: the PyPI name, or `obsgen @ file://...` for a local checkout."""
    if not source:
        return PYPI_NAME
    if re.match(r"^[a-z+]+://", source):
        return f"{PYPI_NAME} @ {source}"
    path = os.path.abspath(source)
    if not os.path.isfile(os.path.join(path, "pyproject.toml")):
        raise Misuse(f"--obsgen-source {source}: no pyproject.toml there; give an obsgen checkout or a URL")
    return f"{PYPI_NAME} @ file://{path}"


def init(directory: str, source: str | None = None) -> list:
    """Create a monitoring project in `directory` (new or empty); returns the files written."""
    if os.path.exists(directory) and not os.path.isdir(directory):
        raise Misuse(f"{directory} is a file, not a folder")
    if os.path.isdir(directory) and [n for n in os.listdir(directory) if n != ".git"]:
        raise Misuse(f"{directory} is not empty; obsgen init creates a new project")
    name = re.sub(r"[^a-z0-9-]+", "-", os.path.basename(os.path.abspath(directory)).lower()).strip("-") or "monitoring"
    values = {"__PROJECT__": name, "__OBSGEN_REQUIREMENT__": requirement(source)}
    os.makedirs(directory, exist_ok=True)
    return _write_new(directory, _render("project", values, {}))


def _title(name: str) -> str:
    return " ".join(part.capitalize() for part in name.split("-"))


def new_stack(project: str, name: str, teams: tuple = ()) -> list:
    """Add stack `name` (owned by the first of `teams`, default "<name>-team") to a project; returns files written."""
    if not _STACK_NAME.match(name):
        raise Misuse(f"stack name {name!r}: lower-case letters, digits and '-', starting with a letter, at most 40")
    if not os.path.isdir(os.path.join(project, "stacks")):
        raise Misuse(f"{os.path.abspath(project)} has no stacks/ folder; run obsgen init first or pass --project")
    teams = tuple(dict.fromkeys(teams)) or (f"{name}-team",)
    for team in teams:
        if not _TEAM_NAME.match(team):
            raise Misuse(f"team name {team!r}: lower-case letters, digits, '-' and '_', starting with a letter")
    module = name.replace("-", "_")
    title = _title(name)
    team_lines = "".join(
        f'        Team("{team}", "{"Owns the " + title + " application" if i == 0 else "Works on " + title}", '
        f'"#{team}-alerts"),\n' for i, team in enumerate(teams))
    values = {
        "__STACK__": name,
        "__MODULE__": module,
        "__TITLE__": title,
        "__CAMEL__": title.replace(" ", ""),
        "__TEAMS__": team_lines,
        "__TEAM__": teams[0],
    }
    return _write_new(project, _render("stack", values, {"__module__": module}))
