"""BrainBytes rules, read from a fresh build: the alert set the seed asks for, tests, runbooks.

These read the compiled YAML (what Prometheus and promtool load), not the Python
definitions. Conventions every alert and recording keeps (names, labels, annotations,
recordings that something reads) are the checks', which tests/test_build_findings.py
runs on a fresh build; that every alert has a firing and a quiet case is the loader's.
"""

import re

import pytest
import yaml

from conftest import definition

STACK = definition("stacks.brainbytes").STACK


def _load(folder):
    return {p.name: yaml.safe_load(p.read_text()) for p in sorted(folder.glob("*.yml"))}


@pytest.fixture(scope="module")
def output(built):
    build, docs = built
    prom = build / "brainbytes" / "prometheus"
    rules = [r for data in _load(prom / "rules").values() for g in data["groups"] for r in g["rules"]]
    tests = [t for data in _load(prom / "tests").values() for t in data["tests"]]
    runbooks = (docs / "runbooks-brainbytes.md").read_text()
    return {"rules": rules, "tests": tests, "runbooks": runbooks}


def alerts_of(rules):
    return [r for r in rules if "alert" in r]


def records_of(rules):
    return [r for r in rules if "record" in r]


def test_every_recording_has_an_expression_test(output):
    # Nothing else holds this: the loader asks alerts for Fires and Quiet cases, not recordings for Samples.
    tested = {case["expr"] for test in output["tests"] for case in test.get("promql_expr_test", [])}
    assert tested == {r["record"] for r in records_of(output["rules"])}


def test_the_issue_asks_for_these_alerts(output):
    alerts = alerts_of(output["rules"])
    # Every required scrape job has its own Down alert on `up`.
    assert {r["expr"] for r in alerts if r["alert"].endswith("Down")} == {
        f'up{{job="{service.job}"}} == 0' for service in STACK.services if not service.optional}
    assert sorted(r["alert"] for r in alerts) == [
        "AiAvailabilityFastBurn", "AiAvailabilitySlowBurn", "AiServiceHighErrorRatio", "AiServiceHighLatency",
        "AiTokenSpendOverBudget", "AlertmanagerConfigReloadFailed", "AlertmanagerDown",
        "AlertmanagerNotificationsFailing", "BackendAvailabilityFastBurn", "BackendAvailabilitySlowBurn",
        "BackendHighErrorRatio", "BackendHighLatency", "BackendLatencyFastBurn", "BackendLatencySlowBurn",
        "BackendTrafficDrop", "BrainbytesAiServiceDown", "BrainbytesBackendDown", "CadvisorDown",
        "ContainerMemoryNearLimit", "ContainerRestarting", "DbPoolNearExhaustion", "HostDiskAlmostFull",
        "HostDiskFillingUp", "HostHighCpuUtilisation", "HostHighMemoryUtilisation", "MobileConnectionDropsHigh",
        "MobileResponseSizeOverBudget", "NodeExporterDown", "PrometheusConfigReloadFailed", "PrometheusDown",
        "PrometheusMissedRuleEvaluations", "PrometheusNotConnectedToAlertmanagers", "PrometheusNotificationErrors",
        "PrometheusRuleEvaluationFailures", "PrometheusScrapeSampleLimitHit", "PrometheusTsdbCompactionsFailing",
        "PrometheusTsdbReloadsFailing", "PrometheusTsdbTruncationsFailing", "PrometheusTsdbWalCorruptions",
        "ScrapeJobAbsent", "TargetScrapesFailing", "Watchdog"]


def test_firing_cases_expect_exact_labels_and_rendered_annotations(output):
    by_name = {r["alert"]: r for r in alerts_of(output["rules"])}
    for test in output["tests"]:
        for case in test.get("alert_rule_test", []):
            rule = by_name[case["alertname"]]
            for expected in case["exp_alerts"]:
                assert rule["labels"].items() <= expected["exp_labels"].items(), case["alertname"]
                notes = expected["exp_annotations"]
                assert set(notes) == set(rule["annotations"]), case["alertname"]
                assert "{{" not in notes["description"], case["alertname"]


def _sections(markdown):
    return [m.group(1) for m in re.finditer(r"^## (\S+)$", markdown, re.M)]


def test_every_runbook_url_resolves_to_a_section_and_every_section_has_an_alert(output):
    anchors = {name.lower(): name for name in _sections(output["runbooks"])}
    urls = {r["alert"]: r["annotations"]["runbook_url"] for r in alerts_of(output["rules"])}
    prefix = STACK.runbook_url.split("#")[0]
    for alert, url in urls.items():
        page, _, anchor = url.partition("#")
        assert page == prefix and anchor in anchors, alert
    assert set(anchors.values()) == set(urls)


def test_runbook_sections_hold_meaning_impact_steps_and_dashboard(output):
    blocks = re.split(r"^## ", output["runbooks"], flags=re.M)[1:]
    assert len(blocks) == len(alerts_of(output["rules"]))
    for block in blocks:
        for part in ("**Meaning.**", "**Impact.**", "**First steps.**", "1. ", "**Dashboard:**"):
            assert part in block, block.splitlines()[0]


def test_an_alert_without_runbook_fails_the_build_naming_its_line(project, tmp_path):
    from conftest import obsgen

    path = project / "rules" / "brainbytes" / "availability.py"
    source = path.read_text()
    start = source.index("        runbook=Runbook(\n            meaning=f\"More than {limit.value:.0%} of backend API")
    end = source.index("        ),\n    )\n", start) + len("        ),\n")
    path.write_text(source[:start] + source[end:])
    proc = obsgen("build", "--out", str(tmp_path / "b"), "--docs", str(tmp_path / "d"), cwd=project)
    assert proc.returncode == 1
    assert "error[runbook] brainbytes: alert 'BackendHighErrorRatio' (rules/brainbytes/availability.py:" in proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr


def test_slo_recordings_exist_for_every_window(output):
    slos = definition("rules.brainbytes").slos

    recorded = {(r["record"], r.get("labels", {}).get("slo")) for r in records_of(output["rules"])}
    for name in slos.SLO_NAMES:
        for window in slos.WINDOWS:
            selector = slos.ratio(name, window)
            assert (selector.split("{")[0], name) in recorded
    assert slos.WINDOWS == ("5m", "30m", "1h", "2h", "6h", "1d", "3d")
