"""prometheus-rule-files: entries are resolved on disk like Prometheus does; mounted paths are not judged."""

from helpers import fixture
from obsgen.checks.prometheus_rule_files import PrometheusRuleFiles
import cases


def test_a_rule_file_of_any_suffix_and_a_mounted_directory_are_not_mistakes():
    messages = [p.message for p in fixture("rule-files", PrometheusRuleFiles())]
    assert messages == ["rule_files entry 'rules/*.yml' matches no rule file"]


# Cases moved from tests/test_checks.py and tests/test_checks_lint.py (tests/checks/cases.py builders).

def test_prometheus_rule_files():
    assert cases.found(PrometheusRuleFiles(), cases.prom(), cases.rules(cases.alert())) == []
    nested = cases.rules(cases.alert(), path="s/prometheus/rules/extra/g.yml")
    messages = [p.message for p in cases.found(PrometheusRuleFiles(), cases.prom(rule_files=["rules/*.yml", "alerts/*.yml"]), nested)]
    assert "rule_files entry 'alerts/*.yml' matches no rule file" in messages
    assert any("rule file s/prometheus/rules/extra/g.yml is not loaded" in m for m in messages)
    mounted = cases.prom(rule_files=["/etc/prometheus/rules/*.yml"])
    assert cases.found(PrometheusRuleFiles(), mounted, cases.rules(cases.alert())) == []


def test_prometheus_rule_files_listed_one_by_one():
    listed = cases.prom(rule_files=["rules/g.yml", "rules/missing.yml", "/etc/prometheus/rules/h.yml"])
    messages = [p.message for p in cases.found(PrometheusRuleFiles(), listed, cases.rules(cases.alert()), cases.rules(cases.alert(), name="h"),
                                         cases.rules(cases.alert(), name="other"))]
    assert messages == ["rule_files entry 'rules/missing.yml' matches no rule file",
                        "rule file s/prometheus/rules/other.yml is not loaded by any rule_files entry of "
                        "s/prometheus/prometheus.yml"]
