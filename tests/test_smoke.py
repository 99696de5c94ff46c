"""`obsgen smoke`: synthetic series are well-formed, and the live run catches dead queries and wrong alerts."""

import io
import json
import os
import re

import yaml

from conftest import obsgen
from obsgen import smoke
from obsgen.model.catalog import Catalog, Metric

# Route values come from the catalog's examples: smoke knows no system's routes.
ROUTES = {"route": ("/api/questions", "/api/auth/login")}
CATALOG = Catalog([
    Metric("app_requests_total", "counter", "Requests.", ("route", "status_code"), examples=ROUTES),
    Metric("app_duration_seconds", "histogram", "Latency.", ("route",), "seconds", examples=ROUTES),
    Metric("app_sessions_active", "gauge", "Sessions."),
], )
TARGETS = [("api", "api:8080"), ("worker", "worker:9000")]


def _samples(fault=False, bounds=()):
    out = io.StringIO()
    smoke.synthesize(CATALOG, TARGETS, 1_700_000_000, fault, out, bounds)
    series = {}
    for line in out.getvalue().splitlines():
        if line.startswith("#"):
            continue
        name_labels, value, ts = line.rsplit(" ", 2)
        series.setdefault(name_labels, []).append((int(ts), float(value)))
    return out.getvalue(), series


def test_openmetrics_ends_with_eof_and_uses_second_timestamps():
    text, series = _samples()
    assert text.endswith("# EOF\n")
    first = next(iter(series.values()))
    assert first[0][0] == 1_700_000_000 - smoke.WINDOW and first[1][0] - first[0][0] == smoke.STEP


def test_counters_only_grow_and_every_scrape_job_appears():
    _text, series = _samples(fault=True)
    for name, points in series.items():
        if name.startswith(("app_requests_total", "app_duration_seconds_")):
            values = [v for _t, v in points]
            assert values == sorted(values), name
    jobs = {re.search(r'job="([^"]+)"', n).group(1) for n in series}
    assert jobs == {"api", "worker"}
    assert any('status_code="500"' in n for n in series) and any('status_code="200"' in n for n in series)


def test_histogram_buckets_are_cumulative_and_match_count_and_query_bounds():
    _text, series = _samples(bounds={2.0})
    labels = 'instance="api:8080",job="api",route="/api/questions"'
    buckets = {re.search(r'le="([^"]+)"', n).group(1): pts[-1][1] for n, pts in series.items()
               if n.startswith("app_duration_seconds_bucket") and re.sub(r',le="[^"]+"', "", n).endswith(f"{{{labels}}}")}
    assert "2" in buckets and "+Inf" in buckets and "0.5" in buckets
    ordered = [buckets[k] for k in sorted(buckets, key=lambda b: float(b))]
    assert ordered == sorted(ordered)
    count = series[f"app_duration_seconds_count{{{labels}}}"][-1][1]
    assert abs(buckets["+Inf"] - count) < 1e-6


def test_fault_scenario_raises_errors_and_latency():
    def increase(series, key):
        return series[key][-1][1] - series[key][0][1]
    _t, healthy = _samples()
    _t, fault = _samples(fault=True)
    key = 'app_requests_total{instance="api:8080",job="api",route="/api/questions",status_code="500"}'
    assert increase(fault, key) > 10 * increase(healthy, key) > 0
    fast = 'app_duration_seconds_bucket{instance="api:8080",job="api",le="0.5",route="/api/questions"}'
    total = 'app_duration_seconds_count{instance="api:8080",job="api",route="/api/questions"}'
    assert healthy[fast][-1][1] / healthy[total][-1][1] > 0.9 > 0.1 > fault[fast][-1][1] / fault[total][-1][1]


def _stack(tmp_path, dashboard_expr, alerts):
    root = tmp_path / "build" / "mini"
    (root / "prometheus" / "rules").mkdir(parents=True)
    (root / "grafana" / "dashboards").mkdir(parents=True)
    (root / "catalog.yaml").write_text(yaml.safe_dump(CATALOG.to_data()))
    (root / "prometheus" / "prometheus.yml").write_text(yaml.safe_dump({
        "global": {"evaluation_interval": "15s"}, "rule_files": ["rules/*.yml"],
        "scrape_configs": [{"job_name": "api", "static_configs": [{"targets": ["api:8080"]}]}]}))
    (root / "prometheus" / "rules" / "mini.yml").write_text(yaml.safe_dump({"groups": [{"name": "mini", "rules": [
        {"record": "job:app_requests:rate5m", "expr": "sum by (job) (rate(app_requests_total[5m]))"}, *alerts]}]}))
    (root / "grafana" / "dashboards" / "mini.json").write_text(json.dumps({"uid": "mini", "title": "Mini", "panels": [
        {"type": "timeseries", "title": "Requests", "targets": [{"expr": "sum(job:app_requests:rate5m)"}]},
        {"type": "timeseries", "title": "Broken", "targets": [{"expr": dashboard_expr}]}]}))
    return tmp_path / "build"


def test_live_smoke_reports_dead_queries_and_wrong_alerts(tmp_path):
    errors = 'sum(rate(app_requests_total{status_code="500"}[5m])) / sum(rate(app_requests_total[5m])) > 0.05'
    out = _stack(tmp_path, "sum(rate(app_request_total[$__rate_interval]))", [
        {"alert": "Watchdog", "expr": "vector(1)"},
        {"alert": "HighErrors", "expr": errors, "for": "5m"},
        {"alert": "AlwaysFires", "expr": "sum(app_sessions_active) >= 0"},
        {"alert": "NeverFires", "expr": "sum(app_sessions_active) < 0"},
    ])
    proc = obsgen("smoke", "--stack", "mini", "--out", str(out), "--format", "json", "--config", os.devnull,
                  timeout=90)
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    found = {(p["code"], p["obj"]) for p in data["problems"]}
    assert found == {
        ("smoke-empty", "dashboard 'Mini' / panel 'Broken'"),
        ("smoke-healthy-fires", "group 'mini' / alert 'AlwaysFires'"),
        ("smoke-fault-quiet", "group 'mini' / alert 'NeverFires'"),
    }, data["problems"]
    assert data["summary"]["queries"] == 3 and data["summary"]["with_data"] == 2 and data["summary"]["empty"] == 1


def test_smoke_text_summary_line_and_missing_build_is_misuse(tmp_path):
    out = _stack(tmp_path, "sum(job:app_requests:rate5m)", [{"alert": "Watchdog", "expr": "vector(1)"}])
    proc = obsgen("smoke", "--stack", "mini", "--out", str(out), "--config", os.devnull, timeout=90)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.search(r"^smoke mini: 3 queries, 3 with data, 0 empty, 0 errors; ", proc.stdout, re.M)
    proc = obsgen("smoke", "--stack", "nope", "--out", str(out))
    assert proc.returncode == 2 and "does not exist" in proc.stderr


# ---------------------------------------------------------------- time of day, rule backfill passes, origins

def test_the_evaluation_instant_is_the_last_time_the_stack_clock_read_its_smoke_hour():
    import datetime
    import zoneinfo

    manila = zoneinfo.ZoneInfo("Asia/Manila")
    now = datetime.datetime(2026, 11, 29, 23, 30, tzinfo=manila).timestamp()
    assert smoke.evaluation_instant("Asia/Manila", 19.25, now) == datetime.datetime(2026, 11, 29, 19, 15, tzinfo=manila).timestamp()
    early = datetime.datetime(2026, 11, 29, 8, 0, tzinfo=manila).timestamp()
    assert smoke.evaluation_instant("Asia/Manila", 19.25, early) == datetime.datetime(2026, 11, 28, 19, 15, tzinfo=manila).timestamp()
    assert smoke.evaluation_instant("Asia/Manila", None, now) == int(now)
    # "browser" is not a zone: the hour is read as UTC.
    assert smoke.evaluation_instant("browser", 0, 86400 * 3 + 5) == 86400 * 3


def test_rule_passes_follow_rules_built_on_rules_and_alerts_become_alerts_series():
    from obsgen.artefact import Artefact

    rules = Artefact("s/prometheus/rules/g.yml", "rules", {"groups": [{"name": "g", "rules": [
        {"record": "job:b:ratio", "expr": "job:a:rate5m / 2"},
        {"record": "job:a:rate5m", "expr": "sum by (job) (rate(a_total[5m]))"},
        {"record": "job:a:rate5m", "expr": "sum by (job) (rate(a2_total[5m]))", "labels": {"src": "2"}},
        {"alert": "High", "expr": "job:b:ratio > 1", "for": "5m",
         "labels": {"severity": "page", "summary_of": "{{ $labels.job }}"}},
    ]}]}, {}, "s")
    first, second, alerts = smoke.rule_passes([rules])
    assert [r["expr"] for r in first] == ["sum by (job) (rate(a_total[5m]))", "sum by (job) (rate(a2_total[5m]))"]
    assert first[1]["labels"] == {"src": "2"}
    assert second == [{"record": "job:b:ratio", "expr": "job:a:rate5m / 2"}]
    assert alerts == [{"record": "ALERTS", "expr": "(job:b:ratio > 1) * 0 + 1",
                       "labels": {"severity": "page", "alertname": "High", "alertstate": "firing"}}]


def test_metric_examples_are_the_label_values_smoke_synthesises():
    catalog = Catalog([Metric("app_requests_total", "counter", "Requests.", ("route",),
                              examples={"route": ("/api/questions", "/api/login")})])
    out = io.StringIO()
    smoke.synthesize(catalog, [("api", "api:8080")], 1_700_000_000, False, out)
    routes = set(re.findall(r'route="([^"]*)"', out.getvalue()))
    assert routes == {"/api/questions", "/api/login"}


def test_smoke_in_a_project_runs_at_the_stack_hour_and_names_the_python_line(tmp_path):
    """A panel with data only at 19:xx Manila has data; one only at 03:00 is reported at its Python line,
    with the .obsgen-lint.yaml entry that would accept it."""
    import shutil

    from conftest import ROOT

    project = tmp_path / "project"
    shutil.copytree(os.path.join(ROOT, "tests", "bad", "_base"), project,
                    ignore=shutil.ignore_patterns("__pycache__"))
    stack = project / "stacks" / "mini.py"
    stack.write_text(stack.read_text().replace(
        '    runbook_url=', '    timezone="Asia/Manila",\n'
        '    settings={"smoke_hour": Quantity(19.25, "short", "Smoke at 19:15 Manila.")},\n    runbook_url='))
    dash = project / "dashboards" / "mini" / "__init__.py"
    at_hour = 'sum(rate(mini_requests_total{job=~"$job"}[$__rate_interval])) and on () ((hour() + 8) %% 24 == %d)'
    dash.write_text(dash.read_text().replace("        ])],", (
        "        ]), Row(\"Time of day\", [\n"
        f"            timeseries(\"Evening\", \"Only at 19:xx.\", prom('{at_hour % 19}'), unit=\"reqps\", width=12),\n"
        f"            timeseries(\"Night\", \"Only at 03:xx.\", prom('{at_hour % 3}'), unit=\"reqps\", width=12),\n"
        "        ])],")))
    night_line = dash.read_text().splitlines().index(
        next(l for l in dash.read_text().splitlines() if '"Night"' in l)) + 1
    out = tmp_path / "build"
    obsgen("build", "--out", str(out), "--docs", str(tmp_path / "docs"), cwd=project, check=True)
    proc = obsgen("smoke", "--out", str(out), "--format", "json", "--config", os.devnull, cwd=project, timeout=120)
    data = json.loads(proc.stdout)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    # (The mini stack's error-ratio alert has no 5xx status among its synthetic values; only emptiness matters here.)
    empty = [p for p in data["problems"] if p["code"] == "smoke-empty"]
    assert len(empty) == 1, data["problems"]
    [problem] = empty
    assert problem["code"] == "smoke-empty" and problem["obj"] == "dashboard 'Mini / Overview' / panel 'Night'"
    assert problem["where"] == f"dashboards/mini/__init__.py:{night_line}"
    assert ('declare it in .obsgen-lint.yaml: exclusions: {smoke-empty: [{object: '
            '"dashboard \'Mini / Overview\' / panel \'Night\'", stack: mini, reason: "why"}]}') in problem["message"]


def test_definitions_give_origins_only_for_built_files_the_definitions_still_produce(tmp_path):
    import shutil

    from conftest import ROOT

    built = tmp_path / "build" / "copilotos"
    shutil.copytree(os.path.join(ROOT, "build", "copilotos"), built)
    stale = built / "grafana" / "dashboards" / "copilotos-bridge" / "copilotos-logs.json"
    stale.write_text(stale.read_text().replace('"title": "Copilotos / Logs"', '"title": "Copilotos / Logs (edited)"'))
    assert "(edited)" in stale.read_text()
    defs = smoke.definitions(ROOT, str(built))
    assert defs.stack.name == "copilotos"
    paths = {os.path.basename(p) for p in defs.origins}
    assert "copilotos-api-overview.json" in paths and "copilotos-logs.json" not in paths
    assert smoke.definitions(str(tmp_path), str(built)) is None  # no stacks/ there
    assert smoke.definitions(ROOT, str(tmp_path / "build" / "nope")) is None
