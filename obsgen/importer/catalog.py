"""The metrics imported dashboards and rules read that the stack's catalog lacks: `stacks/_<stack>_imported.py`.

Queries are checked against the stack's catalog, and third-party dashboards read metrics the
stack never declared. `obsgen import` writes them into one generated module (re-imports extend
it), each an `ImportedMetric` whose type is inferred from its name the way Prometheus names
series (`x_bucket` → histogram `x`; `x_sum`/`x_count` alone → summary `x`; `_total` → counter;
anything else a gauge) and whose labels are the ones the queries select or group by. Inferred
types can be wrong, so the module says they must be reviewed. Recorded series (recording rules,
and by convention any name holding `:`) are never declared: the checks know them.
"""

from __future__ import annotations

import importlib
import os
import re

from obsgen import loader, promql
from obsgen.importer.codegen import Call, add_import, expr, module
from obsgen.model.catalog import TARGET_LABELS

MARK = "# obsgen import adds imported metrics here"  # the place `obsgen new stack` leaves in CATALOG
# Series Prometheus makes itself; the catalog check knows them.
_SYNTHETIC = {"up", "ALERTS", "ALERTS_FOR_STATE", "scrape_duration_seconds", "scrape_samples_scraped",
              "scrape_samples_post_metric_relabeling", "scrape_series_added"}
_LABEL = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_]*$")
_IMPLIED = set(TARGET_LABELS) | {"le", "quantile"}


def module_name(stack: str) -> str:
    return f"_{stack.replace('-', '_')}_imported"  # a leading "_": the loader never takes it for a stack


def reads(ctx) -> tuple:
    """({series name: label names}, {recorded names}) of every PromQL query in a checks Context."""
    series: dict = {}
    for e, facts in ctx.promql_facts():
        for sel in facts.selectors:
            if sel.name and promql.VARIABLE_NAME not in sel.name:
                series.setdefault(sel.name, set()).update(m[0] for m in sel.matchers)
        names = {sel.name for sel in facts.selectors}
        if len(facts.selectors) == 1 and not facts.groupings and None not in names:
            # One selector, nothing aggregated: every label the legend names is on that series.
            (name,) = names
            if name in series:
                series[name].update(set(_legend_labels(e)) - facts.created_labels)
        for grouping in facts.groupings:
            for sel in grouping.selectors:
                if sel.name in series:
                    series[sel.name].update(set(grouping.labels) - facts.created_labels)
    return series, set(ctx.recorded())


def _legend_labels(e) -> list:
    """Labels a dashboard target's legend names (`{{label}}`), or none for anything else."""
    if e.artefact.kind != "dashboard" or e.path[-1:] != ("expr",) or "targets" not in e.path:
        return []
    target = e.artefact.data
    for key in e.path[:-1]:
        try:
            target = target[key]
        except (KeyError, IndexError, TypeError):
            return []
    legend = target.get("legendFormat") if isinstance(target, dict) else None
    return re.findall(r"\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}", legend) if isinstance(legend, str) else []


def infer(series: dict) -> dict:
    """{family name: (type, labels)} for the series names read, by Prometheus' naming conventions."""
    families: dict = {}

    def add(name, kind, labels):
        # A name read both alone and as a summary's or histogram's family is that family's own series.
        _kind, known = families.get(name, (kind, set()))
        families[name] = (kind if kind in ("histogram", "summary") else _kind, known | labels)

    names = set(series)
    histograms = {n[: -len("_bucket")] for n in names if n.endswith("_bucket")}
    for name in sorted(names):
        labels = {l for l in series[name] if _LABEL.match(l) and not l.startswith("__") and l not in _IMPLIED}
        base = next((name[: -len(s)] for s in ("_bucket", "_sum", "_count") if name.endswith(s)), None)
        if base in histograms:
            add(base, "histogram", labels)
        elif base and name.endswith(("_sum", "_count")) and not base.endswith("_total"):
            add(base, "summary", labels)
        elif name in families:
            add(name, families[name][0], labels)
        else:
            add(name, "counter" if name.endswith("_total") else "gauge", labels)
    return families


def _stack_catalog(project: str, stack: str):
    """(names the stack's catalog declares outside the imported module, the imported module's metrics)."""
    mod = stack.replace("-", "_")
    declared, previous = set(), []
    with loader.project_modules(project):
        try:
            previous = list(getattr(importlib.import_module(f"stacks.{module_name(stack)}"), "METRICS", ()))
        except Exception:  # noqa: BLE001 - none yet, or unreadable: the new module replaces it
            previous = []
        try:
            catalog = importlib.import_module(f"stacks.{mod}").STACK.catalog
            declared = {s for m in catalog if m not in previous for s in m.series()}
        except Exception:  # noqa: BLE001 - the stack is broken or missing; the build will say so
            declared = set()
    return declared, previous


def write(project: str, stack: str, series: dict, recorded: set) -> list:
    """Write or extend stacks/_<stack>_imported.py; returns the lines to print."""
    declared, previous = _stack_catalog(project, stack)
    wanted = {n: l for n, l in series.items()
              if n not in declared and n not in recorded and n not in _SYNTHETIC and ":" not in n}
    families = {m.name: (m.type, set(m.labels)) for m in previous if m.name not in recorded}
    for name, (kind, labels) in infer(wanted).items():
        if name in declared or f"{name}_bucket" in declared:
            continue
        old_kind, old_labels = families.get(name, (kind, set()))
        families[name] = (old_kind, old_labels | labels)
    if not families and not previous:
        return []
    path = os.path.join(project, "stacks", module_name(stack) + ".py")
    calls = [Call("ImportedMetric", name=name, type=kind,
                  help="Read by imported dashboards or rules; type inferred from the name, not yet reviewed.",
                  **({"labels": tuple(sorted(labels))} if labels else {}))
             for name, (kind, labels) in sorted(families.items())]
    doc = (f"Metrics the content imported into stack {stack!r} reads, which its catalog does not declare.\n\n"
           "Written by `obsgen import` (each run extends it). The TYPES WERE INFERRED from the names\n"
           "(`x_bucket`: histogram `x`; `x_sum`/`x_count` alone: summary `x`; `_total`: counter; else gauge)\n"
           "and the labels from the queries: review each against the exporter's documentation, then move\n"
           "it into the stack's catalog as a `Metric` with its real help text.")
    body = "METRICS = (\n" + "".join(expr(c, 1, suffix=",") + "\n" for c in calls) + ")"
    text = module(doc, ["from obsgen.api import ImportedMetric"], [body])
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path + ".tmp", "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(path + ".tmp", path)
    lines = [f"{len(families)} metrics the imported content reads are declared in {path}: review their inferred types"]
    return lines + _wire(project, stack)


def _wire(project: str, stack: str) -> list:
    """Add the module to the stack's catalog at `obsgen new stack`'s marked place, or say how to."""
    name = module_name(stack)
    path = os.path.join(project, "stacks", stack.replace("-", "_") + ".py")
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except OSError:
        text = ""
    if f"{name}.METRICS" in text:
        return []
    if text.count(MARK) == 1:
        text = text.replace(MARK, f"+ {name}.METRICS  # written by obsgen import: review stacks/{name}.py")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(add_import(text, f"from stacks import {name}"))
        return [f"{path}: the catalog now includes {name}.METRICS"]
    return [f"add the imported metrics to the catalog in {path}: `from stacks import {name}`, "
            f"then CATALOG = Catalog(... + {name}.METRICS)"]
