"""Each label-flow mistake, planted in a copy of build/<stack> for every stack, is caught by `obsgen lint`.

One lint run covers both stacks and all five checks: each planted mistake
must come back as exactly one finding line from its check, naming the file,
and nothing else from these checks may appear.
"""

import json
import os
import shutil

import pytest
import yaml

from conftest import ROOT, obsgen

STACKS = ("brainbytes", "copilotos")
CHECK_IDS = ("dashboard-legend-labels", "alert-template-labels", "promql-never-matches", "rule-recorded-labels",
             "route-alert-labels")


def _first_dashboard(stack_dir):
    folder = stack_dir / "grafana" / "dashboards"
    return sorted(p for p in folder.rglob("*.json"))[0]


def _first_rules(stack_dir):
    return sorted((stack_dir / "prometheus" / "rules").glob("*.yml"))[0]


def plant(stack_dir) -> dict:
    """Plant one mistake per check; returns {check id: (file relative to the copy, text the finding must hold)}."""
    dash_file = _first_dashboard(stack_dir)
    dash = json.loads(dash_file.read_text())
    panel = next(p for p in dash["panels"] if p.get("targets") and p["targets"][0].get("datasource", {}).get("type") != "loki")
    ds = panel["targets"][0].get("datasource")
    panel["targets"] += [
        {"refId": "Y", "datasource": ds, "expr": "sum(up)", "legendFormat": "{{job}}"},
        {"refId": "Z", "datasource": ds, "expr": "sum by (job) (up) / sum by (instance) (up)"},
        {"refId": "W", "datasource": ds, "expr": 'planted:up:sum{instance="x"}'},
    ]
    dash_file.write_text(json.dumps(dash))

    rules_file = _first_rules(stack_dir)
    rules = yaml.safe_load(rules_file.read_text())
    group = rules["groups"][0]["rules"]
    alerts = [r for g in rules["groups"] for r in g["rules"] if "alert" in r]
    if not alerts:  # a file of recording rules only
        group.append({"alert": "PlantedDown", "expr": "up == 0", "labels": {"severity": "warning"},
                      "annotations": {"summary": "s"}})
        alerts = [group[-1]]
    alert = alerts[0]
    alert["annotations"]["planted"] = "{{ $labels.no_such_label }}"
    group.append({"record": "planted:up:sum", "expr": "sum by (job) (up)"})
    rules_file.write_text(yaml.safe_dump(rules, sort_keys=False))

    am_file = stack_dir / "alertmanager" / "alertmanager.yml"
    am = yaml.safe_load(am_file.read_text())
    am["route"]["group_by"] = list(am["route"].get("group_by") or []) + ["no_such_label"]
    am_file.write_text(yaml.safe_dump(am, sort_keys=False))

    rel = lambda p: str(p.relative_to(stack_dir.parent.parent))  # noqa: E731
    return {
        "dashboard-legend-labels": (rel(dash_file), "legend {{job}} names a label the query's result never carries"),
        "promql-never-matches": (rel(dash_file), "`sum by (job)(up) / sum by (instance)(up)` always returns nothing: the left side always carries 'job'"),
        "rule-recorded-labels": (rel(dash_file), "planted:up:sum has no label 'instance' (the recording carries job)"),
        "alert-template-labels": (rel(rules_file), "$labels.no_such_label is not a label of the alert's result"),
        "route-alert-labels": (rel(am_file), "group_by label 'no_such_label' is carried by no alert"),
    }


def test_lint_catches_each_planted_mistake_in_every_stack(tmp_path):
    copy = tmp_path / "build"
    expected = {}
    for stack in STACKS:
        source = os.path.join(ROOT, "build", stack)
        if not os.path.isdir(source):
            pytest.fail(f"build/{stack} is missing: run make build")
        shutil.copytree(source, copy / stack)
        expected[stack] = plant(copy / stack)
    proc = obsgen("lint", "build", "--no-tools", "--config", os.devnull, cwd=tmp_path)
    lines = [l for l in proc.stdout.splitlines() if l.split("]", 1)[0].split("[")[-1] in CHECK_IDS]
    assert proc.returncode == 1, proc.stdout + proc.stderr
    for stack, planted in expected.items():
        for check, (path, text) in planted.items():
            found = [l for l in lines if l.startswith(f"{'warning' if check == 'route-alert-labels' else 'error'}[{check}] "
                                                      f"{stack}: ") and path in l and text in l]
            assert len(found) == 1, (stack, check, lines)
    assert len(lines) == len(STACKS) * len(CHECK_IDS), lines
