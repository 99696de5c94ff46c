"""Definitions → plain data → checks → bytes. No file is written here."""

from __future__ import annotations

import attr

from obsgen.artefact import Artefact
from obsgen.checks import CHECKS, run_all
from obsgen.checks.base import Context
from obsgen.checks.logql_syntax import LogQLSyntax
from obsgen import clusters, docs, loader, parallel, targets as delivery_targets
from obsgen.compile import catalog, grafana, prometheus
from obsgen.compile.alertmanager import compile_alertmanager
from obsgen.errors import Problem, UserError
from obsgen.loader import Project
from obsgen.serialize import Unserialisable, to_json, to_text, to_yaml


def compile_project(project: Project) -> list:
    stack = project.stack
    artefacts: list = [catalog.compile_catalog(stack)]
    problems = []
    for dash in project.dashboards:
        try:
            artefacts.append(grafana.compile_dashboard(stack, dash))
        except ValueError as exc:
            problems.append(Problem("dashboard", stack.name, f"dashboard {dash.title!r}", dash.defined_at, str(exc)))
    if project.dashboards:
        artefacts.append(grafana.compile_dashboard_provider(stack, project.dashboards))
    artefacts.append(grafana.compile_datasources(stack))
    loads = prometheus.rule_dependencies(project.groups)
    for group in project.groups:
        artefacts.append(prometheus.compile_rule_group(stack, group))
        tests = prometheus.compile_rule_tests(stack, group, loads[group.name])
        if tests is not None:
            artefacts.append(tests)
    artefacts.append(prometheus.compile_prometheus_config(stack, project.groups))
    artefacts.append(prometheus.compile_prometheus_flags(stack))
    if project.alertmanager is not None:
        artefacts.extend(compile_alertmanager(stack, project.alertmanager))
    artefacts = clusters.apply(stack, artefacts)  # a no-op unless the stack sets cluster_label
    artefacts.extend(docs.generate(project, list(artefacts)))
    if problems:
        raise UserError(problems)
    return artefacts


def check_project(project: Project, artefacts: list) -> list:
    catalog = project.stack.catalog
    if project.stack.cluster_label:
        catalog = catalog.with_target_labels((project.stack.cluster_label,))
    ctx = Context(artefacts=[a for a in artefacts if a.root == "build"], catalog=catalog, stack=project.stack)
    # LogQL has no Python parser, so its check runs Node; it starts Node only for a stack with Loki
    # targets, and then a broken log query fails the build just as broken PromQL does.
    # Generated docs are committed too: the one check that matters for them is that they leak no secret.
    documents = Context(artefacts=[a for a in artefacts if a.root == "docs"], catalog=project.stack.catalog,
                        stack=project.stack)
    secret = [c for c in CHECKS if c.id == "secret"]
    return run_all(ctx) + run_all(ctx, tools=True, checks=[LogQLSyntax()]) + run_all(documents, checks=secret)


def soften(found: list) -> list:
    """Findings on imported content (Origin.imported) as warnings: the build goes on.

    `obsgen import` keeps third-party dashboards and rules as they were written; their authors
    followed other conventions, and some of what the checks find is real but theirs. Failing the
    build on it would leave the import unusable, so the build prints it instead (with a summary
    pointing at docs/import.md) until someone brings the content up to the conventions. Only the
    check step softens: a definition that does not load or compile is an error wherever it came
    from, and `obsgen lint`, which judges files and not origins, reports these findings as it
    does for any file.
    """
    return [attr.evolve(p, severity="warning") if p.imported and p.severity == "error" else p for p in found]


IMPORTED_HINT = "{count} findings on imported content: bring it up to the conventions, see docs/import.md"


def render(artefact: Artefact) -> bytes:
    if artefact.kind == "dashboard" or artefact.kind in delivery_targets.JSON_KINDS:
        return to_json(artefact.data)
    if artefact.kind == "text":
        return to_text(artefact.data)
    return to_yaml(artefact.data)


ROOTS = ("build", "docs")


def deliver(project: Project, artefacts: list, targets=None) -> list:
    """The artefacts to write: the stack's targets (or `targets`), each from the checked files.

    The files target is always compiled and checked, since every other target repackages
    it; it is written only when selected. The catalog (the metric contract) and generated
    docs are written whatever the targets.
    """
    chosen = tuple(targets) if targets else project.stack.targets
    try:
        extra = delivery_targets.compile_targets(project, artefacts, chosen)
    except ValueError as exc:
        stack = project.stack
        raise UserError([Problem("target", stack.name, "targets", stack.defined_at, str(exc))]) from None
    if delivery_targets.FILES not in chosen:
        artefacts = [a for a in artefacts if a.root != "build" or a.kind == "catalog"]
    return artefacts + extra


def build(projects, targets=None) -> tuple:
    """({root: {path: bytes}}, {root: {path: stack}}, [warnings]) for all projects; UserError if a check fails.

    Warnings (findings below error) do not stop the build, but they are returned so the
    command prints them: a route no alert reaches is usually a typo. `targets` overrides
    each stack's declared targets.
    """
    outputs: dict = {root: {} for root in ROOTS}
    owners: dict = {root: {} for root in ROOTS}
    problems = []
    warnings = []
    for project in projects:
        try:
            artefacts = compile_project(project)
        except UserError as err:
            problems.extend(err.problems)
            continue
        found = soften(check_project(project, artefacts))
        problems.extend(p for p in found if p.severity == "error")
        warnings.extend(p for p in found if p.severity == "warning")
        try:
            artefacts = deliver(project, artefacts, targets)
        except UserError as err:
            problems.extend(err.problems)
            continue
        bad_text = False
        for art in sorted(artefacts, key=lambda a: a.root != "build"):
            if bad_text and art.root != "build":
                continue  # generated docs repeat the same text; the build file already named its definition
            try:
                outputs[art.root][art.path] = render(art)
            except Unserialisable as exc:
                origin = art.origin(exc.path)
                problems.append(Problem("text-encoding", project.stack.name, origin.obj if origin else art.path,
                                        origin.defined_at if origin else art.path, str(exc)))
                bad_text = True
                continue
            owners[art.root][art.path] = project.stack.name
    if problems:
        raise UserError(problems)
    return outputs, owners, warnings


def build_stacks(project_dir: str, only: str | None = None, jobs: int = 1, warnings: list | None = None,
                 targets=None) -> tuple:
    """Load and build the selected stacks, up to `jobs` side by side: (outputs, owners, stack names).

    Each stack is loaded in the process that builds it, so its definitions run there too.
    The build's warnings are appended to `warnings` when it is given.
    """
    modules = loader.select(project_dir, only)
    outputs: dict = {root: {} for root in ROOTS}
    owners: dict = {root: {} for root in ROOTS}
    for stack_outputs, stack_owners, stack_warnings in parallel.run(
            lambda m: build(loader.load(project_dir, m), targets), modules, jobs):
        if warnings is not None:
            warnings.extend(stack_warnings)
        for root in ROOTS:
            outputs[root].update(stack_outputs[root])
            owners[root].update(stack_owners[root])
    return outputs, owners, {m.replace("_", "-") for m in modules}
