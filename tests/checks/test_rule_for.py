"""rule-for: only durations Prometheus refuses are mistakes."""

import pytest

from helpers import alert, fixture, rules, run
from obsgen.checks.rule_for import RuleFor
import cases


@pytest.mark.parametrize("key,value", [
    ("for", 5), ("for", "5"), ("for", "5 minutes"), ("for", "30m1h"), ("for", ""), ("for", 1.5),
    ("keep_firing_for", "10"), ("for", True),
])
def test_fires(key, value):
    [problem] = run(RuleFor(), rules(alert(**{key: value})))
    assert "is not a Prometheus duration" in problem.message and problem.where.endswith(f".{key}")


@pytest.mark.parametrize("value", [0, "0", "0s", "10s", "1h30m", "25h", "2w", "1y", "500ms", None])
def test_quiet(value):
    assert run(RuleFor(), rules(alert(**{"for": value}), interval="1m")) == []


def test_the_realworld_fixture_reports_only_the_missing_unit():
    [problem] = fixture("rule-for", RuleFor())
    assert problem.obj == "group 'for' / alert 'NoUnit'" and "for 5 is not a Prometheus duration" in problem.message


# Cases moved from tests/test_checks.py and tests/test_checks_lint.py (tests/checks/cases.py builders).

def test_rule_for():
    # A `for` shorter than the evaluation interval still waits one evaluation, and a long one can be deliberate:
    # only what Prometheus refuses to load is a mistake.
    assert cases.found(RuleFor(), cases.rules(cases.alert()), cases.prom()) == []
    assert cases.found(RuleFor(), cases.rules(cases.alert(**{"for": "10s"})), cases.prom()) == []
    assert cases.found(RuleFor(), cases.rules(cases.alert(**{"for": "2d"}))) == []
    assert "is not a Prometheus duration" in cases.found(RuleFor(), cases.rules(cases.alert(**{"for": "5"})))[0].message
