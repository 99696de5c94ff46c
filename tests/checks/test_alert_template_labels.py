"""alert-template-labels: $labels.x in an alert's annotations and labels is a label of its result (not a static
label, which Prometheus leaves out of $labels)."""

import shutil
import subprocess

import pytest

from cases import CATALOG, bare, given, prom, rules, says, table_tests
from obsgen.artefact import Artefact
from obsgen.checks.alert_template_labels import AlertTemplateLabels, references
from obsgen.checks.base import Context

CHECK = AlertTemplateLabels()
PROM = prom(scrape_configs=[{"job_name": "app"}])
RATIO = "sum by (job) (rate(app_requests_total{code=~\"5..\"}[5m])) / sum by (job) (rate(app_requests_total[5m])) > 0.1"
DESCRIPTION = ".annotations.description"


def templated(expr, description, labels=None, catalog=CATALOG, extra=(PROM,)):
    """Alert A on `expr` whose description is `description`, beside prometheus.yml unless `extra` says otherwise."""
    rule = bare("A", expr, labels=labels or {"severity": "critical"}, annotations={"description": description})
    return given(rules(rule), *extra, catalog=catalog)


FIRES = [
    ("a label the result does not carry", templated(RATIO, "{{ $labels.route }} fails"), says(
        "annotation 'description': $labels.route is not a label of the alert's result (it carries job)", where=DESCRIPTION)),
    (".Labels", templated(RATIO, "{{ .Labels.instance }}"), says(
        "annotation 'description': $labels.instance is not a label of the alert's result (it carries job)",
        where=DESCRIPTION)),
    ("index $labels", templated(RATIO, '{{ index $labels "code" }}'), says(
        "annotation 'description': $labels.code is not a label of the alert's result (it carries job)", where=DESCRIPTION)),
    ("a static label", templated(RATIO, "{{ $labels.severity }} on {{ $labels.job }}"), says(
        "annotation 'description': $labels.severity is a static label of the alert, not of its result; Prometheus "
        "fills $labels from the result only, so it renders empty (the result carries job)", where=DESCRIPTION)),
    ("alertname", templated("sum(rate(anything[5m])) > 1", "{{ $labels.alertname }}"), says(
        "annotation 'description': $labels.alertname is a static label of the alert, not of its result; Prometheus "
        "fills $labels from the result only, so it renders empty (the result carries no labels)", where=DESCRIPTION)),
    ("in a label's value", templated(RATIO, "ok", {"severity": "critical", "owner": "{{ $labels.route }}"}), says(
        "label 'owner': $labels.route is not a label of the alert's result (it carries job)", where=".labels.owner")),
]
QUIET = [
    ("carried labels and $value", templated(RATIO, "{{ $labels.job }} at {{ $value | humanizePercentage }}")),
    ("a raw series carries its labels", templated("app_requests_total > 1",
                                                  "{{ $labels.route }} {{ $labels.code }} {{ $labels.instance }}")),
    ("an unknown metric: say nothing", templated("unknown_metric > 1", "{{ $labels.anything }}")),
    ("no prometheus.yml: relabelling may add pod", templated("rate(app_requests_total[5m]) > 1", "{{ $labels.pod }}",
                                                              extra=())),
    ("no catalog", templated("rate(app_requests_total[5m]) > 1", "{{ $labels.route }}", catalog=None)),
    ("the dot is a query result inside range query",
     templated(RATIO, '{{ range query "up" }}{{ .Labels.instance }}{{ end }}')),
    ("external labels, and $labels outside an action",
     templated(RATIO, "{{ $externalLabels.cluster }} $labels.route outside an action")),
    ("does not parse: promql-syntax says so", templated("sum by (job) (rate(app_requests_total[5m]) > 1", "{{ $labels.x }}")),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)


def test_references():
    text = '{{ $labels.a }} {{ .Labels.b }} {{ index $labels "c" }} {{ $x.Labels.d }} {{ $labels.a }}'
    assert references(text) == ["a", "b", "c"]


def test_odd_rules_are_ignored():
    rules = Artefact("s/rules.yml", "rules", {"groups": [{"name": "g", "rules": [
        {"alert": "A", "expr": "sum(x) > 1", "labels": None, "annotations": "text"},
        {"alert": "B", "expr": "sum(x) > 1", "annotations": {1: None}}]}]}, {}, "s")
    assert list(AlertTemplateLabels().run(Context([rules], CATALOG))) == []


@pytest.mark.skipif(shutil.which("promtool") is None, reason="promtool not installed (tools/install-tools.sh)")
def test_prometheus_renders_static_labels_and_alertname_empty_in_labels(tmp_path):
    """The rule the check enforces, shown by Prometheus itself: $labels holds the result's labels only."""
    (tmp_path / "rules.yml").write_text(
        "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n    labels:\n      severity: critical\n"
        "    annotations:\n      d: 'sev=[{{ $labels.severity }}] name=[{{ $labels.alertname }}] job=[{{ $labels.job }}]'\n")
    (tmp_path / "test.yml").write_text(
        "rule_files: [rules.yml]\nevaluation_interval: 1m\ntests:\n- interval: 1m\n  input_series:\n"
        "  - series: 'up{job=\"x\", instance=\"i\"}'\n    values: '0x5'\n  alert_rule_test:\n  - eval_time: 2m\n"
        "    alertname: A\n    exp_alerts:\n    - exp_labels: {severity: critical, job: x, instance: i}\n"
        "      exp_annotations: {d: 'sev=[] name=[] job=[x]'}\n")
    proc = subprocess.run(["promtool", "test", "rules", "test.yml"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    rules = Artefact("s/rules.yml", "rules", {"groups": [{"name": "g", "rules": [
        {"alert": "A", "expr": "up == 0", "labels": {"severity": "critical"},
         "annotations": {"d": "sev=[{{ $labels.severity }}] name=[{{ $labels.alertname }}] job=[{{ $labels.job }}]"}}]}]},
        {}, "s")
    found = [f.message for f in AlertTemplateLabels().run(Context([rules, PROM], CATALOG))]
    assert [m.split(":")[1].strip().split(" ")[0] for m in found] == ["$labels.severity", "$labels.alertname"]
