"""Many clusters from one source: the `cluster_label` pass over compiled artefacts.

With `Stack.cluster_label` set (kubernetes-mixin's showMultiCluster), one definition
serves every cluster whose series carry that label, as they do in Mimir, Thanos or a
federating Prometheus:

- every dashboard gets a cluster variable; every Prometheus query selects
  `<label>=~"$<label>"` and aggregates by the label;
- every rule aggregates by the label (`by` gains it, an aggregation without a clause
  gets `by (<label>)`, `on` matching gains it; `without` and `ignoring` already keep
  it), so alerts and recordings keep the cluster;
- routing groups by it and inhibition holds within one cluster;
- promtool tests feed every input series in two clusters and expect each alert and
  sample once per cluster where the expression keeps the label;
- the catalog lists the label as a target label, on every series.

The pass rewrites expression text token by token, so Grafana variables
(`$__rate_interval`) and the author's layout survive, then parses the result to prove
it is still PromQL. It runs only when the option is set: without it nothing changes.
"""

from __future__ import annotations

import copy
import re

import promql_parser as pp

from obsgen import promql, routing
from obsgen.artefact import Artefact, Origin

# The clusters promtool tests and smoke data spread every series over.
TEST_CLUSTERS = ("east", "west")
AGGREGATIONS = {"sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values",
                "bottomk", "topk", "quantile", "limitk", "limit_ratio"}
_KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset", "and", "or",
             "unless", "atan2", "inf", "nan"}
_TOKEN = re.compile(r"""
    (?P<ws>\s+|\#[^\n]*)
  | (?P<str>"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|`[^`]*`)
  | (?P<var>\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|\[\[[^\]]*\]\])
  | (?P<num>0[xX][0-9a-fA-F]+|(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?(?:ms|[smhdwy])?(?:\d+(?:ms|[smhdwy]))*)
  | (?P<ident>[A-Za-z_:][A-Za-z0-9_:]*)
  | (?P<op>=~|!~|!=|==|>=|<=|[-+*/%^<>=@,(){}\[\]:])
""", re.VERBOSE)


class RewriteError(ValueError):
    pass


def _tokens(expr: str) -> list:
    """(kind, text, start, end) of the significant tokens."""
    out, pos = [], 0
    while pos < len(expr):
        m = _TOKEN.match(expr, pos)
        if m is None:
            raise RewriteError(f"cannot read {expr[pos:pos + 20]!r}")
        if m.lastgroup != "ws":
            out.append((m.lastgroup, m.group(), m.start(), m.end()))
        pos = m.end()
    return out


def _match(tokens: list, i: int, open_: str, close: str) -> int:
    """Index of the token closing the bracket opened at `i`."""
    depth = 0
    for j in range(i, len(tokens)):
        if tokens[j][1] == open_:
            depth += 1
        elif tokens[j][1] == close:
            depth -= 1
            if depth == 0:
                return j
    raise RewriteError(f"unbalanced {open_!r}")


def _label_list(tokens: list, i: int, label: str, edits: list) -> int:
    """Add `label` to the list opened at tokens[i] ("("); index of its ")"."""
    end = _match(tokens, i, "(", ")")
    names = [t[1] for t in tokens[i + 1:end] if t[0] in ("ident", "str")]
    if label not in names and f'"{label}"' not in names:
        edits.append((tokens[end][2], f", {label}" if names else label))
    return end


def _on_clauses(expr: str, label: str) -> list:
    """For each `on (...)` in `expr`, in the order written: whether both sides keep `label`.

    `x and on () hour() > 19` matches a vector without labels; adding the label there would
    match nothing. A binary operator's `on` is written after its left operand and before its
    right one, so an in-order walk meets the clauses in text order.
    """
    flags: list = []

    def walk(node):
        if isinstance(node, pp.BinaryExpr):
            walk(node.lhs)
            matching = getattr(node.modifier, "matching", None) if node.modifier is not None else None
            if matching is not None and str(matching.type).endswith("Include"):  # on (ignoring: Exclude)
                flags.append(_keeps(node.lhs, label) and _keeps(node.rhs, label))
            walk(node.rhs)
        elif isinstance(node, (pp.ParenExpr, pp.UnaryExpr, pp.SubqueryExpr)):
            walk(node.expr)
        elif isinstance(node, pp.AggregateExpr):
            if node.param is not None:
                walk(node.param)
            walk(node.expr)
        elif isinstance(node, pp.Call):
            for arg in node.args:
                walk(arg)

    walk(promql.parse(expr))
    return flags


def rewrite(expr: str, label: str, matcher: str | None = None) -> str:
    """`expr` aggregating and matching by `label`; with `matcher`, every selector also selects it.

    Aggregations first, then `on` clauses: whether an `on` may take the label depends on
    both of its sides keeping it, which the first pass decides.
    """
    first = _rewrite(expr, label, matcher, None)
    try:
        flags = _on_clauses(first, label)
    except promql.PromQLError:
        return first  # reported by _checked or, for a broken original, by the promql-syntax check
    return _rewrite(expr, label, matcher, flags)


def _rewrite(expr: str, label: str, matcher: str | None, on_flags) -> str:
    """`expr` aggregating and matching by `label`; with `matcher`, every selector also selects it.

    `sum(x)` → `sum by (label) (x)`, `by (a)` → `by (a, label)`, `on (a)` → `on (a, label)`;
    `without` and `ignoring` keep the label already. With `matcher` (`cluster=~"$cluster"`),
    `x{a="b"}` → `x{cluster=~"$cluster", a="b"}`.
    """
    tokens = _tokens(expr)
    edits: list = []
    seen_on = 0
    i = 0
    while i < len(tokens):
        kind, text, start, end = tokens[i]
        nxt = tokens[i + 1][1] if i + 1 < len(tokens) else None
        low = text.lower()
        if kind == "op" and text == "[":
            i = _match(tokens, i, "[", "]") + 1
            continue
        if kind == "op" and text == "{":
            close = _match(tokens, i, "{", "}")
            _selector(tokens, i, close, label, matcher, edits)
            i = close + 1
            continue
        if kind != "ident":
            i += 1
            continue
        if low == "by" and nxt == "(":
            i = _label_list(tokens, i + 1, label, edits) + 1
            continue
        if low == "on" and nxt == "(":
            seen_on += 1
            if on_flags is not None and seen_on <= len(on_flags) and on_flags[seen_on - 1]:
                i = _label_list(tokens, i + 1, label, edits) + 1
            else:
                i = _match(tokens, i + 1, "(", ")") + 1
            continue
        if low in ("without", "ignoring", "group_left", "group_right") and nxt == "(":
            i = _match(tokens, i + 1, "(", ")") + 1
            continue
        if low in AGGREGATIONS and (nxt == "(" or (nxt or "").lower() in ("by", "without")):
            if nxt == "(":
                close = _match(tokens, i + 1, "(", ")")
                after = tokens[close + 1][1].lower() if close + 1 < len(tokens) else None
                if after not in ("by", "without"):
                    edits.append((end, f" by ({label}) "))
            i += 1
            continue
        if low in _KEYWORDS or nxt == "(":
            i += 1  # a keyword or a function name
            continue
        # A metric name: a selector, with or without braces.
        if nxt == "{":
            close = _match(tokens, i + 1, "{", "}")
            _selector(tokens, i + 1, close, label, matcher, edits)
            i = close + 1
        else:
            if matcher:
                edits.append((end, "{" + matcher + "}"))
            i += 1
    out = expr
    for pos, text in sorted(edits, key=lambda e: e[0], reverse=True):
        out = out[:pos] + text + out[pos:]
    return out


def _selector(tokens: list, open_: int, close: int, label: str, matcher: str | None, edits: list) -> None:
    if not matcher:
        return
    inner = tokens[open_ + 1:close]
    # Every matcher is `name op value`; a selector naming the label already keeps its own.
    names = [inner[k][1] for k in range(0, len(inner), 4) if inner[k][0] in ("ident", "str")]
    if label in names:
        return
    edits.append((tokens[open_][3], matcher + (", " if inner else "")))


def _checked(expr: str, label: str, matcher: str | None, where: str) -> str:
    """`rewrite(expr)`, proven to parse; a broken original is left for the promql-syntax check to report."""
    try:
        promql.parse(expr)
    except promql.PromQLError:
        return expr
    try:
        rewritten = rewrite(expr, label, matcher)
        promql.parse(rewritten)
    except (RewriteError, promql.PromQLError) as exc:
        # The original parses, so this is obsgen's bug: say where, and let it show its traceback.
        raise RuntimeError(f"{where}: the {label} rewrite of {expr!r} fails ({exc}); please report it") from None
    return rewritten


# ---------------------------------------------------------------- which results keep the label

def keeps(expr: str, label: str) -> bool:
    """Whether the series `expr` returns carry `label` when its inputs do."""
    try:
        return _keeps(promql.parse(expr), label)
    except promql.PromQLError:
        return True


def _keeps(node, label: str) -> bool:
    if isinstance(node, (pp.VectorSelector, pp.MatrixSelector)):
        return True
    if isinstance(node, (pp.ParenExpr, pp.UnaryExpr, pp.SubqueryExpr)):
        return _keeps(node.expr, label)
    if isinstance(node, pp.AggregateExpr):
        if node.modifier is None:
            return False
        labels = set(node.modifier.labels)
        without = "without" in str(node.modifier.type).lower()
        return (label not in labels) if without else (label in labels)
    if isinstance(node, pp.Call):
        name = node.func.name
        if name in ("absent", "absent_over_time"):
            inner = node.args[0]
            selector = inner.vector_selector if isinstance(inner, pp.MatrixSelector) else inner
            return any(m.name == label and "Equal" == str(m.op).split(".")[-1]
                       for m in getattr(getattr(selector, "matchers", None), "matchers", []))
        if name in ("vector", "time", "scalar", "pi") or not node.args:
            return False
        if name in ("label_replace", "label_join") and len(node.args) > 1:
            dst = getattr(node.args[1], "val", None)
            if dst == label:
                return True
        vectors = [a for a in node.args if not isinstance(a, (pp.NumberLiteral, pp.StringLiteral))]
        return _keeps(vectors[0], label) if vectors else False
    if isinstance(node, pp.BinaryExpr):
        scalar = (pp.NumberLiteral, pp.StringLiteral)
        if isinstance(node.lhs, scalar):
            return _keeps(node.rhs, label)
        if isinstance(node.rhs, scalar):
            return _keeps(node.lhs, label)
        card = str(getattr(node.modifier, "card", "")) if node.modifier is not None else ""
        if "ManyToOne" in card:
            return _keeps(node.lhs, label)
        if "OneToMany" in card:
            return _keeps(node.rhs, label)
        if str(node.op).lower().endswith("or"):
            return _keeps(node.lhs, label) and _keeps(node.rhs, label)
        return _keeps(node.lhs, label)
    return False


# ---------------------------------------------------------------- the pass

def variable(stack) -> dict:
    """The dashboard's cluster variable, in the shape of the other query variables."""
    label = stack.cluster_label
    return {
        "current": {"text": "", "value": ""},
        "datasource": {"type": "prometheus", "uid": "${datasource}"},
        "hide": 0,
        "includeAll": False,
        "label": "Cluster",
        "multi": False,
        "name": label,
        "options": [],
        "query": f"label_values(up, {label})",
        "refresh": 2,
        "sort": 1,
        "type": "query",
    }


def apply(stack, artefacts: list) -> list:
    """The artefacts rewritten for `stack.cluster_label`; unchanged when it is empty."""
    label = stack.cluster_label
    if not label:
        return artefacts
    rules = [a for a in artefacts if a.kind == "rules"]
    out = []
    for art in artefacts:
        if art.root != "build":
            out.append(art)
        elif art.kind == "dashboard":
            out.append(_dashboard(stack, art))
        elif art.kind == "rules":
            out.append(_rules(label, art))
        elif art.kind == "alertmanager":
            out.append(_alertmanager(label, art))
        elif art.kind == "catalog":
            labels = stack.catalog.with_target_labels((label,)).target_labels
            out.append(_replace(art, {**art.data, "target_labels": list(labels)}))
        else:
            out.append(art)
    rewritten = {a.path: a for a in out if a.kind == "rules"}
    expressions = {}
    for art in rules:
        for rule in rewritten[art.path].data["groups"][0]["rules"]:
            expressions[rule.get("alert") or rule.get("record")] = rule["expr"]
    return [_tests(label, a, expressions) if a.kind == "rule-tests" else a for a in out]


def _replace(art: Artefact, data, origins=None) -> Artefact:
    return Artefact(art.path, art.kind, data, art.origins if origins is None else origins, art.stack, art.root)


def _is_prometheus(ds) -> bool:
    return not isinstance(ds, dict) or ds.get("type", "prometheus") == "prometheus"


def _variable_query(query: str, label: str, matcher: str) -> str:
    """`label_values(sel, name)` selects the cluster; `label_values(name)` gains a selector that does.

    Anything else, or a selector that does not read, is left as written.
    """
    try:
        return _narrowed(query, label, matcher)
    except RewriteError:
        return query


def _narrowed(query: str, label: str, matcher: str) -> str:
    m = re.fullmatch(r"\s*label_values\((.*),\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)\s*", query, re.S)
    if m:
        return f"label_values({rewrite(m.group(1), label, matcher)}, {m.group(2)})"
    m = re.fullmatch(r"\s*label_values\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)\s*", query)
    if m and m.group(1) != label:
        return f"label_values({{{matcher}}}, {m.group(1)})"
    m = re.fullmatch(r"\s*query_result\((.*)\)\s*", query, re.S)
    if m:
        return f"query_result({rewrite(m.group(1), label, matcher)})"
    return query


def _dashboard(stack, art: Artefact) -> Artefact:
    label = stack.cluster_label
    matcher = f'{label}=~"${label}"'
    data = copy.deepcopy(art.data)
    where = art.origins.get(()) or Origin(art.path, art.path)

    def panels(items):
        for panel in items:
            yield panel
            yield from panels(panel.get("panels") or [])

    for panel in panels(data.get("panels", [])):
        for target in panel.get("targets") or []:
            ds = target.get("datasource") or panel.get("datasource")
            if "expr" in target and _is_prometheus(ds):
                target["expr"] = _checked(target["expr"], label, matcher,
                                          f"{where.obj} / panel {panel.get('title')!r} ({where.defined_at})")
    variables = data["templating"]["list"]
    for var in variables:
        if var.get("type") == "query" and _is_prometheus(var.get("datasource")) and isinstance(var.get("query"), str):
            var["query"] = _variable_query(var["query"], label, matcher)
    # After the datasource variables, which it reads through, and before the variables it narrows.
    at = sum(1 for v in variables if v.get("type") == "datasource")
    variables.insert(at, variable(stack))
    origins = {}
    for path, origin in art.origins.items():
        if path[:2] == ("templating", "list") and len(path) > 2 and path[2] >= at:
            path = path[:2] + (path[2] + 1,) + path[3:]
        origins[path] = origin
    origins[("templating", "list", at)] = Origin(f"{where.obj} / cluster variable", where.defined_at)
    return _replace(art, data, origins)


def _rules(label: str, art: Artefact) -> Artefact:
    data = copy.deepcopy(art.data)
    for g_index, group in enumerate(data["groups"]):
        for r_index, rule in enumerate(group["rules"]):
            origin = art.origin(("groups", g_index, "rules", r_index))
            where = f"{origin.obj} ({origin.defined_at})" if origin else art.path
            rule["expr"] = _checked(rule["expr"], label, None, where)
    return _replace(art, data)


def _alertmanager(label: str, art: Artefact) -> Artefact:
    data = copy.deepcopy(art.data)

    for _path, node in routing.walk(data["route"]):
        group_by = node.get("group_by")
        if isinstance(group_by, list) and "..." not in group_by and label not in group_by:
            node["group_by"] = group_by + [label]
    for rule in data.get("inhibit_rules") or []:
        # A critical alert in one cluster must not silence a warning in another.
        if label not in rule.get("equal", []):
            rule["equal"] = list(rule.get("equal", [])) + [label]
    return _replace(art, data)


def series_in(series: str, label: str, value: str) -> str:
    """A promtool series text (`name{a="b"}`, `name`, `{__name__="x"}`) with one more label."""
    pair = f'{label}="{value}"'
    if "{" not in series:
        return f"{series}{{{pair}}}"
    head, rest = series.split("{", 1)
    return f"{head}{{{pair}{',' if rest.strip() != '}' else ''}{rest}"


def _tests(label: str, art: Artefact, expressions: dict) -> Artefact:
    data = copy.deepcopy(art.data)
    for test in data["tests"]:
        test["input_series"] = [{**s, "series": series_in(s["series"], label, c)}
                                for s in test["input_series"] for c in TEST_CLUSTERS]
        for case in test.get("alert_rule_test") or []:
            if keeps(expressions.get(case["alertname"], ""), label):
                case["exp_alerts"] = [{**a, "exp_labels": {**a["exp_labels"], label: c}}
                                      for a in case["exp_alerts"] for c in TEST_CLUSTERS]
        for case in test.get("promql_expr_test") or []:
            if keeps(expressions.get(case["expr"], case["expr"]), label):
                case["exp_samples"] = [{**s, "labels": series_in(s["labels"], label, c)}
                                       for s in case["exp_samples"] for c in TEST_CLUSTERS]
    return _replace(art, data)
