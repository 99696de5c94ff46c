"""The one interface every check implements, and the context checks read.

Checks read plain data (Artefacts), never definitions, so the same checks run
on a fresh build and on files on disk. A finding names its artefact and JSON
path; the Artefact's origins turn that into the Python line that defined it.
"""

from __future__ import annotations

from typing import Iterable, Iterator

import attr

from obsgen.artefact import Artefact, json_path
from obsgen.errors import Problem


@attr.s(frozen=True, auto_attribs=True)
class Finding:
    artefact: Artefact
    path: tuple
    message: str


class Check:
    """Subclasses set `id`, `severity` and `summary`, and implement `run`."""

    id: str = ""
    severity: str = "error"
    summary: str = ""

    def run(self, ctx: "Context") -> Iterable[Finding]:
        raise NotImplementedError

    def problems(self, ctx: "Context") -> Iterator[Problem]:
        for finding in self.run(ctx):
            origin = finding.artefact.origin(finding.path)
            if origin is not None:
                obj, where = origin.obj, origin.defined_at
            else:
                obj, where = finding.artefact.path, f"{finding.artefact.path} {json_path(finding.path)}"
            yield Problem(self.id, finding.artefact.stack or "-", obj, where, finding.message, self.severity)


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

    def of_kind(self, kind: str) -> list:
        return [a for a in self.artefacts if a.kind == kind]

    def expressions(self) -> Iterator[Expression]:
        """Every query expression in dashboards and rule files, in output order."""
        for art in self.artefacts:
            if art.kind == "dashboard":
                for p_index, panel in enumerate(art.data.get("panels", [])):
                    for t_index, target in enumerate(panel.get("targets", [])):
                        if "expr" not in target:
                            continue
                        ds_type = (target.get("datasource") or panel.get("datasource") or {}).get("type", "prometheus")
                        language = "logql" if ds_type == "loki" else "promql"
                        yield Expression(art, ("panels", p_index, "targets", t_index), target["expr"], language)
                for v_index, var in enumerate(art.data.get("templating", {}).get("list", [])):
                    query = var.get("query")
                    if var.get("type") == "query" and isinstance(query, str) and query.startswith("label_values("):
                        inner = query[len("label_values("):-1].rsplit(",", 1)[0].strip()
                        if "," in query and inner:
                            yield Expression(art, ("templating", "list", v_index), inner, "promql")
            elif art.kind == "rules":
                for g_index, group in enumerate(art.data.get("groups", [])):
                    for r_index, rule in enumerate(group.get("rules", [])):
                        yield Expression(art, ("groups", g_index, "rules", r_index), str(rule.get("expr", "")), "promql")

    def recorded(self) -> dict:
        """Recording rule name -> label names its expression keeps (None when unknown)."""
        out = {}
        for art in self.of_kind("rules"):
            for group in art.data.get("groups", []):
                for rule in group.get("rules", []):
                    if "record" in rule:
                        out[rule["record"]] = rule
        return out

    def jobs(self) -> set | None:
        configs = self.of_kind("prometheus")
        if not configs:
            return None
        return {j.get("job_name") for c in configs for j in c.data.get("scrape_configs", [])}
