"""Label flow: which labels each PromQL expression's result carries, worked out offline.

A legend `{{route}}`, an alert's `$labels.route`, a binary operation's
matching and Alertmanager's `group_by` all depend on the labels a query
returns. They come from the metric catalog and the scrape config (target
labels, relabelling), flow through recording rules, and change at each
aggregation, binary operation and function. This module follows them.

A result is a `Labels`: `must`, the labels every series of the result carries,
and `may`, the only labels any series can carry (`None`: not known, any label
may appear). `must <= may` when `may` is known. Sources decide how much is
known: without a catalog, for a metric nobody catalogued, or with a variable
for a metric name, `may` is None and every check built on it says nothing.
The bounds are sound against Prometheus's evaluation (tests/test_labelflow.py
holds them to a concrete evaluator): a check that finds a label outside `may`
is never guessing.

`__name__` is not tracked: checks never reason about it.

Checks read `of(ctx)`, computed once per Context from the parse trees
`promql.parse` already caches, so no expression is parsed twice.
"""

from __future__ import annotations

import re
import warnings
from functools import lru_cache

import attr
import promql_parser as pp

from obsgen import promql
from obsgen.model.catalog import TARGET_LABELS


# --- the lattice ---------------------------------------------------------------------------------


@attr.s(frozen=True, slots=True, repr=False)
class Labels:
    """Bounds on the label names of every series of a result (`__name__` aside)."""

    must: frozenset = attr.ib()  # every series carries these
    may: frozenset | None = attr.ib()  # no series carries anything else; None: unknown
    kind: str = attr.ib(default="vector")  # vector, matrix, scalar or string

    @property
    def known(self) -> bool:
        return self.may is not None

    @property
    def exact(self) -> bool:
        return self.may is not None and self.must == self.may

    def carries(self, label: str) -> bool | None:
        """True: always; False: never; None: cannot say."""
        if label in self.must:
            return True
        if self.may is not None and label not in self.may:
            return False
        return None

    def __repr__(self) -> str:
        may = "?" if self.may is None else "{" + ",".join(sorted(self.may)) + "}"
        return f"Labels({self.kind} must={{{','.join(sorted(self.must))}}} may={may})"


def labels(must=(), may=(), kind: str = "vector") -> Labels:
    """A normalised Labels: `must` is cut to `may` when `may` is known."""
    must = frozenset(must)
    if may is not None:
        may = frozenset(may)
        must &= may
    return Labels(must, may, kind)


UNKNOWN = Labels(frozenset(), None)
EMPTY = Labels(frozenset(), frozenset())  # a vector whose series carry no labels: sum(x), vector(1)
SCALAR = Labels(frozenset(), frozenset(), "scalar")
STRING = Labels(frozenset(), frozenset(), "string")


def _meet(a, b):
    """Intersection of two upper bounds, None being 'anything'."""
    if a is None:
        return b
    if b is None:
        return a
    return a & b


def _join(a, b):
    if a is None or b is None:
        return None
    return a | b


def as_vector(x: Labels) -> Labels:
    return x if x.kind == "vector" else Labels(x.must, x.may, "vector")


def keep(x: Labels, only) -> Labels:
    """Only the labels in `only` survive (by, on)."""
    only = frozenset(only)
    return labels(x.must & only, only if x.may is None else x.may & only)


def drop(x: Labels, gone) -> Labels:
    """The labels in `gone` are removed (without, ignoring, histogram_quantile's le)."""
    gone = frozenset(gone)
    return labels(x.must - gone, None if x.may is None else x.may - gone)


def either(a: Labels, b: Labels) -> Labels:
    """Series from a and from b together (`or`, a series recorded by two rules)."""
    return labels(a.must & b.must, _join(a.may, b.may))


def add(x: Labels, names, always: bool = True) -> Labels:
    """Labels set on every series (always) or on some of them."""
    names = frozenset(names)
    must = x.must | names if always else x.must - names
    return labels(must, None if x.may is None else x.may | names)


def aggregate(x: Labels, clause: str | None, names=()) -> Labels:
    """sum/avg/count/... with `by`, `without` or no grouping."""
    if clause == "by":
        return keep(x, names)
    if clause == "without":
        return drop(x, names)
    return EMPTY


def matched(x: Labels, other: Labels, matching: str | None, names=()) -> Labels:
    """What is known of x's series that found a partner in `other` (their matching labels agree)."""
    names = frozenset(names)
    if matching == "on":
        must = x.must | (other.must & names)
        may = x.may if x.may is None or other.may is None else x.may - (names - other.may)
    elif matching == "ignoring":
        must = x.must | (other.must - names)
        may = _meet(x.may, None if other.may is None else other.may | names)
    else:
        must = x.must | other.must
        may = _meet(x.may, other.may)
    return labels(must, may)


def copy_from(x: Labels, one: Labels, names) -> Labels:
    """group_left/group_right(names): each is set from the one side, or removed where it is empty there."""
    names = frozenset(names)
    must = (x.must - names) | (one.must & names)
    if x.may is None:
        may = None
    elif one.may is None:
        may = x.may | names
    else:
        may = (x.may - names) | (one.may & names)
    return labels(must, may)


def binary(op: str, left: Labels, right: Labels, matching: str | None = None, names=(),
           card: str = "one-to-one", include=()) -> Labels:
    """The result of `left op right` (Prometheus's resultMetric and set operations)."""
    if left.kind in ("scalar", "string") and right.kind in ("scalar", "string"):
        return SCALAR
    if left.kind in ("scalar", "string"):
        return as_vector(right)
    if right.kind in ("scalar", "string"):
        return as_vector(left)
    left, right = as_vector(left), as_vector(right)
    if op == "or":
        return either(left, right)
    if op == "unless":
        return left
    if op == "and":
        return matched(left, right, matching, names)
    if card == "many-to-one":
        return copy_from(matched(left, right, matching, names), right, include)
    if card == "one-to-many":
        return copy_from(matched(right, left, matching, names), left, include)
    result = matched(left, right, matching, names)
    if matching == "on":
        return keep(result, names)
    if matching == "ignoring":
        return drop(result, names)
    return result


def never_matches(left: Labels, right: Labels, matching: str | None, names=()) -> tuple | None:
    """(label, side that always has it) when no series of one side can ever find a partner on the other.

    Series match when their matching labels (all but `__name__`, only `on`'s, or
    all but `ignoring`'s) agree; a label one side always has and the other never
    has can never agree.
    """
    names = frozenset(names)
    for side, this, that in (("left", left, right), ("right", right, left)):
        if that.may is None:
            continue
        candidates = this.must & names if matching == "on" else this.must - names
        missing = sorted(candidates - that.may)
        if missing:
            return missing[0], side
    return None


def label_replace(x: Labels, dst: str, replacement: str, src: str, regex: str) -> Labels:
    """label_replace: dst is set when the anchored regex matches src's value (removed if it expands empty)."""
    if promql.VARIABLE_VALUE in dst:
        return labels(x.must, None)  # a label whose name is a dashboard variable
    dynamic = any(promql.VARIABLE_VALUE in s for s in (replacement, src, regex))
    matches_all = regex in (".*", "(.*)") and not dynamic
    if matches_all and replacement and "$" not in replacement:
        return add(x, {dst})
    if matches_all and replacement in ("$1", "${1}") and regex == "(.*)" and src in x.must:
        return add(x, {dst})
    if not replacement:
        return labels(x.must - {dst}, x.may)
    return add(x, {dst}, always=False)


def label_join(x: Labels, dst: str, separator: str, sources) -> Labels:
    """label_join: dst is the sources' values joined; removed when that is empty."""
    if promql.VARIABLE_VALUE in dst:
        return labels(x.must, None)
    sources = tuple(sources)
    if any(s in x.must for s in sources) or (separator and len(sources) > 1):
        return add(x, {dst})
    if x.may is not None and not (x.may & set(sources)):
        return labels(x.must - {dst}, x.may - {dst})
    return add(x, {dst}, always=False)


def absent(matchers) -> Labels:
    """absent()/absent_over_time(): the labels of the selector's equality matchers (Prometheus's rules)."""
    out, seen = {}, set()
    for name, op, value in matchers:
        if name == "__name__":
            continue
        if op == "Equal" and name not in seen:
            out[name] = value
            seen.add(name)
        else:
            out.pop(name, None)
    names = {n for n, v in out.items() if v != ""}
    return labels(names, names)


# --- selectors -------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def matches_empty(op: str, value: str) -> bool | None:
    """Whether a matcher accepts a series without the label (an empty value); None: cannot tell."""
    if promql.VARIABLE_VALUE in value:
        return None  # a dashboard variable: `.*` for "All" matches the empty value
    if op == "Equal":
        return value == ""
    if op == "NotEqual":
        return value != ""
    if "[:" in value:
        return None  # RE2's POSIX classes ([[:alpha:]]) mean something else to Python's re
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # other RE2-only syntax may make Python warn; errors say "cannot tell"
            hit = re.fullmatch(value, "") is not None
    except (re.error, RecursionError, OverflowError):
        return None
    return hit if op == "Re" else not hit


def select(base: Labels, alternatives) -> Labels:
    """`base` narrowed by matchers: each alternative (of `or` in braces) is a list of (label, op, value)."""
    out = None
    for matchers in alternatives:
        must, may = set(base.must), None if base.may is None else set(base.may)
        for name, op, value in matchers:
            if name == "__name__":
                continue
            empty = matches_empty(op, value)
            if empty is False and (may is None or name in may):
                must.add(name)
            elif empty is True and op == "Equal":
                must.discard(name)  # {x=""} selects only series without x
                if may is not None:
                    may.discard(name)
        one = labels(must, may)
        out = one if out is None else either(out, one)
    return base if out is None else out


# --- the sources: catalog, scrape config, recording rules -----------------------------------------

# Series Prometheus writes for every target: only target labels.
SYNTHETIC = ("up", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_samples_post_metric_relabeling",
             "scrape_series_added")
# Series whose labels are any alert's: not followed.
ALERT_SERIES = ("ALERTS", "ALERTS_FOR_STATE")
# Service discovery that can attach arbitrary labels to targets.
_LABELLED_SD = ("file_sd_configs", "http_sd_configs")


@attr.s(frozen=True, auto_attribs=True)
class Targets:
    """What the scrape config adds to every scraped series."""

    must: frozenset  # every series has them (job, instance)
    may: frozenset | None  # all labels relabelling or static configs may add; None: cannot tell
    unsure: frozenset  # catalog labels that relabelling may remove or empty
    drops_any: bool  # labeldrop/labelkeep on samples: any catalog label may be gone


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def targets(configs) -> Targets:
    """Target labels from prometheus.yml; without one, only job and instance are sure and anything may appear."""
    must = frozenset(TARGET_LABELS)
    if not configs:
        return Targets(must, None, frozenset(), False)
    may, unsure, drops_any, open_ = set(must), set(), False, False
    for config in configs:
        data = _dict(config.data)
        if data.get("scrape_config_files"):
            open_ = True
        for job in _list(data.get("scrape_configs")):
            if not isinstance(job, dict):
                open_ = True
                continue
            if any(job.get(key) for key in _LABELLED_SD):
                open_ = True
            for group in _list(job.get("static_configs")):
                may |= {str(k) for k in _dict(_dict(group).get("labels")) if not str(k).startswith("__")}
            for key in ("relabel_configs", "metric_relabel_configs"):
                for rule in _list(job.get(key)):
                    if not isinstance(rule, dict):
                        open_ = True
                        continue
                    action = str(rule.get("action", "replace")).lower()
                    target = rule.get("target_label")
                    if action == "labelmap":
                        open_ = True
                    elif action in ("labeldrop", "labelkeep"):
                        if key == "metric_relabel_configs":
                            drops_any = True
                    elif target is not None:
                        target = str(target)
                        if "$" in target:
                            open_ = True
                        elif not target.startswith("__"):
                            may.add(target)
                            if key == "metric_relabel_configs":
                                unsure.add(target)
    return Targets(must, None if open_ else frozenset(may), frozenset(unsure), drops_any)


# --- what the walk records for the checks -------------------------------------------------------------


@attr.s(frozen=True, slots=True)
class Selected:
    """A selector: the series it names (`source`: catalog, recording, target, unknown) and its matchers."""

    name: str | None = attr.ib()
    matchers: tuple = attr.ib()  # alternatives, each a tuple of (label, op, value)
    source: str = attr.ib()
    series: Labels = attr.ib()  # labels of the named series, before matchers


@attr.s(frozen=True, slots=True)
class Grouped:
    """An aggregation's `by`/`without` and what the aggregated operand carries."""

    op: str = attr.ib()
    clause: str = attr.ib()
    names: tuple = attr.ib()
    operand: Labels = attr.ib()
    selected: tuple = attr.ib()  # Selected beneath


@attr.s(frozen=True, slots=True)
class Binary:
    """A vector-vector binary operation, its sides and how they match."""

    op: str = attr.ib()
    left: Labels = attr.ib()
    right: Labels = attr.ib()
    matching: str | None = attr.ib()  # on, ignoring or None
    names: tuple = attr.ib()
    card: str = attr.ib()
    text: str = attr.ib()  # the operation as PromQL, filled only where the sides can never match


@attr.s(frozen=True, slots=True)
class Flow:
    """One expression: its result and the operations inside it."""

    result: Labels = attr.ib()
    selected: tuple = attr.ib(default=())
    grouped: tuple = attr.ib(default=())
    binaries: tuple = attr.ib(default=())


# Functions whose result keeps the labels of their vector argument (all but `__name__`).
_KEEP = frozenset("""
abs ceil floor round exp ln log2 log10 sqrt sgn clamp clamp_min clamp_max timestamp
rate irate increase delta idelta deriv predict_linear resets changes holt_winters double_exponential_smoothing
avg_over_time min_over_time max_over_time sum_over_time count_over_time quantile_over_time stddev_over_time
stdvar_over_time last_over_time first_over_time present_over_time mad_over_time ts_of_max_over_time
ts_of_min_over_time ts_of_last_over_time ts_of_first_over_time
sort sort_desc sort_by_label sort_by_label_desc
acos acosh asin asinh atan atanh cos cosh sin sinh tan tanh deg rad
histogram_count histogram_sum histogram_avg histogram_fraction histogram_stddev histogram_stdvar
day_of_month day_of_week day_of_year days_in_month hour minute month year
""".split())
_TIME_OF = frozenset("day_of_month day_of_week day_of_year days_in_month hour minute month year".split())
_KEEPS_SERIES = frozenset({"topk", "bottomk", "limitk", "limit_ratio"})
_CARD = {"OneToOne": "one-to-one", "ManyToOne": "many-to-one", "OneToMany": "one-to-many", "ManyToMany": "many-to-many"}


def _last(text) -> str:
    return str(text).rsplit(".", 1)[-1]


def _string(node) -> str | None:
    while type(node) is pp.ParenExpr:
        node = node.expr
    return node.val if type(node) is pp.StringLiteral else None


_EQUAL, _RE, _NOT_EQUAL = pp.MatchOp.Equal, pp.MatchOp.Re, pp.MatchOp.NotEqual


def _op(op) -> str:
    # MatchOp is unhashable; comparing is cheaper than str() on every matcher of every selector.
    return "Equal" if op == _EQUAL else "Re" if op == _RE else "NotEqual" if op == _NOT_EQUAL else "NotRe"


def _matchers(node) -> tuple:
    """Alternatives of (label, op, value): one, or one per `or` inside the braces."""
    m = node.matchers
    plain = m.matchers
    alternatives = [plain] if plain else (m.or_matchers or [plain])
    return tuple(tuple((x.name, _op(x.op), x.value) for x in alt) for alt in alternatives)


class Flows:
    """Label flow for one Context: sources read once, each distinct expression walked once."""

    def __init__(self, catalog=None, target=None, rules=()):
        self.catalog = catalog
        self.target = target or targets(())
        self.records = {}
        for rule in rules:
            if isinstance(rule, dict) and isinstance(rule.get("record"), str):
                self.records.setdefault(rule["record"], []).append(rule)
        self._recorded: dict = {}
        self._flows: dict = {}
        self.by_path: dict = {}  # (artefact path, JSON path) -> Flow, filled by flows(ctx)
        self.expressions: list = []  # (Expression, Flow) in output order, filled by flows(ctx)

    # sources
    def series(self, name: str | None) -> tuple:
        """(Labels of the series named `name`, source)."""
        if name is None:
            return UNKNOWN, "unknown"
        found = None
        if name in self.records:
            found = self.recorded(name), "recording"
        if name in SYNTHETIC:
            found = labels(self.target.must, self.target.may), "target"
        elif name in ALERT_SERIES:
            return UNKNOWN, "unknown"
        elif self.catalog is not None:
            series = self.catalog.series(name)
            if series is not None:
                must = frozenset() if self.target.drops_any else series.labels - self.target.unsure
                # An exporter's own job or instance label is renamed exported_job/exported_instance.
                clashes = {f"exported_{label}" for label in series.metric.labels if label in TARGET_LABELS}
                may = None if self.target.may is None else series.labels | self.target.may | clashes
                catalogued = labels(must, may)
                if found is not None:
                    return either(found[0], catalogued), "recording"
                return catalogued, "catalog"
        return found if found is not None else (UNKNOWN, "unknown")

    def recorded(self, name: str) -> Labels:
        """What a recording rule's series carries: its expression's result plus its static labels."""
        if name in self._recorded:
            done = self._recorded[name]
            return UNKNOWN if done is None else done  # None: being resolved (a cycle)
        self._recorded[name] = None
        out = None
        for rule in self.records.get(name, ()):
            flow = self.flow(str(rule.get("expr", "")))
            one = UNKNOWN if flow is None else as_vector(flow.result)
            one = static(one, rule.get("labels"))
            out = one if out is None else either(out, one)
        self._recorded[name] = out = out or UNKNOWN
        return out

    # expressions
    def flow(self, expr: str) -> Flow | None:
        """The flow of one expression, or None when it does not parse (promql-syntax says why)."""
        if expr in self._flows:
            return self._flows[expr]
        try:
            tree = promql.parse(expr)
        except promql.PromQLError:
            self._flows[expr] = None
            return None
        walk = _Walk(self)
        result = walk.node(tree)
        flow = Flow(result, tuple(walk.selected), tuple(walk.grouped), tuple(walk.binaries))
        self._flows[expr] = flow
        return flow


def static(x: Labels, extra) -> Labels:
    """A rule's static `labels:` on its result: set when non-empty, removed when empty, maybe-set when templated."""
    if not isinstance(extra, dict):
        return x
    for key, value in extra.items():
        key, value = str(key), "" if value is None else str(value)
        if "{{" in value:
            x = add(x, {key}, always=False)
        elif value:
            x = add(x, {key})
        else:
            x = labels(x.must - {key}, None if x.may is None else x.may - {key})
    return x


class _Walk:
    def __init__(self, flows: Flows):
        self.flows = flows
        self.selected: list = []
        self.grouped: list = []
        self.binaries: list = []

    def node(self, node) -> Labels:
        t = type(node)
        if t is pp.VectorSelector:
            return self.selector(node)
        if t is pp.MatrixSelector:
            out = self.selector(node.vector_selector)
            return Labels(out.must, out.may, "matrix")
        if t is pp.ParenExpr:
            return self.node(node.expr)
        if t is pp.UnaryExpr:
            return self.node(node.expr)
        if t is pp.SubqueryExpr:
            out = self.node(node.expr)
            return Labels(out.must, out.may, "matrix")
        if t is pp.NumberLiteral:
            return SCALAR
        if t is pp.StringLiteral:
            return STRING
        if t is pp.Call:
            return self.call(node)
        if t is pp.AggregateExpr:
            return self.aggregate(node)
        if t is pp.BinaryExpr:
            return self.binary(node)
        return UNKNOWN

    def selector(self, node) -> Labels:
        alternatives = _matchers(node)
        name = node.name
        if name is None:
            names = {v for alt in alternatives for n, op, v in alt if n == "__name__" and op == "Equal"}
            named = [any(n == "__name__" and op == "Equal" for n, op, _v in alt) for alt in alternatives]
            name = names.pop() if len(names) == 1 and all(named) else None
        base, source = self.flows.series(name)
        self.selected.append(Selected(name, alternatives, source, base))
        return select(base, alternatives)

    def call(self, node) -> Labels:
        func = node.func
        name = func.name
        args = node.args
        if name in ("absent", "absent_over_time"):
            for arg in args:
                self.node(arg)
            arg = args[0] if args else None
            if type(arg) is pp.MatrixSelector:
                arg = arg.vector_selector
            if type(arg) is pp.VectorSelector:
                alternatives = _matchers(arg)
                return absent(alternatives[0]) if len(alternatives) == 1 else EMPTY
            return EMPTY
        results = [self.node(arg) for arg in args]
        if _last(func.return_type) == "Scalar":
            return SCALAR
        if name == "vector":
            return EMPTY
        if name == "label_replace" and len(args) == 5:
            strings = [_string(a) for a in args[1:]]
            if None in strings:
                return labels(results[0].must, None)
            return label_replace(as_vector(results[0]), *strings)
        if name == "label_join" and len(args) >= 3:
            strings = [_string(a) for a in args[1:]]
            if None in strings:
                return labels(results[0].must, None)
            return label_join(as_vector(results[0]), strings[0], strings[1], strings[2:])
        if name == "histogram_quantile" and len(results) == 2:
            return drop(as_vector(results[1]), {"le"})
        if name in _KEEP:
            if not args and name in _TIME_OF:
                return EMPTY  # hour() is hour(vector(time()))
            vector = next((r for r in results if r.kind in ("vector", "matrix")), None)
            return UNKNOWN if vector is None else as_vector(vector)
        return UNKNOWN  # info() and functions added after this was written

    def aggregate(self, node) -> Labels:
        op = str(node.op)
        start = len(self.selected)
        inner = self.node(node.expr)
        param = node.param
        if param is not None:
            self.node(param)
        modifier = node.modifier
        clause, names = None, ()
        if modifier is not None:
            clause = _last(modifier.type).lower()
            names = tuple(modifier.labels)
            self.grouped.append(Grouped(op, clause, names, inner, tuple(self.selected[start:])))
        if op in _KEEPS_SERIES:
            return as_vector(inner)
        out = aggregate(inner, clause, names)
        if op == "count_values":
            label = _string(param) if param is not None else None
            if label is None or promql.VARIABLE_VALUE in label:
                return labels(out.must, None)
            out = add(out, {label})
        return out

    def binary(self, node) -> Labels:
        op = str(node.op)
        left = self.node(node.lhs)
        right = self.node(node.rhs)
        modifier = node.modifier
        matching, names, card, include = None, (), "one-to-one", ()
        if modifier is not None:
            card = _CARD.get(_last(modifier.card), "one-to-one")
            if modifier.matching is not None:
                matching = "on" if _last(modifier.matching.type) == "Include" else "ignoring"
                names = tuple(modifier.matching.labels)
            include = tuple(modifier.group_labels or ())
        if op in ("and", "or", "unless"):
            card = "many-to-many"
        result = binary(op, left, right, matching, names, card, include)
        if left.kind in ("vector", "matrix") and right.kind in ("vector", "matrix"):
            text = ""
            if op not in ("or", "unless") and never_matches(left, right, matching, names):
                text = str(node)
            self.binaries.append(Binary(op, left, right, matching, names, card, text))
        return result


def unfounded(flow: Flow) -> list:
    """Labels an expression names that its operands never carry: `by (x)` or a matcher requiring x.

    catalog-metric and rule-recorded-labels report these; checks of the result
    (legends, templates, matching) stay quiet on such an expression, because
    what they would find follows from that one mistake.
    """
    out = []
    for group in flow.grouped:
        if group.clause == "by" and group.operand.may is not None:
            out += [name for name in group.names if name not in group.operand.may]
    for sel in flow.selected:
        if sel.series.may is None:
            continue
        for alternative in sel.matchers:
            out += [name for name, op, value in alternative
                    if name != "__name__" and name not in sel.series.may and matches_empty(op, value) is False]
    return out


# --- the Context accessor ------------------------------------------------------------------------------

_ATTR = "_labelflow"


def flows(ctx) -> Flows:
    """The Flows of a Context, built once (kept on the Context itself)."""
    found = ctx.__dict__.get(_ATTR)
    if found is None:
        found = Flows(ctx.catalog, targets(ctx.of_kind("prometheus")), [rule for _a, _p, _g, rule in ctx.rules()])
        for e in ctx.expressions():
            if e.language == "promql":
                flow = found.flow(e.expr)
                if flow is not None:
                    found.by_path[(e.artefact.path, e.path)] = flow
                    found.expressions.append((e, flow))
        ctx.__dict__[_ATTR] = found
    return found


def of(ctx) -> dict:
    """{(artefact path, JSON path): Flow} for every PromQL expression in dashboards and rules that parses."""
    return flows(ctx).by_path


def expressions(ctx) -> list:
    """[(Expression, Flow)] for every PromQL expression that parses, in output order."""
    return flows(ctx).expressions


def external_labels(ctx) -> dict:
    out = {}
    for config in ctx.of_kind("prometheus"):
        found = _dict(_dict(_dict(config.data).get("global")).get("external_labels"))
        out.update({str(k): "" if v is None else str(v) for k, v in found.items()})
    return out


def alert(ctx, art, path, rule) -> Labels:
    """The labels Alertmanager receives on an alert: result, static labels, alertname, external labels.

    Prometheus's `alert_relabel_configs` may rewrite them; a labelmap or a
    templated target makes them unknown.
    """
    flow = of(ctx).get((art.path, path))
    out = UNKNOWN if flow is None else as_vector(flow.result)
    out = static(out, _dict(rule).get("labels"))
    out = add(out, {"alertname"})
    external = {k for k, v in external_labels(ctx).items() if v}
    out = labels(out.must | external, None if out.may is None else out.may | external)
    for config in ctx.of_kind("prometheus"):
        for item in _list(_dict(_dict(config.data).get("alerting")).get("alert_relabel_configs")):
            if not isinstance(item, dict):
                return labels(out.must, None)
            action = str(item.get("action", "replace")).lower()
            target = item.get("target_label")
            if action == "labelmap" or (target is not None and "$" in str(target)):
                return labels(out.must, None)
            if action in ("labeldrop", "labelkeep"):
                out = labels(frozenset(), out.may)
            elif target is not None:
                out = add(out, {str(target)}, always=False)
    return out
