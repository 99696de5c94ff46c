"""The one interface every check implements, and the context checks read.

Checks read plain data (Artefacts), never definitions, so the same checks run
on a fresh build and on files on disk. A finding names its artefact and JSON
path; the Artefact's origins turn that into the Python line that defined it.
"""

from __future__ import annotations

import os
import re
from typing import Iterable, Iterator

import attr

from obsgen import promql, querylang
from obsgen.artefact import Artefact, json_path
from obsgen.errors import Problem


@attr.s(frozen=True, auto_attribs=True)
class Finding:
    artefact: Artefact
    path: tuple
    message: str
    count: int = 1  # objects sharing this one cause, when a check reports them together


class Check:
    """Subclasses set `id`, `severity`, `summary` and `example`, and implement `run`.

    `example` is a mistake the check catches, shown in docs/checks.md. A check
    with `needs_tools` runs external programs (promtool, amtool, node) on files
    on disk: `obsgen lint` runs it, the build (pure and fast) does not.

    `house` marks obsgen's house conventions (team labels, runbooks, descriptions,
    units, naming): they run on obsgen's own builds and wherever a folder's
    `.obsgen-lint.yaml` opts in, never by default on other people's files,
    because a convention someone else does not follow is not a mistake.
    """

    id: str = ""
    severity: str = "error"
    summary: str = ""
    example: str = ""
    needs_tools: bool = False
    house: bool = False

    def run(self, ctx: "Context") -> Iterable[Finding]:
        raise NotImplementedError

    def problems(self, ctx: "Context") -> Iterator[Problem]:
        for finding in self.run(ctx):
            yield self.problem(finding)

    def problem(self, finding: Finding) -> Problem:
        art = finding.artefact
        origin = art.origin(finding.path)
        if origin is not None:
            return Problem(self.id, art.stack or "-", origin.obj, origin.defined_at, finding.message, self.severity,
                           count=finding.count, imported=origin.imported)
        return located(self.id, art, finding.path, describe(art, finding.path), finding.message, self.severity,
                       finding.count)


def located(code: str, art: Artefact, path: tuple, obj: str, message: str, severity: str = "error",
            count: int = 1) -> Problem:
    """A Problem in a file read from disk, at `file:line:column` when the position is known."""
    position = None
    if art.locate is not None:
        try:
            position = art.locate(tuple(path))
        except Exception:  # noqa: BLE001 - a position is a courtesy; never lose the finding over it
            position = None
    where = f"{art.path}:{position[0]}:{position[1]}" if position else f"{art.path} {json_path(path)}"
    if art.within:
        obj = f"{art.within} / {obj}" if obj != art.path else art.within
    return Problem(code, art.stack or "-", obj, where, message, severity, file=art.path,
                   line_no=position[0] if position else 0, column=position[1] if position else 0,
                   path=json_path(path), count=count)


def culprit(exc: BaseException, artefacts: list) -> Artefact | None:
    """The artefact a failing check was reading: the innermost frame holding one of `artefacts`."""
    ids = {id(a) for a in artefacts}
    tb, found = exc.__traceback__, None
    while tb is not None:
        for value in tb.tb_frame.f_locals.values():
            candidate = value if isinstance(value, Artefact) else getattr(value, "artefact", None)
            if isinstance(candidate, Artefact) and id(candidate) in ids:
                found = candidate
        tb = tb.tb_next
    return found


def _at(container, *keys):
    """container[k1][k2]... or None where a key is missing or a value has the wrong type."""
    for key in keys:
        if isinstance(key, int):
            if not isinstance(container, list) or not -len(container) <= key < len(container):
                return None
        elif not isinstance(container, dict):
            return None
        else:
            if key not in container:
                return None
        container = container[key]
    return container


def describe(artefact: Artefact, path: tuple) -> str:
    """The object at `path` in words, for files without a Python origin (e.g. read from disk)."""
    data = artefact.data if isinstance(artefact.data, dict) else {}
    if artefact.kind == "dashboard":
        text = f"dashboard {data.get('title')!r}"
        panel = None
        if len(path) >= 2 and path[0] in ("panels", "rows"):
            cut = 4 if path[0] == "rows" or (len(path) >= 4 and path[2] == "panels") else 2
            panel = _at(data, *path[:cut]) if len(path) >= cut else _at(data, *path[:2])
            if path[0] == "rows" and len(path) < 4:
                row = _at(data, *path[:2])
                return text + (f" / row {row.get('title')!r}" if isinstance(row, dict) else "")
        if isinstance(panel, dict):
            text += f" / panel {panel.get('title')!r}"
        elif len(path) >= 3 and path[:2] == ("templating", "list"):
            var = _at(data, *path[:3])
            text += f" / variable {var.get('name')!r}" if isinstance(var, dict) else ""
        elif len(path) >= 3 and path[:2] == ("annotations", "list"):
            ann = _at(data, *path[:3])
            text += f" / annotation {ann.get('name')!r}" if isinstance(ann, dict) else ""
        return text
    if artefact.kind == "rules" and len(path) >= 2 and path[0] == "groups":
        group = _at(data, *path[:2])
        if not isinstance(group, dict):
            return artefact.path
        text = f"group {group.get('name')!r}"
        if len(path) >= 4 and path[2] == "rules":
            rule = _at(group, *path[2:4])
            if isinstance(rule, dict):
                text += f" / alert {rule['alert']!r}" if "alert" in rule else f" / recording {rule.get('record')!r}"
        return text
    return artefact.path


def _dicts(value) -> list:
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)] if isinstance(value, list) else []


_LABEL_VALUES = re.compile(r"^\s*label_values\s*\((.*)\)\s*$", re.S)
_QUERY_RESULT = re.compile(r"^\s*query_result\s*\((.*)\)\s*$", re.S)
_OTHER_FUNCTIONS = re.compile(r"^\s*(label_names|metrics)\s*\(")


def variable_query(query: str, language: str | None) -> str | None:
    """The expression inside a Prometheus or Loki variable query that the query language must accept.

    `label_values(selector, label)` and `query_result(expr)` hold one; `label_values(label)`,
    `label_names()` and `metrics(regex)` hold none. A selector of `{}` (Loki's "every stream")
    is Grafana's, not the query language's, so it is not checked.
    """
    if language is None:
        return None
    match = _QUERY_RESULT.match(query)
    if match:
        return match.group(1).strip() or None
    match = _LABEL_VALUES.match(query)
    if match:
        inner = match.group(1)
        if "," not in inner:
            return None
        selector = inner.rsplit(",", 1)[0].strip()
        return None if selector in ("", "{}") else selector
    if _OTHER_FUNCTIONS.match(query):
        return None
    # Any other text is a plain query (Grafana runs it and reads label values from the result).
    return query.strip() if language == querylang.PROMQL and not query.strip().startswith("{") else None


def panels(art: Artefact) -> Iterator[tuple]:
    """(JSON path, panel) for every panel of a dashboard: top level, inside collapsed rows, and in the
    legacy `rows[].panels[]` layout (schemaVersion < 16), which Grafana migrates into the same panels."""
    data = art.data if isinstance(art.data, dict) else {}
    for index, panel in _dicts(data.get("panels")):
        yield ("panels", index), panel
        for inner, sub in _dicts(panel.get("panels")):
            yield ("panels", index, "panels", inner), sub
    for r_index, row in _dicts(data.get("rows")):
        for index, panel in _dicts(row.get("panels")):
            yield ("rows", r_index, "panels", index), panel


def panels_of_type(ctx, types) -> Iterator[tuple]:
    """(artefact, JSON path, panel) for every panel whose type is one of `types`, in every dashboard."""
    for art in ctx.of_kind("dashboard"):
        if isinstance(art.data, dict):
            for path, panel in panels(art):
                if panel.get("type") in types:
                    yield art, path, panel


@attr.s(frozen=True, auto_attribs=True)
class Expression:
    artefact: Artefact
    path: tuple
    expr: str
    language: str  # promql or logql


@attr.s
class Context:
    artefacts: list = attr.ib()
    catalog: object = attr.ib(default=None)  # Catalog, when known
    stack: object = attr.ib(default=None)  # Stack, when built from definitions
    disk_root: str | None = attr.ib(default=None)  # where artefact paths live on disk, when read from disk
    # Rule files that define series these artefacts read but are not themselves checked here: a stack's
    # delivery target (build/<stack>/grafana-v2/) reads the recordings of the stack's own rule files.
    reference: list = attr.ib(factory=list)
    # Checks ask for artefacts by kind once per alert or panel; the artefact list never changes.
    _by_kind: dict = attr.ib(factory=dict, init=False, repr=False)
    # Facts derived once per run and read by several checks (resolved datasources, label flow...).
    cache: dict = attr.ib(factory=dict, init=False, repr=False)

    def of_kind(self, kind: str) -> list:
        if not self._by_kind:
            for art in self.artefacts:
                self._by_kind.setdefault(art.kind, []).append(art)
        return list(self._by_kind.get(kind, ()))

    def expressions(self) -> Iterator[Expression]:
        """Every query expression in dashboards (panel targets, variable and annotation queries) and rule
        files, in output order, each with the language its resolved datasource speaks."""
        for art in self.artefacts:
            if art.kind == "dashboard" and isinstance(art.data, dict):
                yield from self._dashboard_expressions(art)
            elif art.kind == "rules":
                for _art, path, _group, rule in self._rules_of(art):
                    expr = rule.get("expr")
                    if isinstance(expr, (int, float)) and not isinstance(expr, bool):
                        expr = str(expr)
                    if isinstance(expr, str) and expr.strip():
                        yield Expression(art, path, expr, querylang.PROMQL)

    def _dashboard_expressions(self, art: Artefact) -> Iterator[Expression]:
        resolver = querylang.Resolver(art.data, self.provisioned_datasources())

        def language(expr, *refs):
            found = resolver.language(*refs)
            if found is None and not any(resolver.plugin_type(r) for r in refs if r not in (None, "")):
                # No reference resolves (a legacy name, an undefined variable): judge by the text.
                found = querylang.guess(expr)
            return found

        for path, panel in panels(art):
            for t_index, target in _dicts(panel.get("targets")):
                expr = target.get("expr")
                if not isinstance(expr, str) or not expr.strip():
                    continue  # panels that run no query (text, rows, empty targets) have nothing to parse
                lang = language(expr, target.get("datasource"), panel.get("datasource"))
                if lang is not None:
                    yield Expression(art, path + ("targets", t_index, "expr"), expr, lang)
        templating = art.data.get("templating")
        for v_index, var in _dicts(templating.get("list") if isinstance(templating, dict) else None):
            if var.get("type") != "query":
                continue
            query, field = var.get("query"), ("query",)
            if isinstance(query, dict):  # the object form newer Grafana writes: {"query": ..., "refId": ...}
                query, field = query.get("query") or query.get("expr"), ("query", "query")
            if not isinstance(query, str) or not query.strip():
                continue
            lang = language(query, var.get("datasource"))
            inner = variable_query(query, lang)
            if inner:
                yield Expression(art, ("templating", "list", v_index) + field, inner, lang)
        annotations = art.data.get("annotations")
        for a_index, ann in _dicts(annotations.get("list") if isinstance(annotations, dict) else None):
            for field in (("expr",), ("target", "expr")):
                expr = _at(ann, *field)
                if isinstance(expr, str) and expr.strip():
                    lang = language(expr, _at(ann, "datasource"))
                    if lang is not None:
                        yield Expression(art, ("annotations", "list", a_index) + field, expr, lang)
                    break

    def promql_facts(self) -> Iterator[tuple]:
        """(Expression, promql.Facts) for every PromQL expression that parses; promql-syntax reports the rest."""
        for e in self.expressions():
            if e.language != "promql":
                continue
            try:
                yield e, promql.analyse(e.expr)
            except promql.PromQLError:
                continue

    def alertmanager_and_alerts(self) -> tuple:
        """(the alertmanager.yml Artefact, every alert rule) or (None, []) when either is missing."""
        configs = self.of_kind("alertmanager")
        alerts = [rule for _a, _p, _g, rule in self.alerts()]
        if not configs or not alerts:
            return None, []
        return configs[0], alerts

    def rules(self) -> Iterator[tuple]:
        """(artefact, JSON path, group, rule) for every rule in every rule file; malformed entries are
        skipped here (promtool reports them), so no check meets a null group or rule."""
        for art in self.of_kind("rules"):
            yield from self._rules_of(art)

    @staticmethod
    def _rules_of(art: Artefact) -> Iterator[tuple]:
        data = art.data if isinstance(art.data, dict) else {}
        for g_index, group in _dicts(data.get("groups")):
            for r_index, rule in _dicts(group.get("rules")):
                yield art, ("groups", g_index, "rules", r_index), group, rule

    def alerts(self) -> Iterator[tuple]:
        return ((a, p, g, r) for a, p, g, r in self.rules() if "alert" in r)

    def recorded(self) -> dict:
        """Recording rule name -> label names its expression keeps (None when unknown)."""
        own = [r for _a, _p, _g, r in self.rules()]
        others = [r for art in self.reference if art.kind == "rules" for _a, _p, _g, r in self._rules_of(art)]
        return {rule["record"]: rule for rule in others + own if isinstance(rule.get("record"), str)}

    def disk_path(self, artefact: Artefact) -> str | None:
        return None if self.disk_root is None else os.path.join(self.disk_root, artefact.path)

    def jobs(self) -> set | None:
        configs = self.of_kind("prometheus")
        if not configs:
            return None
        return {j.get("job_name") for c in configs if isinstance(c.data, dict)
                for _i, j in _dicts(c.data.get("scrape_configs")) if isinstance(j.get("job_name"), str)}

    def provisioned_datasources(self) -> dict:
        """uid and name -> plugin type of every provisioned datasource (None -> the default's type)."""
        if "datasources" not in self.cache:
            out = {}
            for art in self.of_kind("datasources"):
                for _i, ds in _dicts(art.data.get("datasources") if isinstance(art.data, dict) else None):
                    kind = ds.get("type")
                    if not isinstance(kind, str):
                        continue
                    for key in ("uid", "name"):
                        if isinstance(ds.get(key), str):
                            out[ds[key]] = kind.lower()
                    if ds.get("isDefault") is True:
                        out[None] = kind.lower()
            self.cache["datasources"] = out
        return self.cache["datasources"]
