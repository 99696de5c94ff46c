"""grafana-v2: every dashboard validates against the v2 schema and is the twin of its classic file."""

from __future__ import annotations

import json

import pytest

from obsgen.targets import grafana_v2
from targets_support import errors, every_target, files_of, needs_v2, v2_validator  # noqa: F401

_HIDE = {0: "dontHide", 1: "hideLabel", 2: "hideVariable"}


def _pairs(outputs) -> list:
    """(classic dashboard, v2 resource) for every dashboard of both stacks."""
    pairs = []
    for path, data in sorted(outputs.items()):
        if "/grafana/dashboards/" in path:
            stack, rest = path.split("/grafana/dashboards/")
            pairs.append((json.loads(data), json.loads(outputs[f"{stack}/grafana-v2/{rest}"])))
    return pairs


@needs_v2
def test_every_v2_dashboard_validates(every_target):
    validator = v2_validator()
    v2 = files_of(every_target, "grafana-v2", ".json")
    assert len(v2) == 11
    problems = []
    for path, data in sorted(v2.items()):
        doc = json.loads(data)
        assert (doc["apiVersion"], doc["kind"]) == ("dashboard.grafana.app/v2", "Dashboard")
        assert set(doc) == {"apiVersion", "kind", "metadata", "spec"}
        problems += [f"{path}: {e}" for e in errors(validator, doc["spec"])]
    assert problems == []


@needs_v2
def test_the_schema_check_can_fail(every_target):
    _, doc = _pairs(every_target)[0]
    spec = doc["spec"]
    spec["variables"][1]["spec"]["refresh"] = 2
    next(iter(spec["elements"].values()))["spec"]["vizConfig"]["kind"] = "Viz"
    # Exactly the two broken objects, each reported where it is.
    assert sorted(e.split(": ")[0] for e in errors(v2_validator(), spec)) == [
        f"elements/{next(iter(spec['elements']))}", "variables/1"]


def _absolute_grid(layout: dict) -> dict:
    """{element name: (x, y, w, h)} on the classic grid, rebuilt from v2 rows (each header one unit tall)."""
    out, y = {}, 0
    rows = [{"spec": {"layout": layout, "hideHeader": True}}] if layout["kind"] == "GridLayout" else layout["spec"]["rows"]
    for row in rows:
        top = y if row["spec"].get("hideHeader") else y + 1
        bottom = top
        for item in row["spec"]["layout"]["spec"]["items"]:
            s = item["spec"]
            out[s["element"]["name"]] = (s["x"], top + s["y"], s["width"], s["height"])
            bottom = max(bottom, top + s["y"] + s["height"])
        y = bottom
    return out


def test_v2_twin_has_the_same_panels_queries_variables_and_layout(every_target):
    pairs = _pairs(every_target)
    assert len(pairs) == 11
    for classic, resource in pairs:
        spec = resource["spec"]
        assert resource["metadata"]["name"] == classic["uid"]
        assert (spec["title"], spec["description"], spec["tags"]) == (classic["title"], classic["description"], classic["tags"])
        assert spec["timeSettings"]["timezone"] == classic["timezone"]
        assert spec["timeSettings"]["autoRefresh"] == classic["refresh"]
        panels = [p for p in classic["panels"] if p["type"] != "row"]
        # Panels: one element each, same title, type, description, options, field config.
        assert set(spec["elements"]) == {f"panel-{p['id']}" for p in panels}
        for panel in panels:
            element = spec["elements"][f"panel-{panel['id']}"]["spec"]
            assert (element["id"], element["title"], element["description"]) == (panel["id"], panel["title"], panel["description"])
            assert element["vizConfig"]["group"] == panel["type"]
            assert element["vizConfig"]["spec"]["options"] == panel["options"]
            assert element["vizConfig"]["spec"]["fieldConfig"] == panel["fieldConfig"]
            # Queries: same expressions, legends, refIds, datasource, in order.
            queries = [q["spec"] for q in element["data"]["spec"]["queries"]]
            assert [(q["refId"], q["query"]["spec"]["expr"], q["query"]["spec"]["legendFormat"],
                     q["query"]["group"], q["query"]["datasource"]["name"]) for q in queries] == [
                (t["refId"], t["expr"], t["legendFormat"], t["datasource"]["type"], t["datasource"]["uid"])
                for t in panel["targets"]]
            assert [t["group"] for t in element["data"]["spec"]["transformations"]] == [
                t["id"] for t in panel.get("transformations", [])]
            assert element["data"]["spec"]["queryOptions"].get("maxDataPoints") == panel.get("maxDataPoints")
            assert element["data"]["spec"]["queryOptions"].get("timeFrom") == panel.get("timeFrom")
            assert [link["title"] for link in element["links"]] == [link["title"] for link in panel.get("links", [])]
        # Layout: the same grid position for every panel, and the same row titles.
        assert _absolute_grid(spec["layout"]) == {
            f"panel-{p['id']}": (p["gridPos"]["x"], p["gridPos"]["y"], p["gridPos"]["w"], p["gridPos"]["h"]) for p in panels}
        assert [r["spec"]["title"] for r in spec["layout"]["spec"]["rows"]] == [
            p["title"] for p in classic["panels"] if p["type"] == "row"]
        # Variables: same names, kinds, queries, defaults and flags, in order.
        variables = classic["templating"]["list"]
        assert [v["kind"] for v in spec["variables"]] == [
            {"datasource": "DatasourceVariable", "query": "QueryVariable"}[v["type"]] for v in variables]
        for var, kind in zip(variables, spec["variables"]):
            s = kind["spec"]
            assert (s["name"], s.get("label"), s["multi"], s["includeAll"], s["hide"]) == (
                var["name"], var.get("label"), var["multi"], var["includeAll"], _HIDE[var["hide"]])
            assert (s["current"]["text"], s["current"]["value"]) == (var["current"]["text"], var["current"]["value"])
            if var["type"] == "query":
                assert s["query"]["spec"]["query"] == var["query"] == s["definition"]
                assert s["query"]["datasource"]["name"] == var["datasource"]["uid"]
                assert s.get("allValue") == var.get("allValue")
            else:
                assert s["pluginId"] == var["query"]


@pytest.mark.parametrize("link, url", [
    ({"title": "Logs", "url": "/d/logs", "keepTime": True, "includeVars": True},
     "/d/logs?${__url_time_range}&${__all_variables}"),
    ({"title": "Logs", "url": "/d/logs?orgId=1", "keepTime": True}, "/d/logs?orgId=1&${__url_time_range}"),
    ({"title": "Logs", "url": "/d/logs"}, "/d/logs"),
])
def test_panel_links_keep_time_and_variables_through_link_variables(link, url):
    assert grafana_v2.data_link(link)["url"] == url


def test_layout_of_panels_above_the_first_row_and_collapsed_rows():
    panels = [
        {"id": 1, "type": "stat", "gridPos": {"x": 0, "y": 0, "w": 6, "h": 4}},
        {"id": 2, "type": "row", "title": "More", "collapsed": True, "gridPos": {"x": 0, "y": 4, "w": 24, "h": 1},
         "panels": [{"id": 3, "type": "stat", "gridPos": {"x": 0, "y": 5, "w": 6, "h": 4}}]},
    ]
    rows = grafana_v2.layout(panels)["spec"]["rows"]
    assert rows[0]["spec"]["hideHeader"] is True
    assert rows[0]["spec"]["layout"]["spec"]["items"][0]["spec"]["y"] == 0
    assert rows[1]["spec"]["collapse"] is True
    assert rows[1]["spec"]["layout"]["spec"]["items"][0]["spec"]["y"] == 0
