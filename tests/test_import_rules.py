"""`obsgen import rules`: third-party rule files build back to the same YAML; alerts are declared untested."""

from __future__ import annotations

import os
import subprocess

import pytest
import yaml
from click.testing import CliRunner

from obsgen import tools
from obsgen.cli import cli
from obsgen.compile.prometheus import compile_rule_group, compile_rule_tests
from obsgen.importer import roundtrip
from obsgen.importer import rules as importer
from obsgen.model.imported import UNTESTED, ImportedAlert, ImportedGroup
from obsgen.model.rules import Expected, Fires, Quiet
from obsgen.pipeline import render

DATA = os.path.join(os.path.dirname(__file__), "import_data")
RULES = os.path.join(DATA, "rules.yml")


@pytest.fixture(scope="module")
def trips():
    return roundtrip.rules_round_trip(RULES)


def test_every_group_round_trips_to_the_same_yaml(trips):
    assert [(name, difference) for name, _source, difference in trips] == [("shop.rules", ""), ("shop-alerts", "")]


def test_what_the_house_model_rejects_is_kept(trips):
    stack = roundtrip.scratch_stack()
    rules_group = roundtrip.run_module(trips[0][1], "r.py", "group", stack)
    assert len(rules_group.rules) == 21 and rules_group.name == "shop.rules"
    alerts = roundtrip.run_module(trips[1][1], "a.py", "group", stack)
    data = compile_rule_group(stack, alerts).data["groups"][0]["rules"]
    assert data[0] == {"alert": "shop-down", "expr": 'up{job="shop"} == 0', "for": "0",
                       "labels": {"severity": "page"},
                       "annotations": {"summary": "Shop {{ $labels.instance }} is down",
                                       "runbook_url": "https://runbooks.example.org/shop-down"}}
    assert data[1]["keep_firing_for"] == "5m"


def test_each_alert_is_declared_untested_with_a_skeleton_to_fill_in(trips):
    source = trips[1][1]
    assert source.count(f'untested="{UNTESTED}"') == 2
    assert source.count("# TODO test skeleton: this alert is untested until both cases below are written") == 2
    assert "#     Fires(at=" in source and "#     Quiet(at=" in source
    assert "('up{job=\"shop\"}', \"<values" in source  # the skeleton names the series the expression reads
    assert "untested" not in trips[0][1]  # recording rules are not alerts


def test_promtool_accepts_the_rebuilt_rules(trips, tmp_path):
    stack = roundtrip.scratch_stack()
    paths = []
    for index, (_name, source, _diff) in enumerate(trips):
        group = roundtrip.run_module(source, f"g{index}.py", "group", stack)
        path = tmp_path / f"g{index}.yml"
        path.write_bytes(render(compile_rule_group(stack, group)))
        paths.append(str(path))
    proc = subprocess.run([tools.require("promtool"), "check", "rules", *paths], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_an_imported_alert_takes_firing_and_quiet_tests_that_promtool_runs(tmp_path):
    """Filling in the skeleton works: the expected labels and annotations are the alert's own, as written."""
    stack = roundtrip.scratch_stack()
    alert = ImportedAlert(name="shop-down", expr='up{job="shop"} == 0', for_="1m", labels={"severity": "page"},
                          annotations={"summary": "Shop {{ $labels.instance }} is down"}, tests=[
                              Fires(at="3m", series=[('up{job="shop", instance="a"}', "0x5")],
                                    alerts=[Expected({"job": "shop", "instance": "a"}, "")]),
                              Quiet(at="3m", series=[('up{job="shop", instance="a"}', "1x5")]),
                          ])
    group = ImportedGroup(name="shop-alerts", rules=[alert])
    rules_dir = tmp_path / "rules"
    rules_dir.mkdir()
    (rules_dir / "shop-alerts.yml").write_bytes(render(compile_rule_group(stack, group)))
    tests = compile_rule_tests(stack, group, [group])
    body = tests.data
    expected = body["tests"][0]["alert_rule_test"][0]["exp_alerts"][0]
    # The summary is rendered by Prometheus; the test expects it rendered for the firing series.
    expected["exp_annotations"] = {"summary": "Shop a is down"}
    tests_dir = tmp_path / "tests"
    tests_dir.mkdir()
    (tests_dir / "t.yml").write_text(yaml.safe_dump(body))
    proc = subprocess.run([tools.require("promtool"), "test", "rules", "t.yml"], cwd=tests_dir, capture_output=True,
                          text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_command_writes_one_module_per_group(tmp_path):
    result = CliRunner().invoke(cli, ["--project", str(tmp_path), "import", "rules", RULES, "--stack", "shop"])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "rules" / "shop"
    assert sorted(os.listdir(folder)) == ["__init__.py", "shop_alerts.py", "shop_rules.py"]
    assert "2 alerts are declared untested" in result.output
    index = (folder / "__init__.py").read_text()
    assert "MODULES = (shop_alerts, shop_rules)" in index and "def groups(stack):" in index


@pytest.mark.parametrize("content", ["groups: {}", "groups:\n  - name: x\n", "groups:\n  - name: x\n    rules: [{expr: up}]\n",
                                     "[: not yaml"])
def test_a_file_that_is_not_a_rule_file_is_one_error_line(tmp_path, content):
    bad = tmp_path / "bad.yml"
    bad.write_text(content)
    result = CliRunner().invoke(cli, ["--project", str(tmp_path), "import", "rules", str(bad), "--stack", "shop"])
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error[import] shop:")


def test_empty_rule_files_import_nothing(tmp_path):
    empty = tmp_path / "rules.yaml"
    empty.write_text("")
    assert importer.load(str(empty)) == []
