"""prometheus-rule-files: entries are resolved on disk like Prometheus does; mounted paths are not judged."""

from helpers import fixture
from obsgen.checks.prometheus_rule_files import PrometheusRuleFiles


def test_a_rule_file_of_any_suffix_and_a_mounted_directory_are_not_mistakes():
    messages = [p.message for p in fixture("rule-files", PrometheusRuleFiles())]
    assert messages == ["rule_files entry 'rules/*.yml' matches no rule file"]
