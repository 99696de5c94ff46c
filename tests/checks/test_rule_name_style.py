"""rule-name-style (house): level:metric:operations records, CamelCase alerts of at most 40 characters."""

from obsgen.checks.rule_name_style import RuleNameStyle

from cases import alert, found, rules


def test_rule_name_style():
    # The naming style is the house check rule-name-style; rule-names keeps what Prometheus refuses.
    assert found(RuleNameStyle(), rules(alert(), {"record": "job:app_requests:rate5m", "expr": "x"})) == []
    problems = found(RuleNameStyle(), rules(alert("app_down"), {"record": "app_rate", "expr": "x"}))
    assert [p.obj for p in problems] == ["group 'g' / alert 'app_down'", "group 'g' / recording 'app_rate'"]
    assert found(RuleNameStyle(), rules(alert("A" * 40))) == []
    [long] = found(RuleNameStyle(), rules(alert("A" * 41)))
    assert long.message == f"alert name {'A' * 41!r} is longer than 40 characters"
