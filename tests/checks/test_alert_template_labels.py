"""alert-template-labels: $labels.x in an alert's templates is a label of its result."""

import shutil
import subprocess

import pytest

from obsgen.artefact import Artefact
from obsgen.checks.alert_template_labels import AlertTemplateLabels, references
from obsgen.checks.base import Context
from obsgen.model.catalog import Catalog, Metric

CATALOG = Catalog([Metric("app_requests_total", "counter", "h", ("route", "code"))])
PROM = Artefact("s/prometheus/prometheus.yml", "prometheus", {"scrape_configs": [{"job_name": "app"}]}, {}, "s")
RATIO = "sum by (job) (rate(app_requests_total{code=~\"5..\"}[5m])) / sum by (job) (rate(app_requests_total[5m])) > 0.1"


def findings(expr, description, labels=None, catalog=CATALOG, extra=(PROM,)):
    rule = {"alert": "A", "expr": expr, "labels": labels or {"severity": "critical"},
            "annotations": {"description": description}}
    rules = Artefact("s/rules.yml", "rules", {"groups": [{"name": "g", "rules": [rule]}]}, {}, "s")
    return [(f.path[-2:], f.message) for f in AlertTemplateLabels().run(Context([rules, *extra], catalog))]


@pytest.mark.parametrize("expr, text, labels, expected", [
    (RATIO, "{{ $labels.route }} fails", None,
     [(("annotations", "description"), "annotation 'description': $labels.route is not a label of the alert's result (it carries job)")]),
    (RATIO, "{{ .Labels.instance }}", None,
     [(("annotations", "description"), "annotation 'description': $labels.instance is not a label of the alert's result (it carries job)")]),
    (RATIO, '{{ index $labels "code" }}', None,
     [(("annotations", "description"), "annotation 'description': $labels.code is not a label of the alert's result (it carries job)")]),
    (RATIO, "{{ $labels.severity }} on {{ $labels.job }}", None,
     [(("annotations", "description"), "annotation 'description': $labels.severity is a static label of the alert, not of "
       "its result; Prometheus fills $labels from the result only, so it renders empty (the result carries job)")]),
    ("sum(rate(anything[5m])) > 1", "{{ $labels.alertname }}", None,
     [(("annotations", "description"), "annotation 'description': $labels.alertname is a static label of the alert, not "
       "of its result; Prometheus fills $labels from the result only, so it renders empty (the result carries no labels)")]),
    (RATIO, "ok", {"severity": "critical", "owner": "{{ $labels.route }}"},
     [(("labels", "owner"), "label 'owner': $labels.route is not a label of the alert's result (it carries job)")]),
])
def test_fires(expr, text, labels, expected):
    assert findings(expr, text, labels) == expected


@pytest.mark.parametrize("expr, text, kwargs", [
    (RATIO, "{{ $labels.job }} at {{ $value | humanizePercentage }}", {}),
    ("app_requests_total > 1", "{{ $labels.route }} {{ $labels.code }} {{ $labels.instance }}", {}),
    ("unknown_metric > 1", "{{ $labels.anything }}", {}),  # unknown: say nothing
    ("rate(app_requests_total[5m]) > 1", "{{ $labels.pod }}", {"extra": ()}),  # no prometheus.yml: relabelling may add pod
    ("rate(app_requests_total[5m]) > 1", "{{ $labels.route }}", {"catalog": None}),
    (RATIO, '{{ range query "up" }}{{ .Labels.instance }}{{ end }}', {}),  # the dot is a query result there
    (RATIO, "{{ $externalLabels.cluster }} $labels.route outside an action", {}),
    ("sum by (job) (rate(app_requests_total[5m]) > 1", "{{ $labels.x }}", {}),  # does not parse: promql-syntax says so
])
def test_quiet(expr, text, kwargs):
    assert findings(expr, text, **kwargs) == []


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
