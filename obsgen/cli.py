"""The obsgen command: build, test, list, lint, smoke, deliver, diff, preview, init, new stack and import.

User mistakes print one line per problem and exit 1; misuse exits 2. Neither
shows a traceback: a traceback means a bug in obsgen.
"""

from __future__ import annotations

import json
import os
import sys

import click

from obsgen import loader, parallel, pipeline, tools, writer
from obsgen.errors import Misuse, Problem, UserError
from obsgen.model.stack import TARGETS


def _fail(lines, code: int) -> None:
    for line in lines:
        click.echo(line, err=True)
    sys.exit(code)


def _guard(fn):
    """Map the two kinds of user mistake to their exit codes."""
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except UserError as err:
            # A check that raised is obsgen's bug, not the user's mistake: exit 3 says so to CI.
            bug = any(p.code == "internal-error" for p in err.problems)
            _fail([p.line() for p in err.problems], 3 if bug else 1)
        except writer.WriteError as err:
            _fail([f"error[write] {err}"], 1)
        except Misuse as err:
            _fail([f"usage: {err}"], 2)
    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--project", "project_dir", default=".", show_default=True,
              type=click.Path(file_okay=False), help="Project root holding stacks/, dashboards/, rules/, alertmanager/; "
              "default paths (build/, docs/, .obsgen-lint.yaml) are read and written there.")
@click.version_option(package_name="obsgen", message="%(prog)s %(version)s")
@click.pass_context
def cli(ctx, project_dir):
    """obsgen: monitoring as code for Grafana, Prometheus and Alertmanager."""
    ctx.obj = {"project": project_dir}


def in_project(ctx, path: str | None, default: str) -> str:
    """`path` as given, or `default` inside the --project folder: nothing lands in the working directory by accident."""
    return path if path is not None else os.path.join(ctx.obj["project"], default)


@cli.command()
@click.option("--stack", default=None, help="Build one stack only (default: all).")
@click.option("--out", default=None, type=click.Path(file_okay=False), help="Output tree  [default: <project>/build]")
@click.option("--docs", "docs_dir", default=None, type=click.Path(file_okay=False),
              help="Where generated documentation goes  [default: <project>/docs]")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 and list files if the output differs.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Stacks built side by side (default: one per available CPU).")
@click.option("--target", "targets", multiple=True, type=click.Choice(TARGETS),
              help="Build these targets instead of the stacks' declared ones (repeatable); "
                   "other targets' files are left as they are.")
@click.pass_context
@_guard
def build(ctx, stack, out, docs_dir, check, jobs, targets):
    """Compile definitions into provisioning files, check them, and write them atomically."""
    from obsgen.targets import scope as target_scope

    out, docs_dir = in_project(ctx, out, "build"), in_project(ctx, docs_dir, "docs")
    if stack is None and not loader.select(ctx.obj["project"]):
        click.echo("no stacks yet: add one with `obsgen new stack NAME`; nothing to build")
        return
    targets = tuple(dict.fromkeys(targets)) or None
    scope = target_scope(targets)
    warnings: list = []
    outputs, owners, stacks = pipeline.build_stacks(ctx.obj["project"], stack, jobs or parallel.default_jobs(), warnings,
                                                    targets)
    for problem in sorted(warnings, key=lambda p: (p.stack, p.where, p.code, p.message)):
        click.echo(problem.line(), err=True)  # the build goes on: a warning is a likely mistake, not a certain one
    imported = sum(1 for p in warnings if p.imported)
    if imported:
        click.echo(pipeline.IMPORTED_HINT.format(count=imported), err=True)
    roots = {"build": out, "docs": docs_dir}
    if check:
        lines = []
        for name, root in roots.items():
            lines += [f"{os.path.join(root, l)}"
                      for l in writer.drift(root, outputs[name], stacks, scan=name == "build", scope=scope)]
        if lines:
            _fail(["drift: build output differs from the definitions (run `make build`):"] + [f"  {l}" for l in lines], 1)
        click.echo(f"no drift: {sum(len(v) for v in outputs.values())} files match the definitions")
        return
    # Both roots under one lock: a concurrent build cannot land its build/ between our build/ and docs/.
    changes = writer.write_trees({root: (outputs[name], owners[name]) for name, root in roots.items()}, stacks, scope)
    total = {key: sum(len(c[key]) for c in changes.values()) for key in ("write", "remove")}
    click.echo(f"built {', '.join(sorted(stacks))}: {total['write']} written, {total['remove']} removed, "
               f"{sum(len(v) for v in outputs.values())} files")


@cli.command()
@click.option("--stack", default=None, help="Test one stack only (default: all).")
@click.option("--out", default=None, type=click.Path(file_okay=False),
              help="Output tree to test  [default: <project>/build]")
@click.pass_context
@_guard
def test(ctx, stack, out):
    """Run promtool and amtool on the built files: config, lint, rule unit tests and routing tests."""
    out = in_project(ctx, out, "build")
    projects = loader.load(ctx.obj["project"], stack)
    _refuse_stale(ctx.obj["project"], stack, out, projects)
    jobs = []
    for project in projects:
        stack_dir = os.path.join(out, project.stack.name)
        if not os.path.isdir(stack_dir):
            raise UserError([Problem("not-built", project.stack.name, "stack", stack_dir, "nothing built here; run obsgen build")])
        try:
            jobs += [(f"{project.stack.name}: {name}", argv, cwd) for name, argv, cwd in tools.stack_checks(stack_dir)]
        except FileNotFoundError as exc:
            raise Misuse(str(exc)) from None
    results = tools.run_checks(jobs)
    failed = [r for r in results if not r.ok]
    for r in results:
        click.echo(f"{'ok  ' if r.ok else 'FAIL'} {r.name}")
        if not r.ok:
            click.echo("\n".join(f"     {line}" for line in r.output.splitlines()))
    click.echo(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    sys.exit(1 if failed else 0)


def _refuse_stale(project_dir: str, stack, out: str, projects: list) -> None:
    """Testing a build/ that is not what the definitions produce would prove the wrong files."""
    if not projects:
        return
    outputs, _owners, stacks = pipeline.build_stacks(project_dir, stack)
    stale = writer.drift(out, outputs["build"], stacks, scan=False)
    if stale:
        shown = ", ".join(stale[:3]) + (f" and {len(stale) - 3} more" if len(stale) > 3 else "")
        raise UserError([Problem("stale-build", stack or "-", "build", out,
                                 f"{out} differs from the definitions ({shown}); run `obsgen build` (make build) "
                                 "first, so the tests prove what the definitions say")])


@cli.command()
@click.argument("directory", type=click.Path(file_okay=True))
@click.option("--obsgen-source", "source", envvar="OBSGEN_SOURCE", default=None,
              help="Where the project installs obsgen from: an obsgen checkout or a URL  "
                   "[env OBSGEN_SOURCE; default: obsgen from PyPI]")
@_guard
def init(directory, source):
    """Create a new monitoring project: pyproject, Makefile, CI and pre-commit examples, README, empty folders."""
    from obsgen import scaffold

    written = scaffold.init(directory, source)
    click.echo(f"created {directory}: {len(written)} files. Next: cd {directory} && "
               "obsgen new stack NAME --team TEAM && make build && make test")


@cli.group()
def new():
    """Add something to the project from a template."""


@new.command("stack")
@click.argument("name")
@click.option("--team", "teams", multiple=True, help="A team of the stack (repeat for more); the first owns the "
              "service and receives its alerts  [default: <name>-team]")
@click.pass_context
@_guard
def new_stack(ctx, name, teams):
    """A minimal working stack: service, catalog, team, RED dashboard, two tested alerts, Slack routing."""
    from obsgen import scaffold

    written = scaffold.new_stack(ctx.obj["project"], name, teams)
    for rel in written:
        click.echo(f"created {os.path.join(ctx.obj['project'], rel)}")
    click.echo("next: make build && make test")


@cli.command("list")
@click.option("--stack", default=None, help="List one stack only (default: all).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
@_guard
def list_(ctx, stack, fmt):
    """Inventory: dashboards and panels, alerts, recording rules and routes."""
    from obsgen.inventory import inventory, render_text

    data = inventory(loader.load(ctx.obj["project"], stack))
    click.echo(json.dumps(data, indent=2, sort_keys=True) if fmt == "json" else render_text(data))


def _report(problems: list, excluded: list, unused: list, fmt: str, extra: dict, summary: str) -> None:
    """Print findings in `fmt` and exit: 3 if obsgen hit a bug, 1 if an error remains after exclusions, else 0."""
    from obsgen import report
    from obsgen.checks import CHECKS, INTERNAL_ERROR

    if fmt == "json":
        click.echo(report.as_json(problems, excluded, unused, extra))
    elif fmt == "github":
        if problems:
            click.echo(report.github(problems))
        click.echo(report.text([], excluded, unused, summary), err=True)
    elif fmt == "sarif":
        click.echo(report.sarif(problems, list(CHECKS), _version()))
    else:
        click.echo(report.text(problems, excluded, unused, summary))
    if any(p.code == INTERNAL_ERROR for p in problems):
        sys.exit(3)
    sys.exit(1 if any(p.severity == "error" for p in problems) else 0)


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("obsgen")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def _selectors(value):
    return tuple(s.strip() for part in value for s in part.split(",") if s.strip())


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--catalog", "catalog_file", default=None, type=click.Path(dir_okay=False),
              help="Metric catalog YAML (default: each stack folder's catalog.yaml).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github", "sarif"]), default="text",
              show_default=True, help="text for a terminal, json, github (workflow annotations), sarif (2.1.0).")
@click.option("--config", "config_file", default=None, type=click.Path(dir_okay=False),
              help="Config file for every folder (default: the nearest .obsgen-lint.yaml at or above each folder).")
@click.option("--select", multiple=True, metavar="IDS",
              help="Run only these checks: ids, id prefixes ending in '-', 'house', 'correctness' or 'ALL' (comma-separated).")
@click.option("--extend-select", multiple=True, metavar="IDS", help="Add checks to the default set (e.g. 'house').")
@click.option("--ignore", multiple=True, metavar="IDS", help="Skip these checks.")
@click.option("--no-tools", is_flag=True, help="Skip checks that run promtool, amtool or Node.")
@click.pass_context
@_guard
def lint(ctx, paths, catalog_file, fmt, config_file, select, extend_select, ignore, no_tools):
    """Check provisioning files on disk: dashboards, rules, prometheus.yml, alertmanager.yml, Grafana provisioning,
    and Kubernetes manifests holding them.

    Correctness checks run everywhere; obsgen's house conventions run on obsgen's builds and where a folder's
    .obsgen-lint.yaml selects them (`extend-select: [house]`). Exit status: 0 clean, 1 findings, 2 misuse,
    3 a bug in obsgen (reported as an internal-error finding; the other files are still linted).
    """
    from obsgen import lint as linting
    from obsgen.checks import CHECKS, selection

    known = {c.id for c in CHECKS}
    chosen = selection.Selection(*(selection.validate(_selectors(v), known, f"--{name}")
                                   for name, v in (("select", select), ("extend-select", extend_select),
                                                   ("ignore", ignore))))
    report = linting.lint(list(paths) or [in_project(ctx, None, "build")], catalog_file, tools=not no_tools,
                          config_file=config_file, cli=chosen)
    for unit, reason in report.skipped:  # stderr, so JSON and SARIF on stdout stay one document
        click.echo(f"note: {linting._display(unit.path)}: {reason}", err=True)
    kept = sorted(report.problems, key=lambda p: (p.file or p.where, p.line_no, p.column, p.code, p.message))
    _report(kept, report.excluded, report.unused, fmt, {"files": report.files, "folders": len(report.units)},
            f"lint: {report.files} files in {len(report.units)} folder(s)")


@cli.command()
@click.option("--stack", default=None, help="Smoke-test one stack (default: every stack folder in --out).")
@click.option("--out", default=None, type=click.Path(file_okay=False),
              help="Built tree to test  [default: <project>/build]")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--config", "config_file", default=None, type=click.Path(dir_okay=False),
              help="Exceptions file (default: .obsgen-lint.yaml when present).")
@click.pass_context
@_guard
def smoke(ctx, stack, out, fmt, config_file):
    """Backfill synthetic healthy and fault data into a real Prometheus and run every query and alert on it."""
    from obsgen import lint as linting, smoke as smoking
    from obsgen.checks import exclusions

    out = in_project(ctx, out, "build")
    declared = exclusions.load(_exceptions_file(ctx, config_file))
    if stack is not None:
        dirs = [os.path.join(out, stack)]
    else:
        dirs = [u for u in linting.units(out) if u != out] if os.path.isdir(out) else []
    if not dirs and os.path.isdir(out) and os.path.isdir(os.path.join(ctx.obj["project"], "stacks")) \
            and not loader.select(ctx.obj["project"]):
        click.echo("no stacks yet: nothing to smoke-test")
        return
    if not dirs:
        raise Misuse(f"no stack folders in {out}; run obsgen build first")
    problems, lines, extra = [], [], {"queries": 0, "with_data": 0, "empty": 0, "errors": 0}
    for stack_dir in dirs:
        result = smoking.smoke(stack_dir, smoking.definitions(ctx.obj["project"], stack_dir))
        problems += result.problems
        lines.append(f"smoke {os.path.basename(stack_dir)}: {result.summary()}")
        for key, value in result.data_counts().items():
            extra[key] += value
    ran = {"smoke-empty", "smoke-error", "smoke-healthy-fires", "smoke-fault-quiet"}
    kept, excluded, unused = exclusions.split(problems, [e for e in declared if e.check in ran])
    kept.sort(key=lambda p: (p.where, p.code, p.message))
    if fmt == "text":
        for line in lines[:-1]:
            click.echo(line)
    _report(kept, excluded, unused, fmt, extra, lines[-1])


@cli.command()
@click.option("--stack", default=None, help="Deliver for one stack (default: every stack folder in --out).")
@click.option("--out", default=None, type=click.Path(file_okay=False), help="Built tree  [default: <project>/build]")
@click.pass_context
@_guard
def deliver(ctx, stack, out):
    """Send a firing and a resolved alert through a real Alertmanager into local Slack, email and webhook sinks."""
    from obsgen import delivery, lint as linting

    out = in_project(ctx, out, "build")
    dirs = [os.path.join(out, stack)] if stack is not None else [u for u in linting.units(out) if u != out] if os.path.isdir(out) else []
    if not dirs or not all(os.path.isdir(d) for d in dirs):
        raise Misuse(f"no stack folder {dirs[0] if dirs else out}; run obsgen build first")
    try:
        binary = delivery.binary()
    except FileNotFoundError as exc:
        raise Misuse(str(exc)) from None
    failures = []
    # Each stack gets its own Alertmanager and sinks, and most of a delivery is waiting for
    # notifications: stacks side by side take as long as the slowest one. Reported in folder order.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=len(dirs)) as pool:
        results = list(pool.map(lambda stack_dir: delivery.deliver(stack_dir, binary), dirs))
    for result in results:
        for note in result.notes:
            click.echo(f"note: {note}", err=True)
        failures += [f"error[deliver] {result.stack}: {line}" for line in result.failures]
        click.echo(result.summary())
    if failures:
        _fail(failures, 1)


@cli.command()
@click.argument("rev", default="HEAD")
@click.option("--out", default="build", show_default=True, type=click.Path(file_okay=False),
              help="Built tree on disk, compared with the same folder committed at REV.")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", show_default=True)
@click.option("--exit-code", is_flag=True, help="Exit 1 when anything changed.")
@click.option("--preview", "preview_dir", default=None, type=click.Path(file_okay=False),
              help="Also render each changed dashboard before and after, side by side, into this folder.")
@click.pass_context
@_guard
def diff(ctx, rev, out, fmt, exit_code, preview_dir):
    """What a change does, object by object: the build at REV (default HEAD) against the build on disk."""
    from obsgen import diff as differ

    project = ctx.obj["project"]
    root = out if os.path.isabs(out) else os.path.join(project, out)
    if not os.path.isdir(root):
        raise Misuse(f"{out} does not exist; run obsgen build first")
    before, after = differ.tree_at(project, rev, out), differ.tree_on_disk(root)
    changes = differ.compare(before, after)
    notes = differ.stale_notes(project, root)
    title = f"obsgen diff {rev} → working tree: {differ.summary(changes, len({c.file for c in changes}))}"
    render = differ.render_markdown if fmt == "markdown" else differ.render_text
    click.echo(render(changes, title, notes), nl=False)
    if preview_dir is not None:
        from obsgen.preview import report

        page = report.side_by_side(differ.changed_dashboards(changes, before, after), preview_dir, rev, root)
        sys.stdout.flush()  # the report's path after the diff, on stderr: stdout stays a clean PR comment
        click.echo(f"preview: {page}", err=True)
    sys.exit(1 if exit_code and changes else 0)


@cli.command()
@click.option("--stack", default=None, help="Preview one stack (default: every stack folder in --build).")
@click.option("--build", "build_dir", default="build", show_default=True, type=click.Path(file_okay=False),
              help="Built tree to render.")
@click.option("--out", default="build-preview", show_default=True, type=click.Path(file_okay=False),
              help="Where the HTML pages and PNG screenshots go.")
@click.option("--no-screenshot", is_flag=True, help="Write the HTML pages only.")
@_guard
def preview(stack, build_dir, out, no_screenshot):
    """Render every dashboard to a self-contained HTML page and a PNG, with smoke data from a real Prometheus."""
    from obsgen.preview import render

    for line in render.preview_tree(build_dir, out, stack, screenshot=not no_screenshot):
        click.echo(line)


def _exceptions_file(ctx, given: str | None) -> str | None:
    """--config as given, else the project's .obsgen-lint.yaml when it has one (None: look in the working directory)."""
    if given is not None:
        return given
    inside = os.path.join(ctx.obj["project"], ".obsgen-lint.yaml")
    return inside if ctx.obj["project"] != "." and os.path.exists(inside) else None


@cli.group("import")
def import_():
    """Bring existing dashboards, rule files and Alertmanager configs into Python definitions."""


def _import_lines(lines) -> None:
    for line in lines:
        click.echo(line)


@import_.command("dashboard")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--stack", required=True, help="Stack the dashboards join (dashboards/STACK/).")
@click.option("--folder", default="General", show_default=True, help="Grafana folder for the dashboards.")
@click.option("--force", is_flag=True, help="Replace modules that already exist.")
@click.pass_context
@_guard
def import_dashboard(ctx, files, stack, folder, force):
    """Grafana dashboard JSON (exported or provisioned, any schema version) → one module each."""
    from obsgen.importer import import_dashboards
    _import_lines(import_dashboards(ctx.obj["project"], stack, files, folder=folder, force=force))


@import_.command("rules")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--stack", required=True, help="Stack the rule groups join (rules/STACK/).")
@click.option("--force", is_flag=True, help="Replace modules that already exist.")
@click.pass_context
@_guard
def import_rules(ctx, files, stack, force):
    """Prometheus rule files → one module per group, each alert with a test skeleton to fill in."""
    from obsgen.importer import import_rules as run
    _import_lines(run(ctx.obj["project"], stack, files, force=force))


@import_.command("alertmanager")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--stack", required=True, help="Stack whose routing this is (alertmanager/STACK.py).")
@click.option("--force", is_flag=True, help="Replace the module if it exists.")
@click.pass_context
@_guard
def import_alertmanager(ctx, file, stack, force):
    """alertmanager.yml → the routing module; literal secrets become *_file references."""
    from obsgen.importer import import_alertmanager as run
    _import_lines(run(ctx.obj["project"], stack, file, force=force))


def main() -> None:
    main_in_process(None)


def main_in_process(args) -> None:
    """The command with `args` (None: sys.argv); exits like the command does. Used by main() and the tests."""
    try:
        cli.main(args, prog_name="obsgen", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except click.exceptions.Abort:
        sys.exit(130)
