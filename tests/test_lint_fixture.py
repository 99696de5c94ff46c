"""`obsgen lint` on a provisioning folder written by hand (tests/fixtures/handwritten), not by obsgen.

Every deliberate mistake in the fixture must be reported by the right check,
pointing at the right file and object.
"""

import json
import os

import pytest

from conftest import obsgen_in_process as obsgen  # lint in this process: no interpreter start per case

FIXTURE = os.path.join("tests", "fixtures", "handwritten")
CATALOG = os.path.join("tests", "fixtures", "handwritten-catalog.yaml")
RULES = f"{FIXTURE}/prometheus/rules/shop.yml"
DASHBOARD = f"{FIXTURE}/grafana/dashboards/shop.json"
AM = f"{FIXTURE}/alertmanager/alertmanager.yml"

# (check id, object, where, words in the message)
EXPECTED = [
    ("rule-name-style", "group 'shop' / recording 'shop_errors'", f"{RULES} $.groups[0].rules[0]", "level:metric:operations"),
    ("rule-name-style", "group 'shop' / alert 'shop-down'", f"{RULES} $.groups[0].rules[1]", "not CamelCase"),
    ("catalog-metric", "group 'shop' / alert 'shop-down'", f"{RULES} $.groups[0].rules[1]", "job 'shopp' is not a scrape job"),
    ("metric-type", "group 'shop' / alert 'ShopMemoryGrowing'", f"{RULES} $.groups[0].rules[2]", "rate() applied to shop_memory_bytes, a gauge"),
    ("rule-conventions", "group 'shop' / alert 'ShopMemoryGrowing'", f"{RULES} $.groups[0].rules[2].labels", "severity 'page'"),
    ("rule-templates", "group 'shop' / alert 'ShopMemoryGrowing'", f"{RULES} $.groups[0].rules[2].annotations.description", "unknown function 'humanizePercent'"),
    ("alert-routing-default", "group 'shop' / alert 'ShopMemoryGrowing'", f"{RULES} $.groups[0].rules[2]", "team=payments, severity=page) matches no route"),
    ("catalog-metric", "group 'shop' / alert 'ShopErrors'", f"{RULES} $.groups[0].rules[3]", "label 'cod' does not exist"),
    ("metric-type", "group 'shop' / alert 'ShopErrors'", f"{RULES} $.groups[0].rules[3]", "counter shop_http_requests_total is used raw"),
    ("rule-conventions", "group 'shop' / alert 'ShopErrors'", f"{RULES} $.groups[0].rules[3].annotations", "no runbook_url"),
    ("rule-conventions", "group 'shop' / alert 'ShopErrors'", f"{RULES} $.groups[0].rules[3].annotations.description", "not templated"),
    ("promtool-rules", "group 'shop' / alert 'ShopMemoryGrowing'", f"{RULES} $.groups[0].rules[2]",
     'function "humanizePercent" not defined'),
    ("prometheus-rule-files", f"{FIXTURE}/prometheus/prometheus.yml", f"{FIXTURE}/prometheus/prometheus.yml $.rule_files[1]", "'alerts/*.yml' matches no rule file"),
    ("promtool-config", f"{FIXTURE}/prometheus/prometheus.yml", f"{FIXTURE}/prometheus/prometheus.yml $", "scrape timeout greater than scrape interval"),
    ("route-matchers", AM, f"{AM} $.route.routes[1]", "names label 'tema'"),
    ("amtool-config", AM, f"{AM} $", 'undefined receiver "ops-pager"'),
    ("datasource-alertmanager", f"{FIXTURE}/grafana/provisioning/datasources/datasources.yaml",
     f"{FIXTURE}/grafana/provisioning/datasources/datasources.yaml $.datasources[0].jsonData.alertmanagerUid", "alertmanagerUid 'am'"),
    ("dashboard-grid-layout", "dashboard 'Shop' / panel 'Latency p95'", f"{DASHBOARD} $.panels[1].gridPos", "overlaps panel 'Requests'"),
    ("dashboard-panel-meta", "dashboard 'Shop' / panel 'Latency p95'", f"{DASHBOARD} $.panels[1]", "has no description"),
    ("dashboard-panel-meta", "dashboard 'Shop' / panel 'Latency p95'", f"{DASHBOARD} $.panels[1].fieldConfig.defaults.unit", "has no unit"),
    ("dashboard-datasource", "dashboard 'Shop' / panel 'Latency p95'", f"{DASHBOARD} $.panels[1].targets[0].datasource", "uses datasource 'prom-old' directly"),
    ("dashboard-datasource-provisioned", "dashboard 'Shop' / panel 'Latency p95'", f"{DASHBOARD} $.panels[1].datasource", "'prom-old' is not provisioned"),
    ("dashboard-variables", "dashboard 'Shop' / panel 'Latency p95'", f"{DASHBOARD} $.panels[1].targets[0].expr", "$cluster is used but not defined"),
    ("dashboard-rate-interval", "dashboard 'Shop' / panel 'Latency p95'", f"{DASHBOARD} $.panels[1].targets[0].expr", "fixed window"),
    ("metric-type", "dashboard 'Shop' / panel 'Latency p95'", f"{DASHBOARD} $.panels[1].targets[0].expr", "drops `le`"),
    ("logql-syntax", "dashboard 'Shop' / panel 'Errors in logs'", f"{DASHBOARD} $.panels[2].targets[0].expr", "LogQL does not parse"),
    # What the seeded mistakes bring with them, each true of the files as written.
    ("catalog-metric", "dashboard 'Shop' / panel 'Latency p95'", f"{DASHBOARD} $.panels[1].targets[0].expr", "label 'cluster' does not exist"),
    ("dashboard-datasource", "dashboard 'Shop' / panel 'Errors in logs'", f"{DASHBOARD} $.panels[2].targets[0].datasource", "uses datasource 'loki' directly"),
    ("alert-routing", AM, f"{AM} $.receivers[0]", "alert ShopMemoryGrowing route only to 'default', which has no integration"),
]
# The one warning: the misspelt matcher's route (route-matchers above) is reached by nothing.
WARNINGS = [("route-unused", AM, f"{AM} $.route.routes[1]", "route (tema='ops') to 'ops-pager' is reached by no alert"),
            ("rule-recorded-used", "group 'shop' / recording 'shop_errors'", f"{RULES} $.groups[0].rules[0]",
             "not used by any dashboard")]


@pytest.fixture(scope="module")
def findings():
    # The fixture is held to obsgen's house conventions too, as a folder opting in would be.
    proc = obsgen("lint", FIXTURE, "--catalog", CATALOG, "--format", "json", "--config", os.devnull,
                  "--extend-select", "house")
    assert proc.returncode == 1, proc.stderr
    return json.loads(proc.stdout)


@pytest.mark.parametrize("code,obj,where,words", EXPECTED + WARNINGS, ids=[f"{e[0]}:{e[3][:30]}" for e in EXPECTED + WARNINGS])
def test_each_seeded_mistake_is_reported_at_its_object(findings, code, obj, where, words):
    # Findings carry the file and JSON path besides the file:line:column an editor jumps to.
    hits = [p for p in findings["problems"] if p["code"] == code and f'{p["file"]} {p["path"]}' == where]
    assert any(p["obj"] == obj and words in p["message"] for p in hits), \
        [p for p in findings["problems"] if p["code"] == code]


def test_the_correct_panel_and_its_query_pass(findings):
    assert not [p for p in findings["problems"] if "panel 'Requests'" in p["obj"]]


def test_the_findings_are_exactly_the_seeded_mistakes_and_the_summary_counts_them(findings):
    found = sorted((p["severity"], p["code"], f'{p["file"]} {p["path"]}') for p in findings["problems"])
    assert found == sorted([("error", code, where) for code, _obj, where, _words in EXPECTED]
                           + [("warning", code, where) for code, _obj, where, _words in WARNINGS])
    assert (findings["summary"]["errors"], findings["summary"]["warnings"]) == (len(EXPECTED), len(WARNINGS))
    assert findings["summary"]["folders"] == 1 and findings["summary"]["files"] == 5


def test_text_output_names_file_line_and_column_and_exits_1():
    proc = obsgen("lint", FIXTURE, "--catalog", CATALOG, "--config", os.devnull)
    assert proc.returncode == 1
    # Line 24, column 24: the description's value, where the unknown template function is.
    assert (f"error[rule-templates] handwritten: group 'shop' / alert 'ShopMemoryGrowing' "
            f"({RULES}:24:24): ") in proc.stdout
    assert proc.stdout.strip().splitlines()[-1].startswith("lint: 5 files in 1 folder(s): ")


def test_without_a_catalog_the_catalog_checks_are_skipped_with_a_note():
    proc = obsgen("lint", FIXTURE, "--format", "json", "--config", os.devnull)
    codes = {p["code"] for p in json.loads(proc.stdout)["problems"]}
    assert "catalog-metric" not in codes and "rule-templates" in codes
    assert "no catalog.yaml here and no --catalog" in proc.stderr
