"""rule-names keeps what Prometheus refuses; rule-name-style (house) the naming convention."""

import pytest

from helpers import alert, rules, run
from obsgen.checks.rule_name_style import RuleNameStyle
from obsgen.checks.rule_names import RuleNames
import cases


@pytest.mark.parametrize("rule,names,style", [
    ({"record": "job:http_requests:rate5m", "expr": "x"}, False, False),
    ({"record": "instance:mysql_slave_lag_seconds", "expr": "x"}, False, True),  # mysql-mixin: valid, not house style
    ({"record": "http-errors", "expr": "x"}, True, True),
    ({"record": "", "expr": "x"}, True, True),
    (alert("etcdNoLeader"), False, True),  # etcd's own style
    (alert("backend-down"), False, True),
    (alert(""), True, True),
    (alert("BackendDown"), False, False),
])
def test_cases(rule, names, style):
    assert bool(run(RuleNames(), rules(rule))) == names
    assert bool(run(RuleNameStyle(), rules(rule))) == style
    assert RuleNameStyle.house and not RuleNames.house


# Cases moved from tests/test_checks.py and tests/test_checks_lint.py (tests/checks/cases.py builders).

def test_rule_names():
    assert cases.found(RuleNames(), cases.rules(cases.alert("app_down"), {"record": "app_rate", "expr": "x"})) == []
    [problem] = cases.found(RuleNames(), cases.rules({"record": "app-rate", "expr": "x"}))
    assert "not a valid metric name" in problem.message
