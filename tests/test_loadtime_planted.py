"""Each load-time, window, comparison and unit mistake, planted into a copy of build/<stack>, is caught by `obsgen lint`.

The copy is the real compiled output of each stack; one mistake of each kind
is planted by editing the files as a person would, then the real CLI runs.
"""

import json
import os
import shutil

import pytest
import yaml

from conftest import ROOT, obsgen_in_process as obsgen  # lint in this process: no interpreter start per case

STACKS = ("brainbytes", "copilotos")
NEW_CHECKS = ("alertmanager-templates", "rule-rate-window", "alert-comparison", "panel-unit-ratio")
RECEIVERS = ("alert-routing", "receiver-integrations")


def _load(path):
    with open(path) as fh:
        return json.load(fh) if path.endswith(".json") else yaml.safe_load(fh)


def _dump(path, data):
    with open(path, "w") as fh:
        json.dump(data, fh, indent=2) if path.endswith(".json") else yaml.safe_dump(data, fh, sort_keys=False)


def _plant(stack_dir):
    """Plant one mistake of each kind; return the receiver stripped of its integrations."""
    am_path = os.path.join(stack_dir, "alertmanager", "alertmanager.yml")
    am = _load(am_path)
    del am["templates"]  # the receivers still call obsgen.slack.title & co.
    team_route = next(r for r in am["route"]["routes"] if any(m.startswith("team=") for m in r.get("matchers", [])))
    stripped = team_route["receiver"]
    for receiver in am["receivers"]:
        if receiver["name"] == stripped:
            for key in [k for k in receiver if k.endswith("_configs")]:
                del receiver[key]
    _dump(am_path, am)

    rules_dir = os.path.join(stack_dir, "prometheus", "rules")
    rules_path = os.path.join(rules_dir, sorted(os.listdir(rules_dir))[0])
    rules = _load(rules_path)
    team = team_route["matchers"][0].split("=", 1)[1].strip('"')
    labels = {"severity": "warning", "team": team, "service": "prometheus"}
    rules["groups"][0]["rules"] += [
        {"alert": "PlantedShortWindow", "expr": 'rate(prometheus_http_requests_total{job="prometheus"}[15s]) > 1',
         "labels": labels},
        {"alert": "PlantedNoComparison", "expr": 'sum(up{job="prometheus"})', "labels": labels},
    ]
    _dump(rules_path, rules)

    dash_dir = next(os.path.join(d, f) for d, _s, fs in os.walk(os.path.join(stack_dir, "grafana", "dashboards"))
                    for f in sorted(fs) if f.endswith(".json"))
    dashboard = _load(dash_dir)
    panel = next(p for p in dashboard["panels"] if p.get("targets"))
    panel.setdefault("fieldConfig", {}).setdefault("defaults", {})["unit"] = "percent"
    panel["fieldConfig"]["overrides"] = []
    panel["targets"] = [{**panel["targets"][0], "expr": 'avg(up{job="prometheus"})'}]
    _dump(dash_dir, dashboard)
    return stripped


def _lines(stack_dir, checks=NEW_CHECKS + RECEIVERS):
    proc = obsgen("lint", "--no-tools", stack_dir)
    return [line for line in proc.stdout.splitlines() if any(f"[{c}]" in line for c in checks)]


@pytest.mark.parametrize("stack", STACKS)
def test_the_built_stack_is_clean(stack):
    assert _lines(os.path.join(ROOT, "build", stack)) == []


@pytest.mark.parametrize("stack", STACKS)
def test_each_planted_mistake_is_one_line(stack, tmp_path):
    stack_dir = str(tmp_path / stack)
    shutil.copytree(os.path.join(ROOT, "build", stack), stack_dir)
    stripped = _plant(stack_dir)
    lines = _lines(stack_dir)
    by_check = {c: [l for l in lines if f"[{c}]" in l] for c in NEW_CHECKS}
    assert all(by_check.values()), lines
    assert all("\n" not in line for line in lines)
    slack = [l for l in by_check["alertmanager-templates"] if " slack uses templates " in l]
    assert slack and all("'obsgen.slack.title'" in l and "'obsgen.slack.text'" in l
                         and l.endswith("which no loaded template file defines (templates: none)") for l in slack)
    # Alerts reaching only the stripped receiver are alert-routing's; those that also reach another are this one's.
    [receiver] = [l for l in lines if f"'{stripped}'" in l and "no integration" in l]
    assert receiver.startswith(("error[alert-routing]", "error[receiver-integrations]"))
    [window] = by_check["rule-rate-window"]
    assert window.startswith("error[rule-rate-window]") and "covers 1 scrape(s) of job 'prometheus' (every 15s)" in window
    [comparison] = by_check["alert-comparison"]
    assert "alert PlantedNoComparison has no comparison or filter" in comparison
    [unit] = by_check["panel-unit-ratio"]
    assert "unit 'percent' expects 0–100 but the query returns a 0–1 ratio" in unit


def test_a_receiver_reached_alongside_others_through_continue(tmp_path):
    """BrainBytes escalates criticals through `continue`: an escalation without integration loses them unseen."""
    stack_dir = str(tmp_path / "brainbytes")
    shutil.copytree(os.path.join(ROOT, "build", "brainbytes"), stack_dir)
    am_path = os.path.join(stack_dir, "alertmanager", "alertmanager.yml")
    am = _load(am_path)
    for receiver in am["receivers"]:
        if receiver["name"] == "escalation":
            for key in [k for k in receiver if k.endswith("_configs")]:
                del receiver[key]
    _dump(am_path, am)
    [line] = _lines(stack_dir, RECEIVERS)
    assert line.startswith("error[receiver-integrations] brainbytes: ")
    assert "receiver 'escalation' has no integration, yet " in line and "its notifications are dropped" in line
