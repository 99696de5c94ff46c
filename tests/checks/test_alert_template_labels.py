"""alert-template-labels: $labels.x in an alert's templates is a label of its result."""

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
