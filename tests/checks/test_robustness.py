"""Every check reads other people's files defensively: any value replaced by null, a string, a number,
a list or an object gives findings or silence, never an exception.

The test holds each check module to account for its own reading; an exception raised inside the
shared Context enumeration (obsgen/checks/base.py, obsgen/querylang.py) is theirs to prevent.
"""

import copy
import os
import traceback

import pytest

from obsgen.artefact import Artefact
from obsgen.checks import CHECKS
from obsgen.checks.base import Context
from obsgen.model.catalog import Catalog, Metric

CATALOG = Catalog([Metric("x_total", "counter", "h", ("job",))])
GOOD = {
    "dashboard": {"uid": "d", "title": "D", "panels": [
        {"type": "row", "title": "R", "gridPos": {"x": 0, "y": 0, "w": 24, "h": 1}, "collapsed": True, "panels": [
            {"type": "timeseries", "title": "In", "gridPos": {"x": 0, "y": 1, "w": 12, "h": 8},
             "targets": [{"refId": "A", "expr": "up", "datasource": {"type": "prometheus", "uid": "${ds}"}}]}]},
        {"type": "graph", "title": "P", "description": "d", "gridPos": {"x": 0, "y": 1, "w": 12, "h": 8},
         "datasource": "$ds", "yaxes": [{"format": "short"}],
         "fieldConfig": {"defaults": {"unit": "s"}, "overrides": [{"properties": [{"id": "unit", "value": "s"}]}]},
         "targets": [{"refId": "A", "expr": "sum by ($g) (rate(x_total{job=~\"$job\"}[5m]))", "legendFormat": "x"},
                     {"refId": "B", "expr": "{job=\"a\"}", "datasource": {"type": "loki", "uid": "$loki"}}]}],
        "templating": {"list": [
            {"name": "ds", "type": "datasource", "query": "prometheus", "current": {"value": "prom"}},
            {"name": "job", "type": "query", "query": "label_values(up, job)", "datasource": "$ds"}]}},
    "rules": {"groups": [{"name": "g", "interval": "30s", "rules": [
        {"alert": "A", "expr": "up == 0", "for": "5m", "labels": {"team": "t", "severity": "critical"},
         "annotations": {"summary": "s", "description": "{{ $labels.job }}", "dashboard_url": "http://g/d/d/slug",
                         "runbook_url": "https://r"}},
        {"record": "job:x:rate5m", "expr": "sum by (job) (rate(x_total[5m]))", "labels": {"a": "b"}}]}]},
    "prometheus": {"global": {"evaluation_interval": "15s", "external_labels": {"env": "p"}},
                   "rule_files": ["rules/*.yml"], "scrape_configs": [{"job_name": "x"}]},
    "alertmanager": {"route": {"receiver": "r", "routes": [{"matchers": ['team="t"'], "receiver": "r",
                                                            "match": {"a": "b"}, "continue": True}]},
                     "receivers": [{"name": "r", "webhook_configs": [{"url": "http://x"}]}],
                     "inhibit_rules": [{"source_matchers": ['severity="critical"'], "target_match": {"severity": "warning"},
                                        "equal": ["job"]}]},
    "datasources": {"apiVersion": 1, "datasources": [
        {"name": "P", "type": "prometheus", "uid": "prom", "jsonData": {"alertmanagerUid": "am"}},
        {"name": "AM", "type": "alertmanager", "uid": "am"}]},
}
PATHS = {"dashboard": "f/grafana/dashboards/d.json", "rules": "f/prometheus/rules/g.yml",
         "prometheus": "f/prometheus/prometheus.yml", "alertmanager": "f/alertmanager/alertmanager.yml",
         "datasources": "f/grafana/provisioning/datasources/ds.yaml"}
ODD = (None, "x", 7, [], {}, True)
# The checks of issue 13's false-alarm work; checks that run an external program are exercised on
# real files elsewhere, and the label-flow checks and rule-templates have tests of their own.
OWNED = {
    "alert-links", "logql-syntax", "promql-syntax", "rule-for", "dashboard-grid", "dashboard-grid-layout",
    "dashboard-rate-interval", "rule-duplicate", "dashboard-panel-meta", "rule-conventions", "rule-names",
    "rule-name-style", "dashboard-variables", "dashboard-datasource", "dashboard-datasource-variable", "dashboard-uid",
    "metric-type", "catalog-metric", "alert-routing", "alert-routing-default", "route-matchers", "route-unused",
    "rule-recorded-used", "prometheus-rule-files", "datasource-alertmanager", "datasource-alertmanager-link",
    "dashboard-datasource-provisioned",
}
CHECKED = [c for c in CHECKS if not c.needs_tools and c.id in OWNED]


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key in value:
            yield from _paths(value[key], path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, path + (index,))


def _with(data, path, odd):
    data = copy.deepcopy(data)
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = copy.deepcopy(odd)
    return data


CASES = [(kind, path) for kind, data in GOOD.items() for path in _paths(data) if path]


def _artefacts(kind=None, data=None):
    return [Artefact(PATHS[k], k, data if k == kind else copy.deepcopy(d), {}, "f") for k, d in GOOD.items()]


def test_the_good_set_is_clean_enough_to_mean_something():
    problems = [p for c in CHECKED for p in c.problems(Context(_artefacts(), CATALOG))]
    assert not [p for p in problems if p.code in ("promql-syntax", "dashboard-grid", "rule-for", "alert-routing")]


@pytest.mark.parametrize("kind,path", CASES, ids=[f"{k}:{'.'.join(map(str, p))}" for k, p in CASES])
def test_no_check_raises_on_an_odd_value(kind, path):
    for odd in ODD:
        artefacts = _artefacts(kind, _with(GOOD[kind], path, odd))
        for check in CHECKED:
            try:
                list(check.problems(Context(artefacts, CATALOG)))
            except Exception as exc:  # noqa: BLE001 - the test is that nothing escapes
                if _raised_in_base(exc):
                    continue
                pytest.fail(f"{check.id} raised {type(exc).__name__}: {exc} with {kind} {path} = {odd!r}")


_CONTEXT = (os.path.join("checks", "base.py"), "querylang.py")


def _raised_in_base(exc) -> bool:
    """Whether the innermost obsgen frame is the shared Context enumeration (base.py, querylang.py)."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f"{os.sep}obsgen{os.sep}" in f.filename]
    return bool(frames) and frames[-1].filename.endswith(_CONTEXT)


@pytest.mark.parametrize("name", ["rules-null", "templating-null", "grid"])
def test_realworld_crash_fixtures_run_every_check(name):
    """`rules:` with no value, `"templating": null`, `"list": null` and a gridPos without x.

    As above, each check answers for its own reading; Context's enumeration (base.py) for its own.
    """
    from obsgen import lint

    unit = lint.read(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                  "fixtures", "realworld", name))
    assert unit.artefacts
    for check in CHECKED:
        try:
            list(check.problems(Context(unit.artefacts, None)))
        except Exception as exc:  # noqa: BLE001
            if not _raised_in_base(exc):
                raise
