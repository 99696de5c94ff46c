"""obsgen.labelflow is sound: every series Prometheus returns lies within the bounds it computes.

A small concrete evaluator below follows Prometheus's label semantics (vector
matching and resultMetric, aggregations, label_replace/label_join, absent,
histogram_quantile) on label sets. A real Prometheus (promtool's unit tests)
confirms it on one case per operation; hypothesis then draws random
expressions and series and holds labelflow's `must`/`may` to the evaluator.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import promql_parser as pp
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from obsgen import labelflow, promql
from obsgen.artefact import Artefact
from obsgen.checks.base import Context
from obsgen.labelflow import EMPTY, UNKNOWN, Labels, labels
from obsgen.model.catalog import Catalog, Metric

CATALOG = Catalog([
    Metric("req_total", "counter", "h", ("route", "code")),
    Metric("hits_total", "counter", "h", ("route",)),
    Metric("temp_celsius", "gauge", "h", ()),
    Metric("lat_seconds", "histogram", "h", ("route",), "seconds"),
])
SERIES = {name: set(s.labels) for name in ("req_total", "hits_total", "temp_celsius", "lat_seconds_bucket",
                                            "lat_seconds_count") for s in [CATALOG.series(name)]}
PROM = Artefact("p/prometheus.yml", "prometheus", {"scrape_configs": [{"job_name": "a", "static_configs": [
    {"targets": ["h:1"]}]}]}, {}, "s")
RECORDINGS = [
    {"record": "job_route:req:rate5m", "expr": "sum by (job, route) (rate(req_total[5m]))", "labels": {"tier": "x"}},
    {"record": "job:req:ratio", "expr": "sum by (job) (job_route:req:rate5m) / on(job) sum by (job) (rate(hits_total[5m]))"},
]
LABELS = ("route", "code", "le", "job", "instance", "tier", "new")


def flows(rules=RECORDINGS):
    return labelflow.Flows(CATALOG, labelflow.targets([PROM]), rules)


# --- a concrete evaluator of Prometheus's label semantics -----------------------------------------

def _match(series: dict, matchers) -> bool:
    for name, op, value in matchers:
        have = series.get(name, "")
        if op == "Equal" and have != value or op == "NotEqual" and have == value:
            return False
        if op in ("Re", "NotRe") and (re.fullmatch(value, have) is not None) != (op == "Re"):
            return False
    return True


def _expand(template: str, m) -> str:
    """Go's Regexp.Expand: $1 or ${1}; a group that does not exist expands to nothing."""
    def group(g):
        ref = g.group(1)
        return (m.group(int(ref)) or "") if ref.isdigit() and int(ref) <= m.re.groups else ""
    return re.sub(r"\$\{?(\w+)\}?", group, template)


def _clean(series: dict) -> dict:
    return {k: v for k, v in series.items() if v}


def evaluate(node, world):
    """A list of label dicts (empty values removed, `__name__` never kept), or None for scalars and strings."""
    t = type(node)
    if t in (pp.ParenExpr, pp.UnaryExpr):
        return evaluate(node.expr, world)
    if t is pp.SubqueryExpr:
        return evaluate(node.expr, world)
    if t in (pp.NumberLiteral, pp.StringLiteral):
        return None
    if t is pp.MatrixSelector:
        return evaluate(node.vector_selector, world)
    if t is pp.VectorSelector:
        ms = [(m.name, str(m.op).split(".")[-1], m.value) for m in node.matchers.matchers]
        return [dict(s) for s in world.get(node.name, []) if _match(s, [m for m in ms if m[0] != "__name__"])]
    if t is pp.Call:
        name, args = node.func.name, node.args
        if name == "vector":
            return [{}]
        if name in ("time", "scalar", "pi"):
            return None
        if name == "absent":
            if evaluate(args[0], world):
                return []
            arg = args[0]
            out, has = {}, set()
            for m in arg.matchers.matchers:
                op = str(m.op).split(".")[-1]
                if m.name == "__name__":
                    continue
                if op == "Equal" and m.name not in has:
                    out[m.name] = m.value
                    has.add(m.name)
                else:
                    out.pop(m.name, None)
            return [_clean(out)]
        if name == "label_replace":
            vec = evaluate(args[0], world)
            dst, repl, src, regex = (a.val for a in args[1:])
            out = []
            for s in vec:
                m = re.fullmatch(regex, s.get(src, ""))
                s = dict(s)
                if m:
                    s[dst] = _expand(repl, m)
                out.append(_clean(s))
            return out
        if name == "label_join":
            vec = evaluate(args[0], world)
            dst, sep, *srcs = (a.val for a in args[1:])
            return [_clean({**s, dst: sep.join(s.get(x, "") for x in srcs)}) for s in vec]
        if name == "histogram_quantile":
            return [{k: v for k, v in s.items() if k != "le"} for s in evaluate(args[1], world) if "le" in s]
        vecs = [evaluate(a, world) for a in args]
        return next(v for v in vecs if v is not None)
    if t is pp.AggregateExpr:
        op = str(node.op)
        vec = evaluate(node.expr, world)
        if op in ("topk", "bottomk"):
            return vec
        mod = node.modifier
        clause = None if mod is None else str(mod.type).split(".")[-1].lower()
        names = () if mod is None else tuple(mod.labels)
        out = []
        for s in vec:
            key = {k: v for k, v in s.items() if k in names} if clause == "by" else \
                {k: v for k, v in s.items() if k not in names} if clause == "without" else {}
            if op == "count_values":
                key[node.param.val] = "1"
            if key not in out:
                out.append(key)
        return out
    if t is pp.BinaryExpr:
        op = str(node.op)
        left, right = evaluate(node.lhs, world), evaluate(node.rhs, world)
        if left is None or right is None:
            return left if right is None else right
        mod = node.modifier
        matching = None if mod is None or mod.matching is None else str(mod.matching.type).split(".")[-1]
        names = () if matching is None else tuple(mod.matching.labels)
        card = "OneToOne" if mod is None else str(mod.card).split(".")[-1]
        include = () if mod is None else tuple(mod.group_labels or ())

        def sig(s):
            if matching == "Include":
                return tuple(sorted((k, v) for k, v in s.items() if k in names))
            return tuple(sorted((k, v) for k, v in s.items() if k not in names))

        if op == "and":
            return [s for s in left if sig(s) in {sig(r) for r in right}]
        if op == "unless":
            return [s for s in left if sig(s) not in {sig(r) for r in right}]
        if op == "or":
            return left + [s for s in right if sig(s) not in {sig(l) for l in left}]
        many, one = (right, left) if card == "OneToMany" else (left, right)
        out = []
        for s in many:
            for r in one:
                if sig(s) != sig(r):
                    continue
                res = dict(s)
                if card == "OneToOne":
                    res = {k: v for k, v in res.items() if k in names} if matching == "Include" else \
                        {k: v for k, v in res.items() if k not in names}
                for label in include:
                    if r.get(label):
                        res[label] = r[label]
                    else:
                        res.pop(label, None)
                out.append(res)
        return out
    raise AssertionError(f"evaluator does not know {t}")


def world_with_recordings(world: dict) -> dict:
    world = dict(world)
    for rule in RECORDINGS:
        result = evaluate(promql.parse(rule["expr"]), world) or []
        world[rule["record"]] = [_clean({**s, **rule.get("labels", {})}) for s in result]
    return world


def assert_within(expr: str, world: dict, flow_labels: Labels):
    for series in evaluate(promql.parse(expr), world_with_recordings(world)) or []:
        have = set(series)
        assert flow_labels.must <= have, (expr, series, flow_labels)
        assert flow_labels.may is None or have <= flow_labels.may, (expr, series, flow_labels)


# --- the evaluator, confirmed by a real Prometheus ------------------------------------------------

FIXED_WORLD = {
    "req_total": [{"route": "a", "code": "200", "job": "j", "instance": "i"},
                  {"route": "b", "code": "500", "job": "j", "instance": "i"}],
    "hits_total": [{"route": "a", "job": "j", "instance": "i"}, {"route": "b", "job": "j", "instance": "i"}],
    "temp_celsius": [{"job": "j", "instance": "i"}],
    "lat_seconds_bucket": [{"route": "a", "le": le, "job": "j", "instance": "i"} for le in ("0.1", "+Inf")],
}
CASES = [
    "sum by (route) (rate(req_total[5m]))",
    "sum without (code, instance) (req_total)",
    "sum(req_total)",
    "topk by (route) (1, req_total)",
    "rate(req_total[5m]) / rate(hits_total[5m])",
    "rate(req_total[5m]) / ignoring(code) rate(hits_total[5m])",
    "rate(req_total[5m]) / on(route) rate(hits_total[5m])",
    "rate(req_total[5m]) / ignoring(code) group_left rate(hits_total[5m])",
    "hits_total * on(job) group_left(code) req_total{code=\"200\"}",
    "temp_celsius * on(job) group_right hits_total",
    "req_total and on(route) hits_total",
    "req_total or hits_total",
    "req_total unless on(route) hits_total{route=\"a\"}",
    "label_replace(hits_total, \"new\", \"$1-x\", \"route\", \"(.*)\")",
    "label_replace(hits_total, \"route\", \"\", \"route\", \"a\")",
    "label_join(req_total, \"new\", \"-\", \"route\", \"code\")",
    "histogram_quantile(0.9, sum by (le, route) (lat_seconds_bucket))",
    "absent(req_total{route=\"zzz\", code=~\"5..\", job=\"j\"})",
    "vector(1)",
    "abs(temp_celsius) > 0",
    "job:req:ratio",
    "job_route:req:rate5m{route=\"a\"}",
]


def _series_text(name, s):
    return name + "{" + ", ".join(f'{k}="{v}"' for k, v in sorted(s.items())) + "}"


@pytest.mark.skipif(shutil.which("promtool") is None, reason="promtool not installed (tools/install-tools.sh)")
def test_evaluator_agrees_with_prometheus(tmp_path):
    """promtool evaluates every case; the evaluator predicts exactly the label sets Prometheus returns."""
    import yaml

    world = world_with_recordings(FIXED_WORLD)
    tests = []
    for expr in CASES:
        result = evaluate(promql.parse(expr), world)
        unique = []
        for s in result:
            if s not in unique:
                unique.append(s)
        tests.append({"expr": f"({expr}) != bool -1.5", "eval_time": "5m",
                      "exp_samples": [{"labels": "{" + ", ".join(f'{k}="{v}"' for k, v in sorted(s.items())) + "}",
                                       "value": 1} for s in unique]})
    rules = {"groups": [{"name": "r", "rules": RECORDINGS}]}
    (tmp_path / "rules.yml").write_text(yaml.safe_dump(rules))
    spec = {"rule_files": ["rules.yml"], "evaluation_interval": "1m", "tests": [{
        "interval": "1m",
        "input_series": [{"series": _series_text(name, s), "values": "1+0x10"}
                         for name, items in FIXED_WORLD.items() for s in items],
        "promql_expr_test": tests}]}
    (tmp_path / "test.yml").write_text(yaml.safe_dump(spec, sort_keys=False))
    proc = subprocess.run(["promtool", "test", "rules", "test.yml"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("expr", CASES)
def test_fixed_cases_within_bounds(expr):
    flow = flows().flow(expr)
    assert flow is not None
    assert_within(expr, FIXED_WORLD, flow.result)


# --- exact results the checks rely on ----------------------------------------------------------

@pytest.mark.parametrize("expr, must, may", [
    ("req_total", {"route", "code", "job", "instance"}, {"route", "code", "job", "instance"}),
    ("sum by (route) (rate(req_total[5m]))", {"route"}, {"route"}),
    ("sum by (route, nope) (req_total)", {"route"}, {"route"}),
    ("sum by (route, nope) (unknown_metric)", set(), {"route", "nope"}),
    ("sum without (code) (req_total)", {"route", "job", "instance"}, {"route", "job", "instance"}),
    ("count_values(\"v\", sum by (route) (req_total))", {"v"}, {"v"}),
    ("count_values by (route) (\"v\", req_total)", {"route", "v"}, {"route", "v"}),
    ("topk(3, req_total)", {"route", "code", "job", "instance"}, {"route", "code", "job", "instance"}),
    ("histogram_quantile(0.9, sum by (le, route) (rate(lat_seconds_bucket[5m])))", {"route"}, {"route"}),
    ("absent(req_total{route=\"a\", code=~\"5..\"})", {"route"}, {"route"}),
    ("vector(1)", set(), set()),
    ("sum(req_total) / on() group_left(route) hits_total", {"route"}, {"route"}),
    ("sum(req_total) / on() group_left(route) unknown_metric", set(), {"route"}),
    ("req_total / on(route) hits_total", {"route"}, {"route"}),
    ("req_total / ignoring(code) hits_total", {"route", "job", "instance"}, {"route", "job", "instance"}),
    ("label_replace(sum by (route) (req_total), \"path\", \"$1\", \"route\", \"(.*)\")", {"route", "path"}, {"route", "path"}),
    ("label_replace(sum by (route) (req_total), \"path\", \"$1\", \"route\", \"/api/(.*)\")", {"route"}, {"route", "path"}),
    ("label_join(sum by (route) (req_total), \"p\", \",\", \"route\")", {"route", "p"}, {"route", "p"}),
    ("up", {"job", "instance"}, {"job", "instance"}),
    ("req_total{code=\"\"}", {"route", "job", "instance"}, {"route", "job", "instance"}),
    ("job_route:req:rate5m", {"job", "route", "tier"}, {"job", "route", "tier"}),
    ("job:req:ratio", {"job"}, {"job"}),
    ("sum by (job) (req_total) or sum by (route) (req_total)", set(), {"job", "route"}),
    ("time()", set(), set()),
])
def test_exact_results(expr, must, may):
    result = flows().flow(expr).result
    assert (set(result.must), set(result.may)) == (must, may)


@pytest.mark.parametrize("expr", [
    "unknown_metric",
    "unknown_metric * on(route) group_left(code) req_total",
    "{__name__=~\"req_.*\"}",
    "ALERTS",
    "label_replace(req_total, \"$dst\", \"x\", \"route\", \".*\")",
    "info(req_total)",
])
def test_unknown_stays_unknown(expr):
    assert flows().flow(expr).result.may is None


def test_no_catalog_knows_only_what_the_expression_says():
    bare = labelflow.Flows(None, labelflow.targets(()), [])
    assert bare.flow("rate(req_total[5m])").result == UNKNOWN  # a recording in another file may lack job
    assert bare.flow("sum by (a, b) (anything)").result == labels((), {"a", "b"})
    assert bare.flow("x{a=\"1\"}").result == labels({"a"}, None)


def test_relabelling_opens_or_extends_target_labels():
    relabel = Artefact("p.yml", "prometheus", {"scrape_configs": [{"job_name": "a", "relabel_configs": [
        {"source_labels": ["__meta_x"], "target_label": "pod"}]}]}, {}, "s")
    assert "pod" in labelflow.Flows(CATALOG, labelflow.targets([relabel])).flow("req_total").result.may
    labelmap = Artefact("p.yml", "prometheus", {"scrape_configs": [{"job_name": "a", "relabel_configs": [
        {"action": "labelmap", "regex": "__meta_(.+)"}]}]}, {}, "s")
    assert labelflow.Flows(CATALOG, labelflow.targets([labelmap])).flow("req_total").result.may is None
    assert labelflow.Flows(CATALOG, labelflow.targets([])).flow("req_total").result.may is None


def test_recording_cycle_is_unknown():
    rules = [{"record": "a:x:y", "expr": "b:x:y"}, {"record": "b:x:y", "expr": "a:x:y"}]
    assert labelflow.Flows(CATALOG, labelflow.targets([PROM]), rules).flow("a:x:y").result.may is None


def test_context_accessor_computes_once():
    dash = Artefact("d.json", "dashboard", {"panels": [{"targets": [{"expr": "sum by (route) (req_total)"}]}]}, {}, "s")
    ctx = Context([dash, PROM], CATALOG)
    first = labelflow.of(ctx)
    assert labelflow.of(ctx) is first
    assert first[("d.json", ("panels", 0, "targets", 0, "expr"))].result == labels({"route"}, {"route"})


# --- hypothesis: random expressions over random series ----------------------------------------------

VALUES = ("a", "b", "", ".*", ".+", "a|b")
OPS = ("=", "!=", "=~", "!~")
NAMES = ("req_total", "hits_total", "temp_celsius", "lat_seconds_bucket", "job_route:req:rate5m", "job:req:ratio")


@st.composite
def selector(draw, rate=False):
    name = draw(st.sampled_from(NAMES))
    matchers = draw(st.lists(st.tuples(st.sampled_from(LABELS), st.sampled_from(OPS), st.sampled_from(VALUES)),
                             max_size=2))
    text = name + "{" + ",".join(f'{l}{o}"{v}"' for l, o, v in matchers) + "}"
    return f"rate({text}[5m])" if rate else text


def label_list(draw):
    return ", ".join(draw(st.lists(st.sampled_from(LABELS), max_size=3, unique=True)))


@st.composite
def vector(draw, depth=0):
    if depth >= 3:
        return draw(selector(rate=draw(st.booleans())))
    kind = draw(st.integers(0, 11))
    inner = lambda: draw(vector(depth + 1))  # noqa: E731
    if kind == 0:
        return draw(selector(rate=draw(st.booleans())))
    if kind == 1:
        clause = draw(st.sampled_from(("by", "without", "")))
        op = draw(st.sampled_from(("sum", "max", "count", "topk", "count_values")))
        grouping = f" {clause} ({label_list(draw)}) " if clause else ""
        if op == "topk":
            return f"topk{grouping}(1, {inner()})"
        if op == "count_values":
            return f"count_values{grouping}(\"{draw(st.sampled_from(LABELS))}\", {inner()})"
        return f"{op}{grouping}({inner()})"
    if kind in (2, 3):
        op = draw(st.sampled_from(("+", "/", ">", "and", "or", "unless")))
        matching = draw(st.sampled_from(("", "on", "ignoring")))
        mod = f" {matching}({label_list(draw)})" if matching else ""
        if matching and op not in ("and", "or", "unless") and draw(st.booleans()):
            mod += f" {draw(st.sampled_from(('group_left', 'group_right')))}({label_list(draw)})"
        return f"({inner()}) {op}{mod} ({inner()})"
    if kind == 4:
        return f"({inner()}) * 2" if draw(st.booleans()) else f"2 > ({inner()})"
    if kind == 5:
        dst, src = draw(st.sampled_from(LABELS)), draw(st.sampled_from(LABELS))
        repl = draw(st.sampled_from(("x", "$1", "${1}-y", "")))
        regex = draw(st.sampled_from(("(.*)", ".*", "a", "(a|b)", "")))
        return f'label_replace({inner()}, "{dst}", "{repl}", "{src}", "{regex}")'
    if kind == 6:
        dst = draw(st.sampled_from(LABELS))
        srcs = draw(st.lists(st.sampled_from(LABELS), min_size=1, max_size=2))
        sep = draw(st.sampled_from(("", "-")))
        return f'label_join({inner()}, "{dst}", "{sep}", ' + ", ".join(f'"{s}"' for s in srcs) + ")"
    if kind == 7:
        return f"histogram_quantile(0.9, {inner()})"
    if kind == 8:
        return f"absent({draw(selector())})"
    if kind == 9:
        return "vector(1)"
    if kind == 10:
        return f"{draw(st.sampled_from(('abs', 'sort', 'clamp_min')))}({inner()}{', 0' if draw(st.booleans()) else ''})"
    return draw(selector())


@st.composite
def world(draw):
    out = {}
    for name in ("req_total", "hits_total", "temp_celsius", "lat_seconds_bucket"):
        items = []
        for _ in range(draw(st.integers(0, 3))):
            items.append({label: draw(st.sampled_from(("a", "b") if label != "le" else ("0.1", "+Inf")))
                          for label in sorted(SERIES[name])})
        out[name] = items
    return out


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(vector(), world())
def test_bounds_hold_for_random_expressions(expr, series):
    try:
        promql.parse(expr)
    except promql.PromQLError:
        return  # e.g. clamp_min(x) without its argument, abs(x, 0): the parser rejects, as Prometheus would
    flow = flows().flow(expr)
    assert_within(expr, series, flow.result)
    # Sides the flow says can never match produce nothing in the evaluator either.
    tree = promql.parse(expr)
    if type(tree) is pp.BinaryExpr and str(tree.op) not in ("or", "unless") and flow.binaries and flow.binaries[-1].text:
        b = flow.binaries[-1]
        if labelflow.never_matches(b.left, b.right, b.matching, b.names):
            assert evaluate(tree, world_with_recordings(series)) == []


@given(st.frozensets(st.sampled_from(LABELS)), st.frozensets(st.sampled_from(LABELS)))
def test_lattice_operations_keep_must_within_may(must, may):
    x = labels(must, may)
    assert x.must <= x.may
    for out in (labelflow.keep(x, {"route"}), labelflow.drop(x, {"route"}), labelflow.either(x, EMPTY),
                labelflow.add(x, {"new"}), labelflow.aggregate(x, "by", ("job",)),
                labelflow.binary("/", x, x, "on", ("job",)), labelflow.copy_from(x, x, ("code",))):
        assert out.may is None or out.must <= out.may
    assert labelflow.either(x, UNKNOWN).may is None


@pytest.mark.parametrize("op, value, expected", [
    ("Equal", "", True), ("Equal", "a", False), ("NotEqual", "", False), ("NotEqual", "a", True),
    ("Re", ".*", True), ("Re", ".+", False), ("Re", "a|", True), ("NotRe", ".+", True), ("NotRe", ".*", False),
    ("Re", "[[:alpha:]]*", None),  # RE2 POSIX class: Python's re would read it differently
    ("Re", "\\pL+", None),  # RE2-only escape
    ("Re", "(", None),
    ("Equal", "grafana-variable", None),  # a dashboard variable: "All" is .*
])
def test_matches_empty(op, value, expected):
    assert labelflow.matches_empty(op, value) is expected
