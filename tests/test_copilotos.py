"""Copilotos Bridge, the second stack: the seed's facts, Loki logs, and proof that its pieces are shared.

Definitions are loaded in-process where a fact is about the definitions; the
real CLI runs where the user-facing behaviour (exit code, one-line error,
promtool and amtool) is the point.
"""

from __future__ import annotations

import re

import pytest
import yaml

from conftest import ROOT, obsgen_in_process as obsgen  # builds in this process: no interpreter start per case
from obsgen.compile.grafana import compile_dashboard
from obsgen.loader import load
from obsgen.rules_lib.http import humanize_duration

SLUGS = ("api-overview", "business", "containers", "logs", "monitoring")


@pytest.fixture(scope="module")
def copilotos():
    (proj,) = load(ROOT, "copilotos")
    return proj


@pytest.fixture(scope="module")
def compiled(copilotos):
    return {dash.slug: compile_dashboard(copilotos.stack, dash).data for dash in copilotos.dashboards}


def _targets(data):
    return [(p, t) for p in data["panels"] if p["type"] != "row" for t in p.get("targets", [])]


def _alert(copilotos, name):
    return next(a for g in copilotos.groups for a in g.alerts if a.name == name)


def test_the_seed_services_retention_and_evaluation_interval(built):
    config = yaml.safe_load((built[0] / "copilotos/prometheus/prometheus.yml").read_text())
    jobs = {j["job_name"]: j for j in config["scrape_configs"]}
    assert set(jobs) == {"copilotos-api", "cadvisor", "prometheus", "loki"}
    api = jobs["copilotos-api"]
    assert (api["static_configs"][0]["targets"], api["metrics_path"], api["scrape_interval"]) == (["api:8001"], "/api/metrics", "10s")
    assert jobs["cadvisor"]["static_configs"][0]["targets"] == ["cadvisor:8080"]
    assert jobs["loki"]["static_configs"][0]["targets"] == ["loki:3100"]
    assert config["global"]["evaluation_interval"] == "30s"
    assert "--storage.tsdb.retention.time=7d" in (built[0] / "copilotos/prometheus/prometheus.flags").read_text()
    sources = yaml.safe_load((built[0] / "copilotos/grafana/provisioning/datasources/datasources.yaml").read_text())
    kinds = {d["type"]: d for d in sources["datasources"]}
    assert set(kinds) == {"prometheus", "loki", "alertmanager"}
    assert [d["type"] for d in sources["datasources"] if d["isDefault"]] == ["prometheus"]


def test_the_api_registry_is_24_copilotos_families_with_the_seed_counter(copilotos):
    api = [m for m in copilotos.stack.catalog if m.exporter == "copilotos-api"]
    assert len(api) == 24 and all(m.name.startswith("copilotos_") for m in api)
    assert {m.type for m in api} == {"counter", "gauge", "histogram"}
    assert copilotos.stack.catalog["copilotos_requests_total"].type == "counter"
    # The seed's cAdvisor metrics, and Prometheus' real scrape-time series instead of the seed's invented one.
    for name in ("container_cpu_usage_seconds_total", "container_memory_usage_bytes",
                 "container_network_receive_bytes_total", "container_fs_reads_bytes_total",
                 "prometheus_tsdb_head_series", "prometheus_tsdb_storage_blocks_bytes"):
        assert name in copilotos.stack.catalog
    assert "prometheus_target_scrape_duration_seconds" not in copilotos.stack.catalog


def test_five_dashboards_and_the_seed_query_on_api_overview(compiled):
    assert tuple(compiled) == SLUGS
    exprs = {p["title"]: t["expr"] for p, t in _targets(compiled["api-overview"])}
    assert exprs["API request rate"] == ('sum by (endpoint, method) (rate(copilotos_requests_total{job=~"$job", '
                                         'instance=~"$instance"}[$__rate_interval]))')
    assert sorted(p["title"] for p in compiled["api-overview"]["panels"]) == [
        "5xx ratio", "API error ratio", "API latency", "API request rate", "By endpoint and method", "Errors by type",
        "In flight", "In flight by endpoint", "Now", "Payloads", "Request rate", "Request size", "Response size",
        "Responses by status", "Status codes and errors", "p95 latency"]


def test_container_queries_are_limited_to_the_compose_project(compiled):
    for panel, target in _targets(compiled["containers"]):
        assert 'container_label_com_docker_compose_project="copilotos-bridge"' in target["expr"], panel["title"]


def test_logs_dashboard_queries_loki_with_service_and_container_variables(compiled):
    data = compiled["logs"]
    variables = {v["name"]: v for v in data["templating"]["list"]}
    assert variables["loki"]["type"] == "datasource" and variables["loki"]["current"]["value"] == "copilotos-loki"
    for name in ("service", "container"):
        var = variables[name]
        assert var["datasource"] == {"type": "loki", "uid": "${loki}"}
        # Loki refuses a stream selector whose every matcher matches "", which ".*" would make.
        assert var["allValue"] == ".+"
    targets = _targets(data)
    assert targets and all(t["datasource"] == {"type": "loki", "uid": "${loki}"} for _p, t in targets)
    logs_panels = {p["title"]: t["expr"] for p, t in targets if p["type"] == "logs"}
    assert logs_panels["API errors"] == '{service="api", container=~"$container"} |= "error"'
    volume = next(t["expr"] for p, t in targets if p["title"] == "Log volume by service and level")
    assert volume.startswith("sum by (service, level) (count_over_time(") and "[$__auto]" in volume


def test_the_seed_alert_and_its_panel_line_share_the_stack_threshold(copilotos, compiled):
    limit = copilotos.stack.threshold("api_error_ratio")
    alert = _alert(copilotos, "CopilotosApiHighErrorRatio")
    assert alert.for_ == "5m" and alert.severity == "critical" and alert.team == "api"
    assert alert.expr.endswith(f"> {limit}") and 'status=~"5.."' in alert.expr
    # The alert names the dashboard by slug; the compiler makes the uid and URL.
    assert alert.dashboard == "api-overview"
    from obsgen.compile.prometheus import alert_annotations
    url = alert_annotations(copilotos.stack, alert)["dashboard_url"]
    assert url == f"{copilotos.stack.grafana_url.rstrip('/')}/d/copilotos-api-overview"
    lines = [step["value"] for p in compiled["api-overview"]["panels"] if p["title"] in ("5xx ratio", "API error ratio")
             for step in p["fieldConfig"]["defaults"]["thresholds"]["steps"] if step["value"] is not None]
    assert lines == [limit.value, limit.value]


def test_every_issue_alert_exists(copilotos):
    # That each has a firing and a quiet case and a runbook, the loader and the build hold.
    assert sorted(a.name for g in copilotos.groups for a in g.alerts) == [
        "CadvisorDown", "ContainerMemoryNearLimit", "ContainerRestarting", "CopilotosApiDown",
        "CopilotosApiHighErrorRatio", "CopilotosApiHighLatency", "CopilotosToolFailures", "LokiDown", "LokiRequestErrors",
        "PrometheusConfigReloadFailed", "PrometheusDown", "PrometheusMissedRuleEvaluations",
        "PrometheusNotConnectedToAlertmanagers", "PrometheusNotificationErrors", "PrometheusRuleEvaluationFailures",
        "PrometheusScrapeSampleLimitHit", "PrometheusTsdbCompactionsFailing", "PrometheusTsdbReloadsFailing",
        "PrometheusTsdbTruncationsFailing", "PrometheusTsdbWalCorruptions", "ScrapeJobAbsent", "TargetScrapesFailing",
        "Watchdog"]


def _break(project_dir, path, old, new):
    file = project_dir / path
    text = file.read_text()
    assert text.count(old) == 1, f"{old!r} not found once in {path}"
    file.write_text(text.replace(old, new))
    return text[: text.index(old)].count("\n") + 1


def test_a_broken_logql_query_fails_the_build_with_one_line_naming_the_panel(project, tmp_path):
    # An unquoted line filter: `|= error` is not LogQL. The error names the line that wrote the query.
    line = _break(project, "dashboards/copilotos/logs.py", """} |= "error"')""", """} |= error')""")
    proc = obsgen("build", "--stack", "copilotos", "--out", str(tmp_path / "build"), "--docs", str(tmp_path / "docs"),
                  cwd=project)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    lines = [text for text in proc.stderr.splitlines() if text.strip()]
    assert len(lines) == 1, proc.stderr  # one line, no traceback
    assert lines[0].startswith(f"error[logql-syntax] copilotos: dashboard 'Copilotos / Logs' / panel 'API errors' "
                               f"(dashboards/copilotos/logs.py:{line}): LogQL does not parse"), lines[0]
    assert not (tmp_path / "build" / "copilotos").exists()


def test_a_broken_loki_variable_query_is_checked_as_logql(project, tmp_path):
    _break(project, "dashboards/copilotos/logs.py", """'label_values({service=~"$service"}, container)'""",
           """'label_values({service=~"$service"}}, container)'""")
    proc = obsgen("build", "--stack", "copilotos", "--out", str(tmp_path / "build"), "--docs", str(tmp_path / "docs"),
                  cwd=project)
    assert proc.returncode == 1
    assert re.search(r"error\[logql-syntax\] copilotos: dashboard 'Copilotos / Logs' / variable 'container' "
                     r"\(dashboards/copilotos/logs\.py:\d+\): LogQL does not parse", proc.stderr), proc.stderr


@pytest.mark.parametrize("seconds, text", [(3.5, "3.5s"), (2.125, "2.125s"), (90, "1m 30s"), (3725, "1h 2m 5s")])
def test_latency_test_values_are_rendered_as_prometheus_humanizes_them(seconds, text):
    assert humanize_duration(seconds) == text
