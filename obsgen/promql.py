"""PromQL: Grafana variable substitution, parsing, and facts for the checks.

Dashboards carry Grafana variables that are not PromQL. They are replaced by
sample values that keep the expression's shape (a duration where a duration
goes, a string inside quotes, a number elsewhere) so the parser sees what
Prometheus will see once Grafana has interpolated the query.
"""

from __future__ import annotations

import re
from functools import lru_cache

import attr
import promql_parser as pp

# Durations stay small: promql-parser rejects anything past 2^32 ms. $__rate_interval and
# $__range get unusual ones, so a check reading the parsed range knows which was written
# without parsing the expression a second time.
RATE_INTERVAL_SECONDS = 4321
RANGE_SECONDS = 4322
_DURATION_VARS = {"__rate_interval": f"{RATE_INTERVAL_SECONDS}s", "__interval": "1m",
                  "__range": f"{RANGE_SECONDS}s", "__auto": "1m"}
_NUMBER_VARS = {"__interval_ms": "60000", "__range_s": "21600", "__range_ms": "21600000"}
VARIABLE_VALUE = "grafana-variable"  # stands for a variable inside a string literal
_VARIABLE = re.compile(r"\$\{([a-zA-Z_][a-zA-Z0-9_]*)(?::[a-zA-Z0-9_]+)?\}|\$([a-zA-Z_][a-zA-Z0-9_]*)|\[\[([a-zA-Z_][a-zA-Z0-9_]*)\]\]")


def variables(expr: str) -> list:
    """Names of the Grafana variables an expression references, in order."""
    return [next(g for g in m.groups() if g) for m in _VARIABLE.finditer(expr)]


def _in_string(text: str, pos: int) -> bool:
    quote = None
    i = 0
    while i < pos:
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = None
        elif ch in "\"'`":
            quote = ch
        i += 1
    return quote is not None


def substitute(expr: str) -> str:
    """Replace Grafana variables with sample values that keep the query valid."""
    out = []
    last = 0
    for m in _VARIABLE.finditer(expr):
        name = next(g for g in m.groups() if g)
        before = expr[: m.start()].rstrip()
        if _in_string(expr, m.start()):
            value = VARIABLE_VALUE
        elif name in _NUMBER_VARS:
            value = _NUMBER_VARS[name]
        elif name in _DURATION_VARS or before.endswith(("[", ":")) or before.endswith("offset"):
            value = _DURATION_VARS.get(name, "5m")
        else:
            value = "1"
        out.append(expr[last: m.start()])
        out.append(value)
        last = m.end()
    out.append(expr[last:])
    return "".join(out)


class PromQLError(ValueError):
    pass


# Several checks read every expression; a fleet of 1000 services has tens of thousands.
_CACHE = 1 << 16


@lru_cache(maxsize=_CACHE)
def parse(expr: str):
    """Parse after substitution; PromQLError with the parser's message on failure."""
    try:
        return pp.parse(substitute(expr))
    except (ValueError, RuntimeError) as exc:
        raise PromQLError(" ".join(str(exc).split())) from None


@attr.s(frozen=True, auto_attribs=True)
class Selector:
    name: str | None
    matchers: tuple  # (label, op, value)
    range: bool  # inside a range vector selector


@attr.s(frozen=True, auto_attribs=True)
class Use:
    """A function applied directly to a selector, e.g. rate(x[5m])."""

    function: str
    selector: Selector


@attr.s(frozen=True, auto_attribs=True)
class Grouping:
    """Labels named in by/without/on/ignoring/group_x, and the selectors they apply to."""

    clause: str
    labels: tuple
    selectors: tuple


@attr.s(frozen=True)
class Facts:
    selectors: list = attr.ib(factory=list)
    uses: list = attr.ib(factory=list)
    groupings: list = attr.ib(factory=list)
    quantiles: list = attr.ib(factory=list)  # (inner aggregation labels or None, selectors)
    created_labels: set = attr.ib(factory=set)  # by label_replace/label_join


def _selector(node, in_range: bool) -> Selector:
    return Selector(
        node.name,
        tuple((m.name, str(m.op).split(".")[-1], m.value) for m in node.matchers.matchers),
        in_range,
    )


@lru_cache(maxsize=_CACHE)
def analyse(expr: str) -> Facts:
    """Facts about `expr`; shared between callers, so treat them as read-only."""
    facts = Facts()
    _walk(parse(expr), facts)
    return facts


def _walk(node, facts: Facts) -> list:
    """Visit node; return the selectors beneath it."""
    if isinstance(node, pp.VectorSelector):
        sel = _selector(node, False)
        facts.selectors.append(sel)
        return [sel]
    if isinstance(node, pp.MatrixSelector):
        sel = _selector(node.vector_selector, True)
        facts.selectors.append(sel)
        return [sel]
    if isinstance(node, (pp.ParenExpr, pp.UnaryExpr)):
        return _walk(node.expr, facts)
    if isinstance(node, pp.SubqueryExpr):
        return _walk(node.expr, facts)
    if isinstance(node, pp.Call):
        name = node.func.name
        below = []
        for arg in node.args:
            sub = _walk(arg, facts)
            if isinstance(arg, (pp.MatrixSelector, pp.VectorSelector)):
                facts.uses.append(Use(name, sub[0]))
            below += sub
        if name in ("label_replace", "label_join") and len(node.args) > 1:
            facts.created_labels.add(node.args[1].val if hasattr(node.args[1], "val") else str(node.args[1]).strip('"'))
        if name == "histogram_quantile" and len(node.args) == 2:
            inner = node.args[1]
            while isinstance(inner, pp.ParenExpr):
                inner = inner.expr
            labels = None
            if isinstance(inner, pp.AggregateExpr) and inner.modifier is not None:
                labels = (str(inner.modifier.type).split(".")[-1].lower(), tuple(inner.modifier.labels))
            elif isinstance(inner, pp.AggregateExpr):
                labels = ("by", ())
            facts.quantiles.append((labels, tuple(_walk_quiet(node.args[1]))))
        return below
    if isinstance(node, pp.AggregateExpr):
        below = _walk(node.expr, facts)
        if node.param is not None:
            _walk(node.param, facts)
        if node.modifier is not None and node.modifier.labels:
            clause = str(node.modifier.type).split(".")[-1].lower()
            facts.groupings.append(Grouping(clause, tuple(node.modifier.labels), tuple(below)))
        return below
    if isinstance(node, pp.BinaryExpr):
        left = _walk(node.lhs, facts)
        right = _walk(node.rhs, facts)
        mod = node.modifier
        if mod is not None and mod.matching is not None and mod.matching.labels:
            clause = str(mod.matching.type).split(".")[-1].lower()
            facts.groupings.append(Grouping(clause, tuple(mod.matching.labels), tuple(left + right)))
        if mod is not None and getattr(mod, "group_labels", None):
            side = right if "ManyToOne" in str(mod.card) else left
            facts.groupings.append(Grouping("group", tuple(mod.group_labels), tuple(side)))
        return left + right
    return []


def _walk_quiet(node) -> list:
    return _walk(node, Facts())
