"""The one interface every check implements, and the context checks read.

Checks read plain data (Artefacts), never definitions, so the same checks run
on a fresh build and on files on disk. A finding names its artefact and JSON
path; the Artefact's origins turn that into the Python line that defined it.
"""

from __future__ import annotations

import os
from typing import Iterable, Iterator

import attr

from obsgen import promql
from obsgen.artefact import Artefact, json_path
from obsgen.errors import Problem


@attr.s(frozen=True, auto_attribs=True)
class Finding:
    artefact: Artefact
    path: tuple
    message: str


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
            origin = finding.artefact.origin(finding.path)
            if origin is not None:
                obj, where = origin.obj, origin.defined_at
            else:
                obj, where = describe(finding.artefact, finding.path), f"{finding.artefact.path} {json_path(finding.path)}"
            yield Problem(self.id, finding.artefact.stack or "-", obj, where, finding.message, self.severity)


def describe(artefact: Artefact, path: tuple) -> str:
    """The object at `path` in words, for files without a Python origin (e.g. read from disk)."""
    data = artefact.data if isinstance(artefact.data, dict) else {}
    try:
        if artefact.kind == "dashboard":
            text = f"dashboard {data.get('title')!r}"
            if len(path) >= 2 and path[0] == "panels":
                panel = data["panels"][path[1]]
                if len(path) >= 4 and path[2] == "panels":
                    panel = panel["panels"][path[3]]
                text += f" / panel {panel.get('title')!r}"
            elif len(path) >= 3 and path[:2] == ("templating", "list"):
                text += f" / variable {data['templating']['list'][path[2]].get('name')!r}"
            return text
        if artefact.kind == "rules" and len(path) >= 2 and path[0] == "groups":
            group = data["groups"][path[1]]
            text = f"group {group.get('name')!r}"
            if len(path) >= 4 and path[2] == "rules":
                rule = group["rules"][path[3]]
                text += f" / alert {rule['alert']!r}" if "alert" in rule else f" / recording {rule.get('record')!r}"
            return text
    except (KeyError, IndexError, TypeError, AttributeError):
        pass
    return artefact.path


def panels(art: Artefact) -> Iterator[tuple]:
    """(JSON path, panel) for every panel of a dashboard, including those inside collapsed rows."""
    for index, panel in enumerate(art.data.get("panels") or []):
        if not isinstance(panel, dict):
            continue
        yield ("panels", index), panel
        for inner, sub in enumerate(panel.get("panels") or []):
            if isinstance(sub, dict):
                yield ("panels", index, "panels", inner), sub


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
    # Checks ask for artefacts by kind once per alert or panel; the artefact list never changes.
    _by_kind: dict = attr.ib(factory=dict, init=False, repr=False)

    def of_kind(self, kind: str) -> list:
        if not self._by_kind:
            for art in self.artefacts:
                self._by_kind.setdefault(art.kind, []).append(art)
        return list(self._by_kind.get(kind, ()))

    def expressions(self) -> Iterator[Expression]:
        """Every query expression in dashboards and rule files, in output order."""
        for art in self.artefacts:
            if art.kind == "dashboard":
                for path, panel in panels(art):
                    for t_index, target in enumerate(panel.get("targets") or []):
                        if not isinstance(target, dict) or "expr" not in target:
                            continue
                        ds = target.get("datasource") or panel.get("datasource") or {}
                        ds_type = ds.get("type", "prometheus") if isinstance(ds, dict) else "prometheus"
                        language = "logql" if ds_type == "loki" else "promql"
                        yield Expression(art, path + ("targets", t_index), str(target["expr"]), language)
                for v_index, var in enumerate(art.data.get("templating", {}).get("list", [])):
                    query = var.get("query")
                    if var.get("type") == "query" and isinstance(query, str) and query.startswith("label_values("):
                        inner = query[len("label_values("):-1].rsplit(",", 1)[0].strip()
                        ds = var.get("datasource")
                        language = "logql" if isinstance(ds, dict) and ds.get("type") == "loki" else "promql"
                        if "," in query and inner:
                            yield Expression(art, ("templating", "list", v_index), inner, language)
            elif art.kind == "rules":
                for g_index, group in enumerate(art.data.get("groups", [])):
                    for r_index, rule in enumerate(group.get("rules", [])):
                        yield Expression(art, ("groups", g_index, "rules", r_index), str(rule.get("expr", "")), "promql")

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
        """(artefact, JSON path, group, rule) for every rule in every rule file."""
        for art in self.of_kind("rules"):
            for g_index, group in enumerate(art.data.get("groups") or []):
                for r_index, rule in enumerate(group.get("rules") or []):
                    yield art, ("groups", g_index, "rules", r_index), group, rule

    def alerts(self) -> Iterator[tuple]:
        return ((a, p, g, r) for a, p, g, r in self.rules() if "alert" in r)

    def recorded(self) -> dict:
        """Recording rule name -> label names its expression keeps (None when unknown)."""
        out = {}
        for art in self.of_kind("rules"):
            for group in art.data.get("groups", []):
                for rule in group.get("rules", []):
                    if "record" in rule:
                        out[rule["record"]] = rule
        return out

    def disk_path(self, artefact: Artefact) -> str | None:
        return None if self.disk_root is None else os.path.join(self.disk_root, artefact.path)

    def jobs(self) -> set | None:
        configs = self.of_kind("prometheus")
        if not configs:
            return None
        return {j.get("job_name") for c in configs for j in c.data.get("scrape_configs", [])}
