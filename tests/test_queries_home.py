"""One home for PromQL: definitions and rule builders take query shapes from `obsgen.queries`.

A rate, a windowed function, an aggregation or a quantile written out in a string is a
second spelling of a shape `obsgen.queries` already has; the two drift (a selector
separator, a rate window, a quantile that forgets `le`). This test reads the string
literals of every definition module and of `obsgen/rules_lib/` (f-strings with their
interpolations as `{}`) and fails on any such shape. Prose is safe: a shape needs its
call parenthesis and, for a function of samples, a metric followed by a selector or range.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from conftest import ROOT as _ROOT

ROOT = Path(_ROOT)

# The definitions, and the engine modules that compose queries for them.
PLACES = ("rules", "dashboards", "obsgen/rules_lib", "obsgen/grafana/blocks.py")

# fn(metric{...}[...]) or fn(metric[...]): a function of a range of samples, metric named or interpolated.
_RANGE_FUNCTIONS = r"(?:rate|irate|increase|changes|resets|delta|idelta|deriv|predict_linear|\w+_over_time)"
_METRIC = r"(?:[A-Za-z_:][\w:]*|\{\})+"
SHAPES = {
    "a windowed function": re.compile(rf"\b{_RANGE_FUNCTIONS}\(\s*{_METRIC}(?:\{{(?:[^{{}}]|\{{\}})*\}})*\["),
    "an aggregation": re.compile(r"\b(?:sum|avg|min|max|count|topk|bottomk|quantile|stddev)\s+(?:by|without)\s*\(|"
                                 r"\b(?:sum|avg|count)\((?:rate|increase|irate)\("),
    "a histogram quantile": re.compile(r"\bhistogram_quantile\("),
}


def literal_text(node) -> str | None:
    """A string literal's text; an f-string's with each interpolation as `{}`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    return None


def hand_written(source: str) -> list:
    """(line, shape, text) for each string literal in `source` that spells a query shape by hand."""
    found = []
    tree = ast.parse(source)
    # Docstrings may show a shape to explain it; they are never a query.
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                  and n.body and isinstance(n.body[0], ast.Expr)}
    for node in ast.walk(tree):
        if id(node) in docstrings or getattr(node, "_in_fstring", False):
            continue
        text = literal_text(node)
        if text is None:
            continue
        if isinstance(node, ast.JoinedStr):
            for part in node.values:  # judged as part of the whole f-string, not again alone
                part._in_fstring = True
        for shape, pattern in SHAPES.items():
            if pattern.search(text):
                found.append((node.lineno, shape, text))
    return found


def modules():
    for place in PLACES:
        path = ROOT / place
        yield from [path] if path.is_file() else sorted(path.rglob("*.py"))


@pytest.mark.parametrize("path", list(modules()), ids=lambda p: str(p.relative_to(ROOT)))
def test_definitions_write_no_query_shape_by_hand(path: Path):
    found = hand_written(path.read_text(encoding="utf-8"))
    assert not found, "\n".join(f"{path.relative_to(ROOT)}:{line}: {shape} written by hand, use obsgen.queries: {text!r}"
                                for line, shape, text in found)


@pytest.mark.parametrize("source", [
    "expr = 'sum by (job) (rate(http_requests_total[5m]))'",
    "expr = f'increase({metric}{{job=\"{job}\"}}[{window}]) > 0'",
    "expr = f'rate(x_total{sel}[1h] offset 1w)'",
    "expr = f'max_over_time(up{{job=~\"{jobs}\"}}[5m]) == 1'",
    "expr = f'histogram_quantile(0.95, {buckets})'",
    "expr = 'sum(rate(x_total[5m]))'",
    "expr = f'changes(container_start_time_seconds{{{NAMED}}}[{window}]) >= 3'",
    "expr = f'avg without (cpu) ({x})'",
])
def test_a_shape_written_by_hand_is_found(source):
    assert hand_written(source)


@pytest.mark.parametrize("source", [
    "text = \"API requests per second over all endpoints (the seed's rate(copilotos_requests_total)).\"",
    "text = 'Compare scrape_duration_seconds with the scrape timeout; a slow endpoint needs fewer series.'",
    "expr = f'{recorded}{sel} > {limit}'",
    "expr = f'{total(rate(METRIC, sel), by)} * 60'",
    "series = 'node_cpu_seconds_total{cpu=\"0\",mode=\"idle\"}'",
    "text = 'Find the writer: node_disk_written_bytes_total by device, container fs writes by name.'",
])
def test_prose_queries_built_by_helpers_and_test_series_pass(source):
    assert not hand_written(source)


def test_every_filesystem_query_counts_the_filesystems_the_disk_alert_counts():
    """Disk panels and the disk alert read node_filesystem_* through one filter (`queries.REAL_FILESYSTEMS`), so a
    panel never shows a tmpfs filling up that the alert ignores, or the reverse. Read from what the build wrote."""
    import glob
    import json

    from obsgen.queries import REAL_FILESYSTEMS

    selector = re.compile(r"\bnode_filesystem_\w+\{[^}]*\}")
    found = []
    for path in sorted(glob.glob(str(ROOT / "build" / "*" / "prometheus" / "rules" / "*.yml"))
                       + glob.glob(str(ROOT / "build" / "*" / "grafana" / "dashboards" / "*" / "*.json"))):
        text = Path(path).read_text()
        if path.endswith(".json"):
            text = json.dumps(json.loads(text), ensure_ascii=False).replace('\\"', '"')
        found += [(path, m.group(0)) for m in selector.finditer(text)]
    assert found, "no filesystem query in the build: this test has nothing to hold"
    assert [(p, s) for p, s in found if REAL_FILESYSTEMS.replace('"', "") not in s.replace('"', "")] == []
