"""A new team adopts obsgen (issue 15): each friction point a new user hit, proven fixed.

Most cases run the CLI in-process on a scratch copy of the minimal project in tests/bad/_base;
the end-to-end test builds a project from nothing with only the documented commands.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import zipfile

import pytest

from conftest import DEFINITION_DIRS, ROOT, obsgen, obsgen_in_process, tree
from obsgen import loader, scaffold
from obsgen.api import Row, helper

BASE = os.path.join(ROOT, "tests", "bad", "_base")
VENV = os.path.dirname(os.path.dirname(sys.executable))  # this checkout's virtualenv, obsgen installed


def _mini(tmp_path, name="project"):
    dest = tmp_path / name
    shutil.copytree(BASE, dest, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def _edit(path, old, new):
    text = path.read_text()
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new))


def _build(project, *extra):
    return obsgen_in_process("build", "--out", str(project / "build"), "--docs", str(project / "docs"), *extra,
                             cwd=project)


# ------------------------------------------------------------------ scaffolding


def test_new_stack_builds_tests_lints_and_smokes_unchanged(tmp_path):
    """`obsgen init` + `obsgen new stack` give a stack every command accepts as it is."""
    project = tmp_path / "acme"
    assert obsgen_in_process("init", str(project), "--obsgen-source", ROOT).returncode == 0
    proc = obsgen_in_process("--project", str(project), "new", "stack", "shop", "--team", "web", "--team", "payments")
    assert proc.returncode == 0, proc.stderr
    assert set(tree(project)) >= {"alertmanager/shop.py", "dashboards/shop/__init__.py", "rules/shop/__init__.py",
                                  "stacks/shop.py"}
    proc = obsgen_in_process("build", cwd=project)
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr  # no warnings either
    assert proc.stdout == "built shop: 18 written, 0 removed, 18 files\n"
    proc = obsgen_in_process("test", "--stack", "shop", cwd=project)
    assert proc.returncode == 0 and "5 passed, 0 failed" in proc.stdout, proc.stdout
    assert "promtool test rules shop-app.yml" in proc.stdout and "amtool config routes test" in proc.stdout
    proc = obsgen_in_process("lint", "build", cwd=project)
    assert proc.returncode == 0 and "0 errors, 0 warnings" in proc.stdout, proc.stdout
    # `smoke --stack shop` runs in the from-nothing test below, through the project's `make test`.
    # The scaffolded definitions import only the public API (and each other).
    for rel in ("stacks/shop.py", "dashboards/shop/__init__.py", "rules/shop/__init__.py", "alertmanager/shop.py"):
        assert _obsgen_imports(project / rel) <= {"obsgen.api"}, rel


def test_init_refuses_a_folder_in_use_and_new_stack_never_overwrites(tmp_path):
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "notes.txt").write_text("mine\n")
    proc = obsgen_in_process("init", str(tmp_path / "used"))
    assert proc.returncode == 2 and "not empty" in proc.stderr
    project = tmp_path / "p"
    obsgen_in_process("init", str(project))
    assert obsgen_in_process("--project", str(project), "new", "stack", "shop").returncode == 0
    before = tree(project)
    proc = obsgen_in_process("--project", str(project), "new", "stack", "shop")
    assert proc.returncode == 2 and "already exist" in proc.stderr and tree(project) == before
    assert obsgen_in_process("--project", str(project), "new", "stack", "Shop!").returncode == 2


def test_a_fresh_project_builds_and_tests_with_no_stacks_yet(tmp_path):
    project = tmp_path / "p"
    obsgen_in_process("init", str(project))
    for args in (("build",), ("build", "--check"), ("test",), ("smoke",)):
        proc = obsgen_in_process(*args, cwd=project)
        assert proc.returncode == 0, (args, proc.stdout, proc.stderr)


def test_init_writes_the_documented_files_and_the_obsgen_requirement(tmp_path):
    project = tmp_path / "acme"
    scaffold.init(str(project), ROOT)
    files = tree(project)
    for rel in ("pyproject.toml", "Makefile", "README.md", ".github/workflows/monitoring.yml",
                ".pre-commit-config.yaml", "build/.gitkeep", *(f"{d}/__init__.py" for d in DEFINITION_DIRS)):
        assert rel in files, rel
    assert f'dependencies = ["obsgen @ file://{ROOT}"]'.encode() in files["pyproject.toml"]
    makefile = files["Makefile"].decode()
    for target in ("build:", "check:", "test:"):
        assert f"\n{target}" in makefile, target
    readme = files["README.md"].decode()
    assert "    make build\n    make test\n" in readme and "obsgen new stack" in readme
    # The PyPI name when no source is given.
    scaffold.init(str(tmp_path / "other"))
    assert b'dependencies = ["obsgen"]' in (tmp_path / "other" / "pyproject.toml").read_bytes()
    # The notification templates the Slack receiver names are the ones this repository uses.
    assert files["alertmanager/templates/obsgen.tmpl"] == open(
        os.path.join(ROOT, "alertmanager", "templates", "obsgen.tmpl"), "rb").read()


@pytest.mark.slow
def test_a_project_from_nothing_with_only_the_documented_commands(tmp_path):
    """`obsgen init`, `obsgen new stack shop`, then `make build` and `make test` inside it: everything passes.

    The project's Makefile installs obsgen into .venv on first use; here VENV points at this
    checkout's virtualenv (which has this obsgen installed editable), as the Makefile documents,
    so the test spends no time in pip.
    """
    env = {**os.environ, "OBSGEN_SOURCE": ROOT}
    project = tmp_path / "acme"
    run = lambda *cmd, cwd=tmp_path: subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=240)
    obsgen_bin = os.path.join(VENV, "bin", "obsgen")
    proc = run(obsgen_bin, "init", str(project))
    assert proc.returncode == 0, proc.stderr
    assert f"obsgen @ file://{ROOT}" in (project / "pyproject.toml").read_text()
    proc = run(obsgen_bin, "new", "stack", "shop", cwd=project)
    assert proc.returncode == 0, proc.stderr
    proc = run("make", f"VENV={VENV}", "build", cwd=project)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (project / "build" / "shop" / "prometheus" / "prometheus.yml").exists()
    proc = run("make", f"VENV={VENV}", "test", cwd=project)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert "5 passed, 0 failed" in output and "alerts firing: healthy 0/2, fault 2/2" in output, output
    # A real Alertmanager delivered the stack's alerts into the local Slack sink, summary and all.
    assert re.search(r"deliver shop: [1-9]\d* notifications checked, 0 failures", output), output


# ------------------------------------------------------------------ the public API and the wheel


def _obsgen_imports(path) -> set:
    found = set()
    for node in ast.walk(ast.parse(open(path, encoding="utf-8").read())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "obsgen":
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "obsgen"}
    return found


def test_every_definition_imports_only_obsgen_api():
    """This repository's stacks, the corpus base project and the scaffold templates are definitions too."""
    offenders = {}
    roots = [os.path.join(ROOT, folder) for folder in DEFINITION_DIRS]
    roots += [BASE, os.path.join(ROOT, "tests", "bad")]
    for root in roots:
        for dirpath, _dirs, names in os.walk(root):
            for name in (n for n in names if n.endswith(".py")):
                path = os.path.join(dirpath, name)
                try:
                    imports = _obsgen_imports(path) - {"obsgen.api"}
                except (SyntaxError, UnicodeDecodeError, ValueError):
                    continue  # corpus cases that are broken on purpose
                if imports or "_getframe" in open(path, encoding="utf-8").read():
                    offenders[os.path.relpath(path, ROOT)] = sorted(imports) or ["sys._getframe"]
    assert offenders == {}


def test_api_exports_are_documented_with_signatures():
    import obsgen.api as api

    assert len(api.__all__) == len(set(api.__all__))
    assert [name for name in api.__all__ if not hasattr(api, name)] == []
    doc = open(os.path.join(ROOT, "docs", "api.md"), encoding="utf-8").read()
    for name in api.__all__:
        assert f"`{name}" in doc, name
    assert "### `Alert(" in doc and "untested" in doc


def test_a_helper_keeps_defined_at_on_its_caller():
    @helper
    def health_row(title):
        return Row(title, [])

    line = sys._getframe().f_lineno + 1
    row = health_row("Health")
    assert row.defined_at == f"tests/test_adoption.py:{line}"
    assert Row("Plain", []).defined_at.startswith("tests/test_adoption.py:")


def test_the_wheel_holds_only_obsgen(tmp_path):
    # Built from a copy: setuptools works in <source>/build/, which here is the monitoring output.
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(os.path.join(ROOT, name), source / name)
    for name in DEFINITION_DIRS + ("obsgen",):  # the definitions are there, as in the checkout, to be left out
        shutil.copytree(os.path.join(ROOT, name), source / name, ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path / "dist"
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
                           "--disable-pip-version-check", "-w", str(out), str(source)],
                          capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr
    (wheel,) = [n for n in os.listdir(out) if n.endswith(".whl")]
    names = zipfile.ZipFile(out / wheel).namelist()
    assert [n for n in names if not n.startswith(("obsgen/", "obsgen-"))] == []
    assert {n.split("/")[0] for n in names if n.startswith("obsgen-")} == {wheel.split("-py")[0] + ".dist-info"}
    templates = sorted(os.path.relpath(os.path.join(d, n), os.path.join(ROOT, "obsgen", "scaffold"))
                       for d, _dirs, files in os.walk(os.path.join(ROOT, "obsgen", "scaffold", "templates")) for n in files)
    assert templates and [t for t in templates if f"obsgen/scaffold/{t}" not in names] == []
    assert "obsgen/api.py" in names and "obsgen/scaffold/templates/stack/stacks/__module__.py.in" in names
    assert "obsgen/scaffold/templates/project/dot-github/workflows/monitoring.yml.in" in names


def test_several_projects_load_in_one_process(tmp_path):
    one, two = _mini(tmp_path, "one"), _mini(tmp_path, "two")
    _edit(two / "dashboards" / "mini" / "__init__.py", 'title="Mini / Overview"', 'title="Mini / Two"')
    before = {name for name in sys.modules if name.split(".")[0] in DEFINITION_DIRS}
    (first,), (second,) = loader.load(str(one)), loader.load(str(two))
    assert first.dashboards[0].title == "Mini / Overview" and second.dashboards[0].title == "Mini / Two"
    assert loader.load(str(one))[0].dashboards[0].title == "Mini / Overview"
    # Nothing of either project is left importable under the plain names.
    assert {name for name in sys.modules if name.split(".")[0] in DEFINITION_DIRS} == before


# ------------------------------------------------------------------ guarded authoring


def test_an_alert_without_a_quiet_test_is_a_build_error_unless_it_says_why(tmp_path):
    project = _mini(tmp_path)
    rules = project / "rules" / "mini" / "__init__.py"
    _edit(rules, '            Quiet("15m", _CALM, name="1% errors"),\n', "")
    proc = _build(project)
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        "error[untested-alert] mini: group 'mini-app' / alert 'MiniHighErrorRatio' (rules/mini/__init__.py:13): "
        'has no Quiet test: add tests=[Fires(...), Quiet(...)], or declare why not with untested="<reason>"']
    _edit(rules, "runbook=RUNBOOK,", 'runbook=RUNBOOK, untested="the calm case is the recording rule test",')
    assert _build(project).returncode == 0


def test_an_alert_with_no_tests_at_all_is_reported(tmp_path):
    project = _mini(tmp_path)
    rules = project / "rules" / "mini" / "__init__.py"
    text = rules.read_text()
    rules.write_text(re.sub(r"        tests=\[\n            Fires.*?\n        \],\n", "", text, flags=re.S))
    proc = _build(project)
    assert proc.returncode == 1 and "has no Fires and no Quiet test" in proc.stderr, proc.stderr


def test_a_root_receiver_alone_is_valid_routing(tmp_path):
    project = _mini(tmp_path)
    _edit(project / "alertmanager" / "mini.py", '            routes=[Route("ops-slack", matchers=[\'team="ops"\'])],\n', "")
    proc = _build(project)
    assert proc.returncode == 0, proc.stderr
    assert obsgen_in_process("test", "--out", str(project / "build"), cwd=project).returncode == 0


def test_a_route_typo_builds_with_a_warning(tmp_path):
    project = _mini(tmp_path)
    _edit(project / "alertmanager" / "mini.py", """matchers=['team="ops"']""",
          """matchers=['team="ops"'], routes=[Route("ops-slack", matchers=['severity="critcal"'])]""")
    proc = _build(project)
    assert proc.returncode == 0
    assert proc.stderr.splitlines() == [
        "warning[route-unused] mini: route 'ops-slack' (alertmanager/mini.py:12): route (severity='critcal') "
        "to 'ops-slack' is reached by no alert"]


def test_obsgen_test_refuses_a_stale_build(tmp_path):
    project = _mini(tmp_path)
    assert _build(project).returncode == 0
    _edit(project / "rules" / "mini" / "__init__.py", 'for_="5m"', 'for_="10m"')
    proc = obsgen_in_process("test", "--out", str(project / "build"), cwd=project)
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        f"error[stale-build] -: build ({project / 'build'}): {project / 'build'} differs from the definitions "
        "(modified: mini/prometheus/rules/mini-app.yml); run `obsgen build` (make build) first, so the tests prove "
        "what the definitions say"]
    assert _build(project).returncode == 0
    assert obsgen_in_process("test", "--out", str(project / "build"), cwd=project).returncode == 0


def test_project_confines_reads_and_writes_to_the_project(tmp_path):
    project = tmp_path / "project"
    scaffold.init(str(project))
    scaffold.new_stack(str(project), "mini")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    proc = obsgen_in_process("--project", str(project), "build", cwd=elsewhere)
    assert proc.returncode == 0, proc.stderr
    assert os.listdir(elsewhere) == []
    assert (project / "build" / "mini" / "catalog.yaml").exists() and (project / "docs" / "runbooks-mini.md").exists()
    (project / ".obsgen-lint.yaml").write_text("exclusions:\n  dashboard-grid:\n  - object: nothing\n    reason: r\n")
    for args in (("test",), ("lint", "--no-tools")):  # smoke reads build/ and exceptions as lint does
        proc = obsgen_in_process("--project", str(project), *args, cwd=elsewhere)
        assert proc.returncode == 0, (args, proc.stdout, proc.stderr)
        if args[0] == "lint":  # the project's exceptions file was read, not the working directory's
            assert "note: exclusion dashboard-grid / 'nothing' matched nothing" in proc.stdout, proc.stdout
            assert "lint: 9 files in 1 folder(s)" in proc.stdout, proc.stdout
    assert os.listdir(elsewhere) == []


def test_version():
    from importlib.metadata import version

    proc = obsgen("--version")
    assert proc.returncode == 0 and proc.stdout == f"obsgen {version('obsgen')}\n"


# ------------------------------------------------------------------ the repository's own make test


def test_make_test_smoke_tests_every_stack_and_the_readme_says_how_to_add_one():
    makefile = open(os.path.join(ROOT, "Makefile"), encoding="utf-8").read()
    smoke_lines = [line.strip() for line in makefile.splitlines() if "obsgen smoke" in line]
    # Every stack: the command is called with no --stack (make test only prefixes its environment).
    assert smoke_lines and all(line.endswith("$(BIN)/obsgen smoke") for line in smoke_lines), smoke_lines
    readme = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    assert "## Adding a stack" in readme and "obsgen new stack" in readme


@pytest.mark.slow
def test_adding_a_dashboard_and_a_stack_the_documented_way_keeps_the_tests_green(tmp_path):
    """A scratch copy of this repository gains a BrainBytes dashboard (README "Adding a dashboard", reading a
    total over `[$__range]`) and a stack (`obsgen new stack`); the tests that used to pin the six slugs pass."""
    copy = tmp_path / "repo"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".venv", "node_modules", "__pycache__", ".git",
                                                               "*.egg-info", ".pytest_cache"))
    if os.path.isdir(os.path.join(ROOT, "tools", "node_modules")):  # the LogQL grammar, installed by make
        os.symlink(os.path.join(ROOT, "tools", "node_modules"), copy / "tools" / "node_modules")
    (copy / "dashboards" / "brainbytes" / "daily_totals.py").write_text('''"""Totals over the dashboard's range."""

from obsgen.api import Dashboard, Row, prom, stat


def dashboard(stack):
    return Dashboard(
        slug="daily-totals",
        title="BrainBytes / Daily totals",
        description="How many requests were served over the chosen time range?",
        folder="BrainBytes",
        rows=[Row("Totals", [
            stat("Requests", "Requests served over the dashboard's time range.",
                 prom("sum(increase(brainbytes_http_requests_total[$__range]))"), unit="short", width=24),
        ])],
    )
''')
    init = copy / "dashboards" / "brainbytes" / "__init__.py"
    init.write_text(init.read_text() + "\nfrom dashboards.brainbytes import daily_totals  # noqa: E402\n\n"
                                       "MODULES = (*MODULES, daily_totals)\n")
    assert obsgen_in_process("--project", str(copy), "new", "stack", "shop").returncode == 0
    proc = obsgen_in_process("build", cwd=copy)
    assert proc.returncode == 0, proc.stderr
    assert "brainbytes-daily-totals.json" in str(tree(copy / "build" / "brainbytes").keys())
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "tests/test_dashboards_brainbytes.py", "tests/test_rules_brainbytes.py",
                           "tests/test_output_contract.py::test_layout_per_stack"],
                          cwd=copy, capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stdout[-3000:]
