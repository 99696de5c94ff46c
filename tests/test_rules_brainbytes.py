"""BrainBytes rules, read from a fresh build: coverage by promtool tests, conventions, runbooks.

These read the compiled YAML (what Prometheus and promtool load), not the Python
definitions, so a compiler bug cannot hide a convention breach.
"""

import json
import re

import pytest
import yaml

from conftest import definition

STACK = definition("stacks.brainbytes").STACK


# Functions whose range already smooths a single bad sample, so the rule need not wait with `for`.
SMOOTHED = re.compile(r"\b(increase|changes|[a-z]+_over_time)\(")


def _load(folder):
    return {p.name: yaml.safe_load(p.read_text()) for p in sorted(folder.glob("*.yml"))}


@pytest.fixture(scope="module")
def output(built):
    build, docs = built
    prom = build / "brainbytes" / "prometheus"
    rules = [r for data in _load(prom / "rules").values() for g in data["groups"] for r in g["rules"]]
    groups = [g for data in _load(prom / "rules").values() for g in data["groups"]]
    tests = [t for data in _load(prom / "tests").values() for t in data["tests"]]
    dashboards = [json.loads(p.read_text()) for p in (build / "brainbytes" / "grafana" / "dashboards").rglob("*.json")]
    runbooks = (docs / "runbooks-brainbytes.md").read_text()
    return {"rules": rules, "groups": groups, "tests": tests, "dashboards": dashboards, "runbooks": runbooks}


def alerts_of(rules):
    return [r for r in rules if "alert" in r]


def records_of(rules):
    return [r for r in rules if "record" in r]


def coverage_gaps(rules, tests) -> list:
    """Alerts without a firing or a quiet case, recordings without an expression test."""
    fires, quiet, recorded = set(), set(), set()
    for test in tests:
        for case in test.get("alert_rule_test", []):
            (fires if case["exp_alerts"] else quiet).add(case["alertname"])
        for case in test.get("promql_expr_test", []):
            recorded.add(case["expr"])
    gaps = []
    for rule in alerts_of(rules):
        gaps += [f"{rule['alert']}: no firing case"] * (rule["alert"] not in fires)
        gaps += [f"{rule['alert']}: no quiet case"] * (rule["alert"] not in quiet)
    gaps += [f"{r['record']}: no expression test" for r in records_of(rules) if r["record"] not in recorded]
    return gaps


def test_every_alert_fires_and_stays_quiet_and_every_recording_is_tested(output):
    assert coverage_gaps(output["rules"], output["tests"]) == []


def test_coverage_gaps_are_found():
    rules = [{"alert": "A", "expr": "x"}, {"alert": "B", "expr": "x"}, {"record": "a:b:c", "expr": "x"}]
    tests = [{"alert_rule_test": [{"alertname": "A", "exp_alerts": [{}]}, {"alertname": "A", "exp_alerts": []},
                                  {"alertname": "B", "exp_alerts": [{}]}]}]
    assert coverage_gaps(rules, tests) == ["B: no quiet case", "a:b:c: no expression test"]


def test_the_issue_asks_for_these_alerts(output):
    names = {r["alert"] for r in alerts_of(output["rules"])}
    for service in STACK.services:
        if not service.optional:
            assert any(r["alert"].endswith("Down") and f'up{{job="{service.job}"}} == 0' == r["expr"]
                       for r in alerts_of(output["rules"])), service.job
    assert {"ScrapeJobAbsent", "BackendHighErrorRatio", "BackendHighLatency", "AiServiceHighLatency",
            "AiServiceHighErrorRatio", "HostHighCpuUtilisation", "HostHighMemoryUtilisation", "HostDiskAlmostFull",
            "HostDiskFillingUp", "ContainerRestarting", "ContainerMemoryNearLimit", "DbPoolNearExhaustion",
            "AiTokenSpendOverBudget", "BackendTrafficDrop", "MobileConnectionDropsHigh", "MobileResponseSizeOverBudget",
            "TargetScrapesFailing", "PrometheusRuleEvaluationFailures", "AlertmanagerNotificationsFailing",
            "PrometheusTsdbCompactionsFailing", "Watchdog"} <= names
    for slo in ("BackendAvailability", "BackendLatency", "AiAvailability"):
        assert {f"{slo}FastBurn", f"{slo}SlowBurn"} <= names


def test_alert_conventions(output):
    # Naming, severity, team, templated description and dashboard links are the checks' (rule-name-style,
    # rule-conventions, alert-links), which every build runs; these are BrainBytes' own requirements.
    problems = []
    for rule in alerts_of(output["rules"]):
        name, labels, notes = rule["alert"], rule.get("labels", {}), rule.get("annotations", {})
        checks = {
            "service is set": bool(labels.get("service")),
            "runbook_url from the stack pattern": notes.get("runbook_url") == STACK.runbook(name),
            "`for` on a paging alert whose expression can flap":
                labels.get("severity") != "critical" or "for" in rule or SMOOTHED.search(rule["expr"]),
        }
        problems += [f"{name}: {what}" for what, ok in checks.items() if not ok]
    assert problems == []


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


def _exprs(node):
    if isinstance(node, dict):
        if isinstance(node.get("expr"), str):
            yield node["expr"]
        for value in node.values():
            yield from _exprs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _exprs(value)


def test_every_recording_rule_is_read_by_an_alert_or_a_dashboard(output):
    readers = [r["expr"] for r in alerts_of(output["rules"])]
    readers += [e for d in output["dashboards"] for e in _exprs(d)]
    # A recording may also feed another recording that is read.
    readers += [r["expr"] for r in records_of(output["rules"])]
    used = {name for name in {r["record"] for r in records_of(output["rules"])}
            if any(re.search(rf"(?<![\w:]){re.escape(name)}(?![\w:])", text) for text in readers)}
    unused = sorted({r["record"] for r in records_of(output["rules"])} - used)
    assert unused == []


def test_every_recording_chain_ends_in_an_alert_or_a_dashboard(output):
    """Stricter than the above: a recording read only by recordings nobody reads is dead too."""
    records = {r["record"]: r["expr"] for r in records_of(output["rules"])}
    roots = [r["expr"] for r in alerts_of(output["rules"])] + [e for d in output["dashboards"] for e in _exprs(d)]
    live, frontier = set(), roots
    while frontier:
        found = {n for n in records if n not in live
                 and any(re.search(rf"(?<![\w:]){re.escape(n)}(?![\w:])", text) for text in frontier)}
        live |= found
        frontier = [records[n] for n in found]
    assert sorted(set(records) - live) == []


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
    assert blocks
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
