"""Shared fixtures: the project root, a way to run the real CLI, and scratch projects."""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCHEMA_DIR = os.path.join(os.path.dirname(ROOT), "shared", "grafana-schema")
DEFINITION_DIRS = ("stacks", "dashboards", "rules", "alertmanager")


def pytest_collection_modifyitems(items):
    """Modules holding a test marked slow first, the rest in their order: on several workers (pytest-xdist) a
    long test that starts last is the whole run's tail; started first, it overlaps everything else. A module's
    tests stay together, so its module-scoped fixtures are set up once."""
    slow = {item.module.__name__ for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.module.__name__ not in slow)


def definition(module: str):
    """A definition module of this repository's project (e.g. "stacks.brainbytes"), loaded from its folder.

    Definitions are the project's, not installed packages: they import only inside the loader's
    project context, as `obsgen build` imports them.
    """
    from obsgen.loader import project_modules

    with project_modules(ROOT):
        return importlib.import_module(module)


def obsgen(*args, cwd=ROOT, env=None, check=False, timeout=120):
    """Run the installed CLI as a user would; returns CompletedProcess."""
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run([sys.executable, "-m", "obsgen", *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(f"obsgen {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


def obsgen_in_process(*args, cwd=ROOT):
    """Run the CLI in this process from `cwd`, as `obsgen` would: CompletedProcess with stdout, stderr, returncode.

    Definitions load per project folder, so one process builds many projects; this saves the
    interpreter start-up and imports a subprocess pays for each case.
    """
    import contextlib
    import io

    from obsgen import cli

    out, err = io.StringIO(), io.StringIO()
    code = 0
    previous = os.getcwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                cli.main_in_process(list(args))
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        os.chdir(previous)
    return subprocess.CompletedProcess(["obsgen", *args], code, out.getvalue(), err.getvalue())


def tree(path: str) -> dict:
    """{relative path: bytes} of every file below path."""
    out = {}
    for dirpath, _dirs, names in os.walk(path):
        for name in names:
            full = os.path.join(dirpath, name)
            out[os.path.relpath(full, path)] = open(full, "rb").read()
    return out


@pytest.fixture
def project(tmp_path):
    """A scratch copy of the project's definitions, safe to break."""
    dest = tmp_path / "project"
    dest.mkdir()
    for name in DEFINITION_DIRS:
        shutil.copytree(os.path.join(ROOT, name), dest / name,
                        ignore=shutil.ignore_patterns("__pycache__"))
    return dest


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """A fresh build of every stack into a temporary tree: (build dir, docs dir)."""
    base = tmp_path_factory.mktemp("built")
    obsgen("build", "--out", str(base / "build"), "--docs", str(base / "docs"), check=True)
    return base / "build", base / "docs"
