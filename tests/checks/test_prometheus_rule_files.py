"""prometheus-rule-files: every rule_files entry matches a rule file and every rule file is loaded by one,
resolved as Prometheus resolves them; paths mounted elsewhere (absolute) are not judged."""

from cases import alert, fixture, prom, rules, says, table_tests
from obsgen.checks.prometheus_rule_files import PrometheusRuleFiles

CHECK = PrometheusRuleFiles()

FIRES = [
    ("an entry matching nothing and a file no entry loads",
     (prom(rule_files=["rules/*.yml", "alerts/*.yml"]), rules(alert(), path="s/prometheus/rules/extra/g.yml")),
     says("rule_files entry 'rules/*.yml' matches no rule file", "rule_files entry 'alerts/*.yml' matches no rule file",
          "rule file s/prometheus/rules/extra/g.yml is not loaded")),
    ("files listed one by one",
     (prom(rule_files=["rules/g.yml", "rules/missing.yml", "/etc/prometheus/rules/h.yml"]),
      rules(alert()), rules(alert(), name="h"), rules(alert(), name="other")),
     says("rule_files entry 'rules/missing.yml' matches no rule file",
          "rule file s/prometheus/rules/other.yml is not loaded by any rule_files entry of s/prometheus/prometheus.yml")),
]
QUIET = [
    ("a glob loading the rule file", (prom(), rules(alert()))),
    ("a mounted path is not judged", (prom(rule_files=["/etc/prometheus/rules/*.yml"]), rules(alert()))),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)


def test_a_rule_file_of_any_suffix_and_a_mounted_directory_are_not_mistakes():
    messages = [p.message for p in fixture("rule-files", CHECK)]
    assert messages == ["rule_files entry 'rules/*.yml' matches no rule file"]
