"""promtool-rules: the real `promtool check rules --lint=all --lint-fatal` accepts every rule file (syntax,
duplicates, lint); a finding lands on the rule promtool names. One promtool run judges every row."""

import pytest

from cases import by_file, expect, found, on_disk, says
from obsgen.checks.promtool_rules import PromtoolRules

CHECK = PromtoolRules()


def group(*rules, **extra):
    return {"groups": [{"name": "g", "rules": list(rules), **extra}]}


UP = {"alert": "Down", "expr": "up == 0", "for": "5m"}
RATE = {"record": "job:up:sum", "expr": "sum by (job) (up)"}

FIRES = [
    ("an expression that does not parse", group(UP, {"record": "job:x:sum", "expr": "sum(("}),
     says("could not parse expression", where="$.groups[0].rules[1]", severity="error")),
    ("one recording twice in a group", group(UP, RATE, RATE),
     says("duplicate rule(s) found. | Metric: job:up:sum", where="$.groups[0].rules[2]")),
    ("a misspelt rule field", group({**UP, "anotations": {"summary": "s"}}), "field anotations not found"),
    ("a recording name Prometheus refuses", group({"record": "job-up", "expr": "up"}), "invalid recording rule name"),
]
QUIET = [
    ("an alert and a recording", group(UP, RATE)),
    ("a ruler's own group keys (Mimir, Thanos)", group(UP, source_tenants=["a"], partial_response_strategy="warn")),
]


@pytest.fixture(scope="module")
def judged(tmp_path_factory):
    """Every row's file and what one promtool run says about it."""
    root = tmp_path_factory.mktemp("promtool-rules")
    files = on_disk(root, "prometheus/rules/g.yml", "rules", FIRES + QUIET)
    problems = by_file(found(CHECK, *files.values(), catalog=None, disk_root=str(root)))
    return {name: problems.get(art.path, []) for name, art in files.items()}


@pytest.mark.parametrize("name, want", [pytest.param(n, w, id=n) for n, _d, w in FIRES])
def test_fires(judged, name, want):
    problems = expect(CHECK, judged[name], want)
    assert problems[0].message.startswith("promtool 2.") and " rejected it: " in problems[0].message


@pytest.mark.parametrize("name", [pytest.param(n, id=n) for n, _d in QUIET])
def test_quiet(judged, name):
    assert [p.line() for p in judged[name]] == []
