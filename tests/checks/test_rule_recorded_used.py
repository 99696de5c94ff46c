"""rule-recorded-used: every recording rule is read by something."""

from obsgen.checks.rule_recorded_used import RuleRecordedUsed

from cases import alert, dash, found, panel, rules


def test_rule_recorded_used():
    record = {"record": "job:app_requests:rate5m", "expr": "sum by (job) (rate(app_requests_total[5m]))"}
    assert found(RuleRecordedUsed(), rules(record, alert(expr="job:app_requests:rate5m > 1"))) == []
    [problem] = found(RuleRecordedUsed(), rules(record, alert()), dash(panel()))
    assert problem.obj == "group 'g' / recording 'job:app_requests:rate5m'" and problem.severity == "warning"
    # Rules alone: their series may feed dashboards provisioned elsewhere.
    assert found(RuleRecordedUsed(), rules(record, alert())) == []
