"""`obsgen lint` on the formats Grafana and Prometheus users really have, and on files that are odd.

Each test writes a small folder the way a user's repository holds it, plants one
mistake, and checks that lint finds it at the right file:line:column, that odd
input is a finding and never a traceback, and that the exit status and output
formats are what an editor or CI relies on.
"""

from __future__ import annotations

import base64
import json
import textwrap

import pytest
from click.testing import CliRunner

from obsgen import checks as registry
from obsgen.checks.base import Check
from obsgen.cli import cli

PROM_DS = {"type": "prometheus", "uid": "${datasource}"}
DS_VAR = {"name": "datasource", "type": "datasource", "query": "prometheus"}


def lint(*args):
    result = CliRunner().invoke(cli, ["lint", "--no-tools", *map(str, args)])
    return result.exit_code, result.stdout if "--format" in args else result.output


def lint_json(*args):
    code, out = lint(*args, "--format", "json")
    return code, json.loads(out)


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"))
    return path


def codes(data):
    return sorted(p["code"] for p in data["problems"])


# --- Kubernetes manifests -------------------------------------------------------------------------------------

PROMETHEUS_RULE = """
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: api-rules
spec:
  groups:
    - name: api
      rules:
        - alert: ApiDown
          expr: up{job="api"} == 0
        - alert: ApiErrors
          expr: sum(rate(http_requests_total{code=~"5.."}[5m]) > 1
"""


def test_a_promql_typo_in_a_prometheusrule_is_found_at_the_manifests_line(tmp_path):
    write(tmp_path / "k8s" / "rules.yaml", PROMETHEUS_RULE)
    code, data = lint_json(tmp_path / "k8s")
    assert code == 1
    (problem,) = [p for p in data["problems"] if p["code"] == "promql-syntax"]
    # Line 11, column 11: the rule in the manifest (`alert: ApiErrors`), not the start of the file.
    assert problem["file"].endswith("k8s/rules.yaml") and (problem["line_no"], problem["column"]) == (11, 11)
    assert problem["obj"] == "PrometheusRule/api-rules / group 'api' / alert 'ApiErrors'"


def test_configmaps_secrets_and_grafana_dashboards_are_unwrapped_with_positions(tmp_path):
    dashboard = {"title": "D", "templating": {"list": [DS_VAR]}, "panels": [
        {"type": "timeseries", "title": "P", "datasource": PROM_DS, "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
         "targets": [{"refId": "A", "expr": "sum(rate(x_total[5m])"}]}]}
    pretty = json.dumps(dashboard, indent=2)
    am = "route:\n  receiver: a\nreceivers:\n  - name: a\n"
    rules = "groups:\n  - name: g\n    rules:\n      - record: job:x:rate5m\n        expr: rate(x[5m]\n"
    manifest = textwrap.dedent("""
    apiVersion: v1
    kind: List
    items:
      - apiVersion: v1
        kind: ConfigMap
        metadata:
          name: dashboards
          labels: {{grafana_dashboard: "1"}}
        data:
          d.json: |
    {body}
      - apiVersion: v1
        kind: Secret
        metadata:
          name: alertmanager-main
        data:
          alertmanager.yaml: {am}
      - apiVersion: v1
        kind: ConfigMap
        metadata:
          name: rules
        data:
          rules.yml: {rules}
    ---
    apiVersion: grafana.integreatly.org/v1beta1
    kind: GrafanaDashboard
    metadata:
      name: d2
    spec:
      json: {compact}
    """).format(body=textwrap.indent(pretty, " " * 8), am=base64.b64encode(am.encode()).decode(),
                rules=json.dumps(rules), compact=json.dumps(json.dumps(dashboard)))
    path = write(tmp_path / "manifests.yaml", manifest)
    code, data = lint_json(path)
    found = {(p["code"], p["obj"].split(" / ")[0]): p for p in data["problems"]}
    assert code == 1 and data["summary"]["files"] == 1
    in_configmap = found[("promql-syntax", "ConfigMap/dashboards[d.json]")]
    written = path.read_text().splitlines()
    line = written.index(next(l for l in written if '"expr": "sum(rate' in l)) + 1
    assert in_configmap["line_no"] == line  # inside the block scalar: the line of the query itself
    assert ("promql-syntax", "ConfigMap/rules[rules.yml]") in found
    assert ("promql-syntax", "GrafanaDashboard/d2[json.json]") in found
    # The base64 Secret's Alertmanager config was read: it is valid, so nothing about it.
    assert not [p for p in data["problems"] if "Secret" in p["obj"]]


def test_kubernetes_objects_that_hold_no_monitoring_files_are_ignored(tmp_path):
    write(tmp_path / "deploy.yaml", """
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: api}
    spec: {replicas: 2}
    ---
    apiVersion: v1
    kind: ConfigMap
    metadata: {name: settings}
    data:
      LOG_LEVEL: debug
      config.txt: "{not json"
    """)
    code, data = lint_json(tmp_path)
    assert (code, data["problems"], data["summary"]["files"]) == (0, [], 0)


# --- legacy dashboards and datasources -------------------------------------------------------------------------

def test_a_mistake_in_a_legacy_rows_dashboard_is_caught(tmp_path):
    write(tmp_path / "legacy.json", json.dumps({
        "title": "Old", "schemaVersion": 14, "templating": {"list": [DS_VAR]},
        "rows": [{"title": "R", "panels": [
            {"type": "graph", "title": "Ok", "datasource": "$datasource", "targets": [{"expr": "up"}]},
            {"type": "singlestat", "title": "Broken", "datasource": "$datasource",
             "targets": [{"expr": "sum(up"}]}]}]}, indent=1))
    code, data = lint_json(tmp_path)
    (problem,) = [p for p in data["problems"] if p["code"] == "promql-syntax"]
    assert code == 1
    assert problem["obj"] == "dashboard 'Old' / panel 'Broken'" and problem["path"] == "$.rows[0].panels[1].targets[0].expr"


@pytest.mark.parametrize("datasource", ["$loki_datasource", "${loki_datasource}", {"uid": "$loki_datasource"},
                                        {"type": "loki", "uid": "P8E80F9AEF21F6940"}])
def test_logql_behind_a_datasource_variable_is_not_read_as_promql(tmp_path, datasource):
    write(tmp_path / "logs.json", json.dumps({
        "title": "Logs", "templating": {"list": [DS_VAR, {"name": "loki_datasource", "type": "datasource",
                                                           "query": "loki"}]},
        "panels": [{"type": "logs", "title": "Errors", "datasource": datasource, "gridPos": {"x": 0, "y": 0, "w": 24, "h": 8},
                    "targets": [{"refId": "A", "expr": '{job="api"} |= "error" | json'}]}]}))
    from obsgen.checks.base import Context
    from obsgen.lint import read

    (expression,) = list(Context(read(str(tmp_path)).artefacts).expressions())
    assert expression.language == "logql"
    assert "promql-syntax" not in codes(lint_json(tmp_path)[1])


def test_variable_and_annotation_queries_in_every_form_are_checked(tmp_path):
    write(tmp_path / "vars.json", json.dumps({
        "title": "V", "panels": [],
        "templating": {"list": [DS_VAR,
                                {"name": "a", "type": "query", "datasource": "$datasource", "query": "label_values(up{job=\"x\", job)"},
                                {"name": "b", "type": "query", "datasource": PROM_DS,
                                 "query": {"query": "query_result(sum(up)", "refId": "V"}},
                                {"name": "c", "type": "query", "datasource": PROM_DS, "query": "label_values(job)"},
                                {"name": "d", "type": "query", "datasource": {"type": "loki", "uid": "l"},
                                 "query": "label_values({}, job)"}]},
        "annotations": {"list": [{"name": "deploys", "datasource": PROM_DS, "expr": "changes(build_info[5m]"}]}}))
    _code, data = lint_json(tmp_path)
    paths = sorted(p["path"] for p in data["problems"] if p["code"] == "promql-syntax")
    assert paths == ["$.annotations.list[0].expr", "$.templating.list[1].query", "$.templating.list[2].query.query"]


# --- odd input is a finding, never a traceback ----------------------------------------------------------------

@pytest.mark.parametrize("name,text", [
    ("null-rules.yml", "groups:\n  - name: g\n    rules:\n"),
    ("null-groups.yml", "groups:\n"),
    ("odd-types.yml", "groups:\n  - 3\n  - name: g\n    rules: [1, null, {alert: A}]\n"),
    ("null-templating.json", '{"title": "D", "panels": [], "templating": null, "annotations": null}'),
    ("null-list.json", '{"title": "D", "panels": null, "templating": {"list": null}, "rows": null}'),
    ("odd-panels.json", '{"title": "D", "panels": [1, null, {"targets": null}, {"targets": [null, {"expr": null}]}]}'),
    ("empty.yml", ""),
    ("scalar.yml", "just text\n"),
    ("empty-docs.yaml", "---\n---\n"),
    ("odd-refs.json", '{"title": "D", "templating": {"list": 7}, "panels": [{"title": "p", "datasource": {"uid": ["x"]},'
                      ' "targets": 7}, {"title": "q", "targets": [{"expr": "up", "legendFormat": "{{a}}",'
                      ' "datasource": {"uid": ["x"], "type": "prometheus"}}]}]}'),
    ("prometheus.yml", "scrape_configs:\n- job_name: [a]\n"),
    ("alertmanager.yml", "route:\n  receiver: a\nreceivers:\n- name: [a]\n- name: a\n"),
    ("odd-sections.yml", "groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n    labels: x\n    annotations: 5\n"),
])
def test_odd_input_never_crashes_lint(tmp_path, name, text):
    write(tmp_path / name, text)
    result = CliRunner().invoke(cli, ["lint", str(tmp_path), "--format", "json", "--extend-select", "house"])
    data = json.loads(result.stdout)
    assert result.exit_code in (0, 1) and "internal-error" not in codes(data), data


def test_a_file_that_does_not_parse_is_a_finding_at_its_line(tmp_path):
    write(tmp_path / "broken.yml", "groups:\n  - name: g\n    rules: [\n")
    code, data = lint_json(tmp_path)
    (problem,) = data["problems"]
    assert code == 1 and problem["code"] == "lint-read" and problem["line_no"] == 4


class Exploding(Check):
    id = "exploding"
    summary = "a check with a bug"

    def run(self, ctx):
        for art in ctx.of_kind("rules"):
            if "bad" in art.path:
                raise KeyError("x")
            yield from ()
        yield from ()


def test_a_bug_in_a_check_is_one_internal_error_and_the_run_goes_on(tmp_path, monkeypatch):
    write(tmp_path / "bad.yml", "groups:\n  - name: g\n    rules:\n      - record: a:b:c\n        expr: sum(up\n")
    write(tmp_path / "good.yml", "groups:\n  - name: h\n    rules:\n      - record: a:b:d\n        expr: sum(up\n")
    monkeypatch.setattr(registry, "CHECKS", registry.CHECKS + (Exploding(),))
    monkeypatch.setattr("obsgen.lint.CHECKS", registry.CHECKS)
    result = CliRunner().invoke(cli, ["lint", "--no-tools", str(tmp_path), "--format", "json"])
    data = json.loads(result.stdout)
    errors = [p for p in data["problems"] if p["code"] == "internal-error"]
    assert result.exit_code == 3
    assert len(errors) == 1 and errors[0]["file"].endswith("bad.yml") and "check exploding" in errors[0]["message"]
    # Every other check still ran on both files.
    assert sorted(p["file"].rsplit("/", 1)[1] for p in data["problems"] if p["code"] == "promql-syntax") == \
        ["bad.yml", "good.yml"]


# --- profiles and selection -----------------------------------------------------------------------------------

RULE_WITHOUT_CONVENTIONS = "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n"


def _house(tmp_path, *args, config=None):
    write(tmp_path / "rules.yml", RULE_WITHOUT_CONVENTIONS)
    if config is not None:
        write(tmp_path / ".obsgen-lint.yaml", config)
    return {c for c in codes(lint_json(tmp_path, *args)[1])}


def test_house_conventions_are_off_for_other_peoples_folders(tmp_path):
    assert not {c.id for c in registry.CHECKS if c.house} & _house(tmp_path)


def test_a_folder_opts_in_to_house_conventions_in_its_config(tmp_path):
    house = {c.id for c in registry.CHECKS if c.house}
    assert _house(tmp_path, config="extend-select: [house]\n") & house


def test_select_and_ignore_by_id_prefix_and_group(tmp_path):
    write(tmp_path / "rules.yml", "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: sum(up\n")
    assert codes(lint_json(tmp_path, "--select", "promql-")[1]) == ["promql-syntax"]
    assert codes(lint_json(tmp_path, "--ignore", "promql-syntax")[1]) == []
    assert lint(tmp_path, "--select", "no-such-check")[0] == 2


def test_an_unknown_key_in_the_config_is_misuse(tmp_path):
    write(tmp_path / ".obsgen-lint.yaml", "selct: [house]\n")
    code, out = lint(tmp_path)
    assert code == 2 and "unknown keys: selct" in out


# --- output for editors and CI --------------------------------------------------------------------------------

def test_github_annotations_and_sarif_point_at_file_line_and_column(tmp_path):
    write(tmp_path / "k8s" / "rules.yaml", PROMETHEUS_RULE)
    result = CliRunner().invoke(cli, ["lint", "--no-tools", str(tmp_path), "--format", "github"])
    (annotation,) = [l for l in result.stdout.splitlines() if l.startswith("::") and "promql-syntax" in l]
    assert annotation.startswith("::error file=") and ",line=11,col=11,title=promql-syntax%3A " in annotation
    result = CliRunner().invoke(cli, ["lint", "--no-tools", str(tmp_path), "--format", "sarif"])
    log = json.loads(result.stdout)
    (run,) = log["runs"]
    (res,) = [r for r in run["results"] if r["ruleId"] == "promql-syntax"]
    assert log["version"] == "2.1.0" and res["ruleId"] == "promql-syntax" and res["level"] == "error"
    assert res["locations"][0]["physicalLocation"]["region"] == {"startLine": 11, "startColumn": 11}
    assert run["tool"]["driver"]["rules"][res["ruleIndex"]]["id"] == "promql-syntax"


def test_broken_logql_behind_a_datasource_variable_is_caught_by_the_logql_grammar(tmp_path):
    write(tmp_path / "logs.json", json.dumps({
        "title": "Logs", "templating": {"list": [{"name": "loki_datasource", "type": "datasource", "query": "loki"}]},
        "panels": [{"type": "logs", "title": "Errors", "datasource": "$loki_datasource",
                    "gridPos": {"x": 0, "y": 0, "w": 24, "h": 8},
                    "targets": [{"refId": "A", "expr": 'sum(count_over_time({job="api"} |= "error" [5m])'}]}]}))
    result = CliRunner().invoke(cli, ["lint", str(tmp_path), "--format", "json", "--select", "logql-syntax,promql-syntax"])
    (problem,) = json.loads(result.stdout)["problems"]
    assert result.exit_code == 1 and problem["code"] == "logql-syntax" and problem["obj"] == "dashboard 'Logs' / panel 'Errors'"


# --- obsgen's own delivery targets, read back --------------------------------------------------------------------

def _plant_typo(path, old, new):
    text = path.read_text()
    assert text.count(old) >= 1, (path, old)
    path.write_text(text.replace(old, new, 1))
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if new in line)


def test_every_target_is_read_back_and_a_planted_typo_is_found_in_each(built, tmp_path):
    import shutil

    build_dir, _docs = built
    copy = tmp_path / "build"
    shutil.copytree(build_dir / "brainbytes", copy / "brainbytes")
    shutil.copy(build_dir / ".obsgen-manifest.json", copy / ".obsgen-manifest.json")
    # Clean as built: every target folder is its own unit, with the stack's catalog and recordings.
    code, data = lint_json(copy)
    assert code == 0 and not [p for p in data["problems"] if p["severity"] == "error"], data["problems"][:3]
    assert data["summary"]["folders"] == 5
    planted = {}
    for target, pattern in (("grafana-v2", "*.json"), ("mimir", "*.yaml"), ("thanos", "*.yml"), ("kubernetes", "*.yaml")):
        path = sorted(p for p in (copy / "brainbytes" / target).rglob(pattern) if "rate(" in p.read_text()
                      and "alertmanager" not in str(p))[0]
        planted[str(path.relative_to(tmp_path))] = _plant_typo(path, "rate(", "rate((")
    _code, data = lint_json(copy)
    found = {(p["file"].split(str(tmp_path) + "/")[-1], p["line_no"]) for p in data["problems"] if p["code"] == "promql-syntax"}
    for file, line in planted.items():
        assert (file, line) in found, (file, line, sorted(found))
