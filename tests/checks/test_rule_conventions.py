"""rule-conventions (house): severity, team, summary, templated description, runbook URL."""

from obsgen.checks.rule_conventions import RuleConventions

from cases import alert, found, rules


def test_rule_conventions():
    assert found(RuleConventions(), rules(alert())) == []
    bad = alert(labels={"severity": "page", "team": ""}, annotations={"description": "down", "runbook_url": "wiki/x"})
    messages = [p.message for p in found(RuleConventions(), rules(bad))]
    assert any("severity 'page'" in m for m in messages)
    assert any("has no team label" in m for m in messages)
    assert any("description is not templated" in m for m in messages)
    assert any("runbook_url 'wiki/x' is not an http(s) URL" in m for m in messages)
