"""A panel's percent unit fits the scale its queries return.

Grafana's `percent` unit expects 0–100 and `percentunit` expects 0–1. A 0–1
ratio shown as `percent` reads 0.02% where 2% is meant; a `* 100` percentage
shown as `percentunit` reads 200%. The scale is read from the expression's
shape only where it is certain: a quotient of like quantities (the same
metric on both sides, a histogram's bucket over its count, two `_bytes` or two
`_seconds` gauges), `avg(up)`, `1 - ratio`, `ratio * 100`, `percentage / 100`,
and recorded series named `...ratio`. Anything else says nothing.
"""

from __future__ import annotations

import re

import promql_parser as pp

from obsgen import promql
from obsgen.checks import plain
from obsgen.checks.base import Check, Finding

RATIO, PERCENT = "ratio", "percent"
_KEEPS_SCALE_AGG = {"avg", "max", "min", "quantile", "topk", "bottomk", "limitk", "limit_ratio"}
_KEEPS_SCALE_FN = {"avg_over_time", "max_over_time", "min_over_time", "quantile_over_time", "last_over_time",
                   "clamp_max", "clamp", "abs", "round", "label_replace", "label_join", "sort", "sort_desc"}
_BOOLEAN_SERIES = {"up"}
_FILTERS = {">", "<", ">=", "<=", "==", "!="}
_UNIT_SUFFIX = re.compile(r"_(bytes|seconds)$")


def _strip(node):
    while isinstance(node, pp.ParenExpr):
        node = node.expr
    return node


def _number(node) -> float | None:
    node = _strip(node)
    return node.val if isinstance(node, pp.NumberLiteral) else None


def _selectors(node, out: list, shape: tuple = ()) -> list:
    """(metric name, the functions and aggregations above it) for every selector under `node`."""
    node = _strip(node)
    if isinstance(node, pp.VectorSelector):
        out.append((node.name or "", shape))
    elif isinstance(node, pp.MatrixSelector):
        out.append((node.vector_selector.name or "", shape))
    elif isinstance(node, pp.Call):
        for arg in node.args:
            _selectors(arg, out, shape + (node.func.name,))
    elif isinstance(node, pp.AggregateExpr):
        _selectors(node.expr, out, shape + (str(node.op).strip().lower(),))
    elif isinstance(node, pp.BinaryExpr):
        op = str(node.op).strip()
        if op in ("+", "or"):  # a sum of like parts: a / (a + b)
            _selectors(node.lhs, out, shape)
            _selectors(node.rhs, out, shape)
        elif op in _FILTERS and not (node.modifier is not None and node.modifier.return_bool) \
                and (_number(node.lhs) is not None or _number(node.rhs) is not None):
            # `x > 0` keeps x's values (e.g. a limit that may be unset): still x.
            _selectors(node.lhs if _number(node.rhs) is not None else node.rhs, out, shape)
        else:
            out.append(("", shape))  # anything else changes what is measured: unknown
    elif isinstance(node, (pp.UnaryExpr, pp.SubqueryExpr)):
        out.append(("", shape))
    return out


def _like(numerator, denominator) -> bool:
    """Both sides measure the same kind of thing the same way, so their quotient is a fraction."""
    top, bottom = _selectors(numerator, []), _selectors(denominator, [])
    if not top or not bottom or any(not name for name, _s in top + bottom):
        return False
    if set(top) <= set(bottom):
        return True  # sum(rate(x{code=~"5.."}[5m])) / sum(rate(x[5m])), or a / (a + b)
    if len(top) == 1 and len(bottom) == 1 and top[0][1] == bottom[0][1]:
        t, b = top[0][0], bottom[0][0]
        if t.endswith("_bucket") and b.endswith("_count") and t[:-len("_bucket")] == b[:-len("_count")]:
            return True  # a histogram's share of observations under a bucket
        tu, bu = _UNIT_SUFFIX.search(t), _UNIT_SUFFIX.search(b)
        if tu and bu and tu.group(1) == bu.group(1):
            return True  # two gauges of one unit, e.g. available bytes / total bytes
    return False


def scale(node) -> str | None:
    """RATIO (0–1), PERCENT (0–100), or None when not certain."""
    node = _strip(node)
    if isinstance(node, pp.VectorSelector):
        name = node.name or ""
        last = name.rsplit(":", 1)[-1]
        if ":" in name and (last.startswith("ratio") or last.endswith("_ratio") or last == "ratio"):
            return RATIO
        return None
    if isinstance(node, pp.AggregateExpr):
        op = str(node.op).strip().lower()
        inner = _strip(node.expr)
        if op == "avg" and isinstance(inner, pp.VectorSelector) and inner.name in _BOOLEAN_SERIES:
            return RATIO
        return scale(inner) if op in _KEEPS_SCALE_AGG else None
    if isinstance(node, pp.Call):
        name = node.func.name
        if name == "avg_over_time" and node.args:
            arg = _strip(node.args[0])
            if isinstance(arg, pp.MatrixSelector) and arg.vector_selector.name in _BOOLEAN_SERIES:
                return RATIO
        if name in _KEEPS_SCALE_FN and node.args:
            return scale(node.args[0])
        return None
    if isinstance(node, pp.BinaryExpr):
        op = str(node.op).strip()
        if node.modifier is not None and node.modifier.return_bool:
            return None
        left, right = _number(node.lhs), _number(node.rhs)
        if op in _FILTERS and (left is not None or right is not None):
            return scale(node.lhs if right is not None else node.rhs)  # a filter keeps the values
        if op == "*" and (left == 100 or right == 100):
            return PERCENT if scale(node.rhs if left == 100 else node.lhs) == RATIO else None
        if op == "/" and right == 100:
            return RATIO if scale(node.lhs) == PERCENT else None
        if op == "-" and left == 1 and scale(node.rhs) == RATIO:
            return RATIO
        if op == "-" and left == 100 and scale(node.rhs) == PERCENT:
            return PERCENT
        if op == "/" and left is None and right is None:
            return RATIO if _like(node.lhs, node.rhs) else None
    return None


def _unit(panel: dict):
    """(JSON path suffix, unit) the panel shows its values in, or None when overrides may change it."""
    field = panel.get("fieldConfig") if isinstance(panel.get("fieldConfig"), dict) else {}
    for override in plain.seq(field.get("overrides")):
        props = override.get("properties") if isinstance(override, dict) else None
        if any(isinstance(p, dict) and p.get("id") == "unit" for p in plain.seq(props)):
            return None
    defaults = field.get("defaults") if isinstance(field.get("defaults"), dict) else {}
    if isinstance(defaults.get("unit"), str):
        return ("fieldConfig", "defaults", "unit"), defaults["unit"]
    axes = panel.get("yaxes")
    if isinstance(axes, list) and len(axes) >= 1 and isinstance(axes[0], dict) and isinstance(axes[0].get("format"), str):
        if any(isinstance(s, dict) and s.get("yaxis") == 2 for s in plain.seq(panel.get("seriesOverrides"))):
            return None  # some series on the right axis, in its own unit
        return ("yaxes", 0, "format"), axes[0]["format"]
    if isinstance(panel.get("format"), str):
        return ("format",), panel["format"]
    return None


class PanelUnitRatio(Check):
    id = "panel-unit-ratio"
    severity = "error"
    summary = ("A panel in unit `percent` (0–100) shows no query whose shape gives a 0–1 ratio (like-for-like "
               "quotient, `avg(up)`, `1 - ratio`), and one in `percentunit` (0–1) shows no `ratio * 100`; "
               "silent when the scale is not certain.")
    example = "`sum(rate(errors_total[5m])) / sum(rate(requests_total[5m]))`-style ratio in a panel with unit `percent`."
    mirrors = ("Grafana's unit formats: `percent` renders the value as is with a % sign, `percentunit` multiplies by "
               "100: https://github.com/grafana/grafana/blob/main/packages/grafana-data/src/valueFormats/categories.ts")

    def run(self, ctx):
        for art in ctx.of_kind("dashboard"):
            if not isinstance(art.data, dict):
                continue
            for path, panel in plain.panels(art):
                found = _unit(panel)
                if found is None or found[1] not in ("percent", "percentunit"):
                    continue
                unit = found[1]
                for t_index, target in enumerate(plain.seq(panel.get("targets"))):
                    if not isinstance(target, dict) or target.get("hide") is True:
                        continue
                    expr = target.get("expr")
                    ds = target.get("datasource") or panel.get("datasource")
                    if not isinstance(expr, str) or (isinstance(ds, dict) and ds.get("type") == "loki"):
                        continue
                    try:
                        shape = scale(promql.parse(expr))
                    except promql.PromQLError:
                        continue
                    if unit == "percent" and shape == RATIO:
                        yield Finding(art, path + ("targets", t_index),
                                      f"unit 'percent' expects 0–100 but the query returns a 0–1 ratio "
                                      f"({' '.join(expr.split())!r}); use unit 'percentunit' or multiply by 100")
                    elif unit == "percentunit" and shape == PERCENT:
                        yield Finding(art, path + ("targets", t_index),
                                      f"unit 'percentunit' expects 0–1 but the query returns a percentage "
                                      f"({' '.join(expr.split())!r}); use unit 'percent' or drop the * 100")
