"""Every emitted dashboard validates against Grafana 12.3's official JSON Schemas.

The whole dashboard against dashboard.jsonschema.json, each panel's options and
fieldConfig.defaults.custom against its plugin's Options/FieldConfig, and each
target against the prometheus or loki query schema. The goal is 0 errors, with
no exceptions needed so far.
"""

import glob
import json
import os

import pytest
from jsonschema import Draft7Validator

from conftest import ROOT, SCHEMA_DIR

DASHBOARDS = sorted(glob.glob(os.path.join(ROOT, "build", "*", "grafana", "dashboards", "*", "*.json")))

pytestmark = pytest.mark.skipif(
    not os.path.isdir(SCHEMA_DIR), reason=f"Grafana schemas not found at {SCHEMA_DIR} (../shared/grafana-schema)")


def _load(name):
    with open(os.path.join(SCHEMA_DIR, f"{name}.jsonschema.json")) as fh:
        return json.load(fh)


def _validator(schema, definition=None):
    if definition is not None:
        schema = {**schema, "$ref": f"#/definitions/{definition}"}
    return Draft7Validator(schema)


def _definition(schema, wanted):
    """The definition named `wanted`, whatever its case (the query files differ)."""
    for name in schema.get("definitions", {}):
        if name.lower() == wanted.lower():
            return name
    return None


def _errors(dashboard):
    errors = []
    dash_schema = _load("dashboard")
    errors += [f"{list(e.absolute_path)}: {e.message}" for e in _validator(dash_schema).iter_errors(dashboard)]
    queries = {t: _load(t) for t in ("prometheus", "loki")}
    for panel in dashboard.get("panels", []):
        kind = panel["type"]
        where = f"panel {panel.get('title')!r}"
        own = _validator(dash_schema, "RowPanel" if kind == "row" else "Panel")
        errors += [f"{where} {list(e.absolute_path)}: {e.message}" for e in own.iter_errors(panel)]
        if kind == "row":
            continue
        path = os.path.join(SCHEMA_DIR, f"{kind}.jsonschema.json")
        assert os.path.exists(path), f"{where}: no official schema for panel type {kind!r}"
        plugin = _load(kind)
        if _definition(plugin, "Options"):
            errors += [f"{where} options {list(e.absolute_path)}: {e.message}"
                       for e in _validator(plugin, "Options").iter_errors(panel.get("options", {}))]
        if _definition(plugin, "FieldConfig"):
            custom = panel.get("fieldConfig", {}).get("defaults", {}).get("custom", {})
            errors += [f"{where} custom {list(e.absolute_path)}: {e.message}"
                       for e in _validator(plugin, "FieldConfig").iter_errors(custom)]
        for target in panel.get("targets", []):
            ds_type = target.get("datasource", {}).get("type")
            assert ds_type in queries, f"{where}: target datasource type {ds_type!r}"
            schema = queries[ds_type]
            errors += [f"{where} target {target.get('refId')} {list(e.absolute_path)}: {e.message}"
                       for e in _validator(schema).iter_errors(target)]
    return errors


def test_there_are_dashboards_to_check():
    assert DASHBOARDS


@pytest.mark.parametrize("path", DASHBOARDS, ids=lambda p: os.path.relpath(p, ROOT))
def test_dashboard_matches_official_schema(path):
    with open(path) as fh:
        dashboard = json.load(fh)
    assert _errors(dashboard) == []


def test_the_conformance_check_can_fail():
    """A dashboard with a legacy key and a bad target is rejected: the test is not vacuous."""
    with open(DASHBOARDS[0]) as fh:
        dashboard = json.load(fh)
    dashboard["rows"] = []
    panel = next(p for p in dashboard["panels"] if p["type"] != "row")
    panel["targets"][0]["intervalFactor"] = "two"
    panel["options"]["bogus"] = True
    errors = _errors(dashboard)
    assert any("rows" in e for e in errors)
    assert any("intervalFactor" in e for e in errors)
    assert any("bogus" in e for e in errors)
