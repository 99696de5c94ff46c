"""PromQL: Grafana variable substitution, parsing, and facts for the checks.

Dashboards carry Grafana variables that are not PromQL. They are replaced by
sample values that keep the expression's shape (a duration where a duration
goes, a string inside quotes, a label name in a `by (...)` list, a metric
name where a name goes, a number elsewhere) so the parser sees what
Prometheus will see once Grafana has interpolated the query.
"""

from __future__ import annotations

import re
from functools import lru_cache

import attr
import promql_parser as pp

# Durations stay small: promql-parser rejects anything past 2^32 ms. Each Grafana duration
# variable gets its own unusual value, so a check reading the parsed range knows which one
# was written without parsing the expression a second time.
RATE_INTERVAL_SECONDS = 4321
RANGE_SECONDS = 4322
INTERVAL_SECONDS = 4323
AUTO_SECONDS = 4324
VARIABLE_SECONDS = 4325  # a dashboard's own variable used as a duration, e.g. [$window]
_DURATION_VARS = {"__rate_interval": f"{RATE_INTERVAL_SECONDS}s", "__interval": f"{INTERVAL_SECONDS}s",
                  "__range": f"{RANGE_SECONDS}s", "__auto": f"{AUTO_SECONDS}s"}
_NUMBER_VARS = {"__interval_ms": "60000", "__rate_interval_ms": "60000", "__range_s": "21600",
                "__range_ms": "21600000", "__from": "1700000000000", "__to": "1700021600000"}
VARIABLE_VALUE = "grafana-variable"  # stands for a variable inside a string literal
VARIABLE_NAME = "grafana_variable"  # stands for a variable where a metric or label name goes
# $name, ${name}, ${name:format}, ${name.path}, ${__from:date:iso}, [[name]], [[name:format]]
_VARIABLE = re.compile(r"\$\{([a-zA-Z_][a-zA-Z0-9_]*)(?:[.:][^}]*)?\}|\$([a-zA-Z_][a-zA-Z0-9_]*)"
                       r"|\[\[([a-zA-Z_][a-zA-Z0-9_]*)(?::[^\]]*)?\]\]")
# Clauses whose parentheses hold label names, not expressions.
_LABEL_LISTS = {"by", "without", "on", "ignoring", "group_left", "group_right"}
_NAME_CHAR = re.compile(r"[a-zA-Z0-9_:]")
_MATCHER_OP = re.compile(r"\s*(?:=~|!~|!=|=(?!=))")
# Functions and aggregations whose first argument is a number.
_NUMBER_PARAM = re.compile(r"\b(?:topk|bottomk|quantile|limitk|limit_ratio|histogram_quantile|quantile_over_time)\s*\(\s*$")


@attr.s(frozen=True, auto_attribs=True)
class _Use:
    match: re.Match
    name: str
    in_string: bool
    labels: bool  # inside a by/without/on/ignoring/group_x list


_SPECIAL = re.compile(r"[\\\"'`#()$\[]")


def _uses(expr: str, comments: bool = True) -> list:
    """Every Grafana variable in `expr`, in order, read the way PromQL and LogQL lex the text.

    Quotes are followed (backslash escapes in "" and '', none in ``), `#` comments are
    skipped when `comments`, and a `$` right after a backslash is an escaped dollar in a
    regex (`"\\\\$SYS"`), which Grafana leaves alone because no variable has that name.
    """
    if "$" not in expr and "[[" not in expr:
        return []
    found = []
    quote = None
    parens = []  # the word before each open parenthesis
    n = len(expr)
    m = _SPECIAL.search(expr)
    while m is not None:
        i = m.start()
        ch = expr[i]
        step = 1
        if quote is not None:
            if ch == "\\" and quote != "`":
                step = 2 if i + 1 < n and expr[i + 1] in (quote, "\\") else 1
            elif ch == quote:
                quote = None
            elif ch in "$[":
                step = _variable(expr, i, True, False, found)
        elif ch == "#" and comments:
            newline = expr.find("\n", i)
            step = (n if newline < 0 else newline) - i
        elif ch in "\"'`":
            quote = ch
        elif ch == "(":
            word = re.search(r"([a-zA-Z_]\w*)\s*$", expr[max(0, i - 40):i])
            parens.append(word.group(1).lower() if word else "")
        elif ch == ")" and parens:
            parens.pop()
        elif ch in "$[":
            step = _variable(expr, i, False, bool(parens) and parens[-1] in _LABEL_LISTS, found)
        m = _SPECIAL.search(expr, i + max(step, 1))
    return found


def _variable(expr: str, i: int, in_string: bool, labels: bool, found: list) -> int:
    """Record the variable starting at `i`, if one does; how far to move on."""
    m = _VARIABLE.match(expr, i)
    if m is None:
        return 1
    if not (i > 0 and expr[i - 1] == "\\"):
        found.append(_Use(m, next(g for g in m.groups() if g), in_string, labels))
    return m.end() - i


def variables(expr: str, comments: bool = True) -> list:
    """Names of the Grafana variables an expression references, in order.

    `comments=False` for text that is not a query (titles, datasource uids), where `#` is no comment.
    """
    return [u.name for u in _uses(expr, comments)]


def _value(expr: str, use: _Use, bare: str) -> str:
    """What stands for one variable: `bare` is used where a number or a metric name could go."""
    name, start, end = use.name, use.match.start(), use.match.end()
    if use.in_string:
        return VARIABLE_VALUE
    if use.labels:
        return f"{VARIABLE_NAME}_{name}"
    if name in _NUMBER_VARS:
        return _NUMBER_VARS[name]
    before = expr[:start].rstrip()
    after = expr[end:]
    if before.endswith(("{", ",")) and _MATCHER_OP.match(after):  # {$label="x"}: a label name
        return f"{VARIABLE_NAME}_{name}"
    if before.endswith("-"):  # offset -$__interval
        before = before[:-1].rstrip()
    if before.endswith(("[", ":")) or re.search(r"\boffset$", before):
        if after[:1].isalpha():  # [${days}d]: the variable is the number, the unit follows
            return "1"
        return _DURATION_VARS.get(name, f"{VARIABLE_SECONDS}s")
    if name in _DURATION_VARS:
        return _DURATION_VARS[name]
    # Part of a name (`${prefix}_total`, `node_$metric`) or a name before its selector (`$metric{...}`).
    if (start and _NAME_CHAR.match(expr[start - 1])) or _NAME_CHAR.match(after[:1]) or \
            after.lstrip()[:1] in ("{", "["):
        return VARIABLE_NAME
    if _NUMBER_PARAM.search(before):  # topk($n, ...): the parameter is a number whatever else is
        return "1"
    return bare


def substitute(expr: str, bare: str = "1") -> str:
    """Replace Grafana variables with sample values that keep the query valid.

    A variable standing alone could be a number (`> $threshold`) or a whole series
    (`sum($metric)`); `bare` is what it becomes, "1" first and a name when that fails.
    """
    out = []
    last = 0
    for use in _uses(expr):
        out.append(expr[last: use.match.start()])
        out.append(_value(expr, use, bare))
        last = use.match.end()
    out.append(expr[last:])
    return "".join(out)


# Grafana's Prometheus variable queries are functions of Grafana's, not PromQL.
_VARIABLE_QUERY = re.compile(r"^\s*(?P<fn>label_values|label_names|metrics|query_result)\s*\((?P<args>.*)\)\s*$", re.S)


def variable_query(query: str) -> str | None:
    """The PromQL inside a Grafana Prometheus variable query, or None when it holds none.

    `label_values(up{job="a"}, instance)` -> `up{job="a"}`, `query_result(q)` -> `q`;
    `label_values(job)`, `label_names()` and `metrics(regex)` name no query. Anything
    else is taken as PromQL.
    """
    m = _VARIABLE_QUERY.match(query)
    if m is None:
        return query if query.strip() else None
    fn, args = m.group("fn"), m.group("args").strip()
    if fn == "query_result":
        return args or None
    if fn == "label_values" and "," in args:
        return args.rsplit(",", 1)[0].strip() or None
    if fn == "label_names" and args:
        return args
    return None


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
        first = exc
    alternative = substitute(expr, VARIABLE_NAME)
    if alternative != substitute(expr):
        try:
            return pp.parse(alternative)
        except (ValueError, RuntimeError):
            pass
    raise PromQLError(" ".join(str(first).split())) from None


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
