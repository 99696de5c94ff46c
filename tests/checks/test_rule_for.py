"""rule-for: only durations Prometheus refuses are mistakes."""

import pytest

from helpers import alert, fixture, rules, run
from obsgen.checks.rule_for import RuleFor


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
