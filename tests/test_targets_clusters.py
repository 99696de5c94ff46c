"""cluster_label: many clusters from one source, and nothing changes without it."""

from __future__ import annotations

import json
import os
import shutil

import promql_parser as pp
import pytest
import yaml

from conftest import DEFINITION_DIRS, ROOT, obsgen
from obsgen import promql
from obsgen.clusters import keeps, rewrite, series_in

M = 'cluster=~"$cluster"'


@pytest.mark.parametrize("expr, dashboard, rule", [
    ("sum(rate(x[5m]))", 'sum by (cluster) (rate(x{cluster=~"$cluster"}[5m]))', "sum by (cluster) (rate(x[5m]))"),
    ('sum by (job) (rate(x{a="b"}[$__rate_interval]))',
     'sum by (job, cluster) (rate(x{cluster=~"$cluster", a="b"}[$__rate_interval]))',
     'sum by (job, cluster) (rate(x{a="b"}[$__rate_interval]))'),
    ("sum(rate(x[5m])) by (job)", 'sum(rate(x{cluster=~"$cluster"}[5m])) by (job, cluster)',
     "sum(rate(x[5m])) by (job, cluster)"),
    ("sum without (pod) (x)", 'sum without (pod) (x{cluster=~"$cluster"})', "sum without (pod) (x)"),
    ("histogram_quantile(0.95, sum by (le) (rate(x_bucket[5m])))",
     'histogram_quantile(0.95, sum by (le, cluster) (rate(x_bucket{cluster=~"$cluster"}[5m])))',
     "histogram_quantile(0.95, sum by (le, cluster) (rate(x_bucket[5m])))"),
    ("a / on(instance) group_left(nodename) b",
     'a{cluster=~"$cluster"} / on(instance, cluster) group_left(nodename) b{cluster=~"$cluster"}',
     "a / on(instance, cluster) group_left(nodename) b"),
    ("a / ignoring(code) b", 'a{cluster=~"$cluster"} / ignoring(code) b{cluster=~"$cluster"}', "a / ignoring(code) b"),
    # on () against a vector without labels (hour()) stays on (): the label is not there to match.
    ("sum(x) and on() (hour() >= 19)", 'sum by (cluster) (x{cluster=~"$cluster"}) and on() (hour() >= 19)',
     "sum by (cluster) (x) and on() (hour() >= 19)"),
    ("topk(5, x)", 'topk by (cluster) (5, x{cluster=~"$cluster"})', "topk by (cluster) (5, x)"),
    ('x{cluster="a"} offset 5m', 'x{cluster="a"} offset 5m', 'x{cluster="a"} offset 5m'),
    ('rate(x[5m:1m]) > $threshold', 'rate(x{cluster=~"$cluster"}[5m:1m]) > $threshold', "rate(x[5m:1m]) > $threshold"),
    ('{__name__=~"a.*"}', '{cluster=~"$cluster", __name__=~"a.*"}', '{__name__=~"a.*"}'),
    ('label_replace(up, "x", "$1", "job", "(.*)")', 'label_replace(up{cluster=~"$cluster"}, "x", "$1", "job", "(.*)")',
     'label_replace(up, "x", "$1", "job", "(.*)")'),
    ("vector(1)", "vector(1)", "vector(1)"),
])
def test_rewrite(expr, dashboard, rule):
    assert rewrite(expr, "cluster", M) == dashboard
    assert rewrite(expr, "cluster") == rule
    promql.parse(dashboard)
    promql.parse(rule)


@pytest.mark.parametrize("expr, kept", [
    ("sum by (job, cluster) (x)", True),
    ("sum by (job) (x)", False),
    ("sum without (job) (x)", True),
    ("sum without (cluster) (x)", False),
    ("count(x)", False),
    ('absent(up{job="x"})', False),
    ('absent(up{cluster="a"})', True),
    ("vector(1)", False),
    ("rate(x[5m]) > 0", True),
    ("1 - sum by (cluster) (x)", True),
    ("a / on(job, cluster) group_left b", True),
    ("x or vector(0)", False),
    ("histogram_quantile(0.9, sum by (le, cluster) (x))", True),
])
def test_keeps(expr, kept):
    assert keeps(expr, "cluster") is kept


@pytest.mark.parametrize("series, out", [
    ('up{job="a"}', 'up{cluster="east",job="a"}'),
    ("up", 'up{cluster="east"}'),
    ("up{}", 'up{cluster="east"}'),
])
def test_series_in(series, out):
    assert series_in(series, "cluster", "east") == out


def _aggregations_and_selectors(node, aggs, sels):
    if isinstance(node, pp.VectorSelector):
        sels.append(node)
    elif isinstance(node, pp.MatrixSelector):
        sels.append(node.vector_selector)
    elif isinstance(node, pp.AggregateExpr):
        aggs.append(node)
        _aggregations_and_selectors(node.expr, aggs, sels)
    elif isinstance(node, (pp.ParenExpr, pp.UnaryExpr, pp.SubqueryExpr)):
        _aggregations_and_selectors(node.expr, aggs, sels)
    elif isinstance(node, pp.Call):
        for arg in node.args:
            _aggregations_and_selectors(arg, aggs, sels)
    elif isinstance(node, pp.BinaryExpr):
        _aggregations_and_selectors(node.lhs, aggs, sels)
        _aggregations_and_selectors(node.rhs, aggs, sels)


def _by_cluster(agg) -> bool:
    labels = set(agg.modifier.labels) if agg.modifier is not None else set()
    without = agg.modifier is not None and "without" in str(agg.modifier.type).lower()
    return ("cluster" not in labels) if without else ("cluster" in labels)


@pytest.fixture(scope="module")
def multi_cluster(tmp_path_factory):
    """A scratch copy of the project where BrainBytes sets cluster_label="cluster", built."""
    dest = tmp_path_factory.mktemp("clusters")
    for name in DEFINITION_DIRS:
        shutil.copytree(os.path.join(ROOT, name), dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(os.path.join(ROOT, ".obsgen-lint.yaml"), dest / ".obsgen-lint.yaml")
    stack = dest / "stacks" / "brainbytes.py"
    text = stack.read_text()
    assert text.count('    grafana_url="http://localhost:3003",\n') == 1
    stack.write_text(text.replace('    grafana_url="http://localhost:3003",\n',
                                  '    grafana_url="http://localhost:3003",\n    cluster_label="cluster",\n'))
    # Every target the stack declares, as `make build` writes them: `obsgen test` refuses a partial build/.
    obsgen("build", "--stack", "brainbytes", "-j1", cwd=str(dest), check=True)
    return dest / "build" / "brainbytes"


def test_every_target_builds_with_the_cluster_label(multi_cluster, tmp_path):
    from targets_support import ALL_TARGETS

    project = multi_cluster.parent.parent
    args = [a for t in ALL_TARGETS for a in ("--target", t)]
    obsgen("build", "--stack", "brainbytes", "-j1", "--out", str(tmp_path / "b"), "--docs", str(tmp_path / "d"), *args,
           cwd=str(project), check=True)
    rule = yaml.safe_load((tmp_path / "b" / "brainbytes" / "kubernetes" / "prometheusrules" / "brainbytes-http-records.yaml")
                          .read_text())
    assert "cluster" in rule["spec"]["groups"][0]["rules"][0]["expr"]
    v2 = json.loads(next((tmp_path / "b" / "brainbytes" / "grafana-v2").glob("*/*.json")).read_text())
    assert v2["spec"]["variables"][1]["kind"] == "QueryVariable" and v2["spec"]["variables"][1]["spec"]["name"] == "cluster"


def test_every_dashboard_query_selects_and_aggregates_by_cluster(multi_cluster):
    dashboards = sorted((multi_cluster / "grafana" / "dashboards").glob("*/*.json"))
    assert len(dashboards) == 6
    for path in dashboards:
        data = json.loads(path.read_text())
        variables = data["templating"]["list"]
        assert [v["name"] for v in variables][:2] == ["datasource", "cluster"]
        assert variables[1]["query"] == "label_values(up, cluster)"
        for var in variables[2:]:
            assert 'cluster=~"$cluster"' in var["query"], var["query"]
        for panel in data["panels"]:
            for target in panel.get("targets", []):
                aggs, sels = [], []
                _aggregations_and_selectors(promql.parse(target["expr"]), aggs, sels)
                assert all(any(m.name == "cluster" for m in s.matchers.matchers) for s in sels), target["expr"]
                assert all(_by_cluster(a) for a in aggs), target["expr"]


def test_every_rule_aggregates_by_cluster_and_alerts_keep_it(multi_cluster):
    rules = [rule for path in sorted((multi_cluster / "prometheus" / "rules").glob("*.yml"))
             for rule in yaml.safe_load(path.read_text())["groups"][0]["rules"]]
    for rule in rules:
        aggs, _sels = [], []
        _aggregations_and_selectors(promql.parse(rule["expr"]), aggs, _sels)
        assert all(_by_cluster(a) for a in aggs), rule["expr"]
    # Only absence cannot say which cluster: there is no series to carry it.
    assert [r["alert"] for r in rules if "alert" in r and not keeps(r["expr"], "cluster")] == ["ScrapeJobAbsent"]


def test_routing_groups_and_inhibits_per_cluster(multi_cluster):
    config = yaml.safe_load((multi_cluster / "alertmanager" / "alertmanager.yml").read_text())
    assert "cluster" in config["route"]["group_by"]
    assert all("cluster" in rule["equal"] for rule in config["inhibit_rules"])
    catalog = yaml.safe_load((multi_cluster / "catalog.yaml").read_text())
    assert catalog["target_labels"] == ["cluster"]


def test_promtool_tests_feed_two_clusters_and_expect_an_alert_per_cluster(multi_cluster):
    test = yaml.safe_load((multi_cluster / "prometheus" / "tests" / "brainbytes-availability.yml").read_text())
    first = test["tests"][0]
    assert [s["series"].split("cluster=")[1].split(",")[0] for s in first["input_series"]][:2] == ['"east"', '"west"']
    alerts = first["alert_rule_test"][0]["exp_alerts"]
    assert sorted(a["exp_labels"]["cluster"] for a in alerts) == ["east", "west"]


# The done-when: promtool/amtool, lint and smoke (whose series span two clusters) all pass on the multi-cluster
# build. Three tests, so that on several workers they run side by side.
@pytest.mark.slow
@pytest.mark.parametrize("args", [("test", "--stack", "brainbytes"), ("lint", "build/brainbytes"),
                                  ("smoke", "--stack", "brainbytes")], ids=["test", "lint", "smoke"])
def test_multi_cluster_brainbytes_tests_lints_and_smokes_green(multi_cluster, args):
    proc = obsgen(*args, cwd=str(multi_cluster.parent.parent), timeout=300)
    assert proc.returncode == 0, f"obsgen {' '.join(args)}:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    if args[0] != "test":
        assert " 0 errors," in proc.stdout.splitlines()[-1], proc.stdout[-3000:]


def test_smoke_writes_every_series_in_two_clusters_when_the_catalog_names_the_label():
    import io

    from obsgen import smoke
    from obsgen.model.catalog import Catalog, Metric

    metrics = [Metric("app_requests_total", "counter", "Requests.", ("code",))]
    plain, spread = io.StringIO(), io.StringIO()
    one = smoke.synthesize(Catalog(metrics), [("app", "app:80")], 1_800_000_000, False, plain)
    two = smoke.synthesize(Catalog(metrics, target_labels=("cluster",)), [("app", "app:80")], 1_800_000_000, False, spread)
    assert two == 2 * one
    assert 'cluster=' not in plain.getvalue()
    lines = spread.getvalue().splitlines()
    for name in ("up", "app_requests_total"):
        clusters = {l.split('cluster="')[1].split('"')[0] for l in lines if l.startswith(name + "{")}
        assert clusters == {"east", "west"}


REALWORLD = os.path.join(os.path.dirname(ROOT), "shared", "realworld", "mixins")


@pytest.mark.skipif(not os.path.isdir(REALWORLD), reason=f"mixins not found at {REALWORLD} (../shared/realworld)")
def test_rewrite_keeps_every_real_world_expression_valid_promql():
    """Robust on other people's PromQL: every mixin rule and dashboard query that parses still parses after the
    rewrite, and every dashboard query is narrowed to the chosen cluster."""
    import glob

    def expressions():
        for path in sorted(glob.glob(os.path.join(REALWORLD, "*", "*.yaml"))):
            data = yaml.safe_load(open(path)) or {}
            for group in data.get("groups") or []:
                for rule in group.get("rules") or []:
                    if isinstance(rule.get("expr"), str):
                        yield os.path.basename(os.path.dirname(path)), None, rule["expr"]
        for path in sorted(glob.glob(os.path.join(REALWORLD, "*", "dashboards", "*.json"))):
            data = json.load(open(path))
            stack = list(data.get("panels") or []) + [p for r in data.get("rows") or [] for p in r.get("panels") or []]
            while stack:
                panel = stack.pop()
                stack += panel.get("panels") or []
                for target in panel.get("targets") or []:
                    if isinstance(target.get("expr"), str) and target["expr"].strip():
                        yield os.path.basename(os.path.dirname(os.path.dirname(path))), M, target["expr"]

    broken, wide, read = [], [], set()
    for mixin, matcher, expr in expressions():
        try:
            selectors = promql.analyse(expr).selectors
        except promql.PromQLError:
            continue  # already broken: nothing to keep
        read.add(mixin)
        out = rewrite(expr, "cluster", matcher)
        try:
            promql.parse(out)
        except promql.PromQLError:
            broken.append(expr)
        # A dashboard query that selects series is narrowed to the chosen cluster, unless it names one itself.
        if matcher and selectors and matcher not in out and not any(m[0] == "cluster" for s in selectors for m in s.matchers):
            wide.append(expr)
    assert (broken, wide) == ([], [])
    # Every mixin is read, but four whose files hold nothing here: null rule files, and redis's dashboard has no .json suffix.
    assert read == set(os.listdir(REALWORLD)) - {"elasticsearch", "gitea", "promtail", "redis"}


@pytest.mark.parametrize("query, out", [
    ('label_values(up{job=~"$job"}, instance)', 'label_values(up{cluster=~"$cluster", job=~"$job"}, instance)'),
    ("label_values(job)", 'label_values({cluster=~"$cluster"}, job)'),
    ("label_values(cluster)", "label_values(cluster)"),
    ("query_result(topk(5, x))", 'query_result(topk by (cluster) (5, x{cluster=~"$cluster"}))'),
    ("label_values(up{job=a;}, instance)", "label_values(up{job=a;}, instance)"),  # unreadable: left as written
    ("metrics(.*)", "metrics(.*)"),
])
def test_variable_queries_are_narrowed_to_the_cluster(query, out):
    from obsgen.clusters import _variable_query

    assert _variable_query(query, "cluster", M) == out


def test_a_broken_expression_is_left_for_the_syntax_check():
    from obsgen.clusters import _checked

    assert _checked("sum(rate(x[5m]) by", "cluster", M, "here") == "sum(rate(x[5m]) by"
    assert _checked("sum(x) ; y", "cluster", M, "here") == "sum(x) ; y"
