"""rule-duplicate: a warning/critical pair is two alerts; the same alert pasted twice is a duplicate."""

import pytest

from helpers import alert, fixture, rules, run
from obsgen.checks.rule_duplicate import RuleDuplicate
import cases

CRIT = {"severity": "critical"}


@pytest.mark.parametrize("items,fires", [
    ([alert(labels=CRIT), alert(labels=CRIT)], True),
    ([alert(expr="up==0", labels=CRIT), alert(expr="up == 0", labels=CRIT)], True),  # same after normalising
    ([alert(labels={"severity": "warning"}), alert(labels=CRIT)], False),
    ([alert(expr="x > 1", labels=CRIT), alert(expr="x > 2", labels=CRIT)], False),
    ([{"record": "job:x:rate5m", "expr": "a"}, {"record": "job:x:rate5m", "expr": "b"}], True),
    ([{"record": "job:x:rate5m", "expr": "a", "labels": {"l": "1"}},
      {"record": "job:x:rate5m", "expr": "b", "labels": {"l": "2"}}], False),
    ([alert(labels=["odd"]), alert(labels=None)], True),  # odd labels read as none, never a crash
])
def test_cases(items, fires):
    assert bool(run(RuleDuplicate(), rules(*items))) == fires


def test_the_realworld_fixture_reports_only_the_pasted_copy():
    [problem] = fixture("rule-duplicate", RuleDuplicate())
    assert problem.where.endswith("rule-duplicate/alerts.yaml:12:9")  # the pasted copy in group disk-copy
    assert "alert 'DiskFillingUp' is already defined in group 'disk' (same expression and labels)" in problem.message


# Cases moved from tests/test_checks.py and tests/test_checks_lint.py (tests/checks/cases.py builders).

def test_rule_duplicate_check():
    alert = {"alert": "A", "expr": "up == 0"}
    assert cases.found(RuleDuplicate(), cases.rules(alert, {"alert": "B", "expr": "up == 0"})) == []
    [problem] = cases.found(RuleDuplicate(), cases.rules(alert), cases.rules(alert, name="h"))
    assert "alert 'A' is already defined in group 'g'" in problem.message


def test_rule_duplicate_catches_one_expression_recorded_twice():
    a = {"record": "job:app_requests:rate5m", "expr": "sum by (job) (rate(app_requests_total[5m]))"}
    b = {"record": "job:app_requests_total:rate5m", "expr": "sum by(job)(rate(app_requests_total[5m]))"}
    [problem] = cases.found(RuleDuplicate(), cases.rules(a, b))
    assert "same expression as 'job:app_requests:rate5m'" in problem.message
