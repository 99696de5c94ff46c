"""The obsgen command: build, test and list.

User mistakes print one line per problem and exit 1; misuse exits 2. Neither
shows a traceback: a traceback means a bug in obsgen.
"""

from __future__ import annotations

import json
import os
import sys

import click

from obsgen import loader, pipeline, tools, writer
from obsgen.errors import Misuse, Problem, UserError


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
            _fail([p.line() for p in err.problems], 1)
        except writer.WriteError as err:
            _fail([f"error[write] {err}"], 1)
        except Misuse as err:
            _fail([f"usage: {err}"], 2)
    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--project", "project_dir", default=".", show_default=True,
              type=click.Path(file_okay=False), help="Project root holding stacks/, dashboards/, rules/, alertmanager/.")
@click.pass_context
def cli(ctx, project_dir):
    """obsgen: monitoring as code for Grafana, Prometheus and Alertmanager."""
    ctx.obj = {"project": project_dir}


@cli.command()
@click.option("--stack", default=None, help="Build one stack only (default: all).")
@click.option("--out", default="build", show_default=True, type=click.Path(file_okay=False), help="Output tree.")
@click.option("--docs", "docs_dir", default="docs", show_default=True, type=click.Path(file_okay=False),
              help="Where generated documentation goes.")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 and list files if the output differs.")
@click.pass_context
@_guard
def build(ctx, stack, out, docs_dir, check):
    """Compile definitions into provisioning files, check them, and write them atomically."""
    projects = loader.load(ctx.obj["project"], stack)
    outputs, owners = pipeline.build(projects)
    stacks = {p.stack.name for p in projects}
    roots = {"build": out, "docs": docs_dir}
    if check:
        lines = []
        for name, root in roots.items():
            lines += [f"{os.path.join(root, l)}" for l in writer.drift(root, outputs[name], stacks, scan=name == "build")]
        if lines:
            _fail(["drift: build output differs from the definitions (run `make build`):"] + [f"  {l}" for l in lines], 1)
        click.echo(f"no drift: {sum(len(v) for v in outputs.values())} files match the definitions")
        return
    total = {"write": 0, "remove": 0}
    for name, root in roots.items():
        changes = writer.write_tree(root, outputs[name], owners[name], stacks)
        for key in total:
            total[key] += len(changes[key])
    click.echo(f"built {', '.join(sorted(stacks))}: {total['write']} written, {total['remove']} removed, "
               f"{sum(len(v) for v in outputs.values())} files")


@cli.command()
@click.option("--stack", default=None, help="Test one stack only (default: all).")
@click.option("--out", default="build", show_default=True, type=click.Path(file_okay=False), help="Output tree to test.")
@click.pass_context
@_guard
def test(ctx, stack, out):
    """Run promtool and amtool on the built files: config, lint, rule unit tests and routing tests."""
    projects = loader.load(ctx.obj["project"], stack)
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


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except click.exceptions.Abort:
        sys.exit(130)
