"""Dashboards as Grafana 13 `dashboard.grafana.app/v2` resources (API, Git Sync, gcx).

Each v2 resource is the twin of a files-target dashboard (classic JSON, which Grafana's
file provisioning still requires): the same panels as `elements`, the same queries,
the same variables as typed kinds, and the same grid as a rows layout. A test holds the
two side by side.
"""

from __future__ import annotations

from obsgen.artefact import Artefact
from obsgen.targets import of_kind, target_dir

TARGET = "grafana-v2"
API_VERSION = "dashboard.grafana.app/v2"
_CURSOR = {0: "Off", 1: "Crosshair", 2: "Tooltip"}
_HIDE = {0: "dontHide", 1: "hideLabel", 2: "hideVariable"}
_REFRESH = {0: "never", 1: "onDashboardLoad", 2: "onTimeRangeChanged"}
_SORT = ["disabled", "alphabeticalAsc", "alphabeticalDesc", "numericalAsc", "numericalDesc",
         "alphabeticalCaseInsensitiveAsc", "alphabeticalCaseInsensitiveDesc", "naturalAsc", "naturalDesc"]
# A classic target's keys that v2 moves out of the query's spec.
_TARGET_ENVELOPE = ("refId", "datasource", "hide")
# Panel query options v2 keeps in queryOptions.
_QUERY_OPTIONS = ("maxDataPoints", "interval", "timeFrom", "timeShift", "cacheTimeout", "hideTimeOverride")
# v2 data links carry no includeVars/keepTime flags; these link variables do the same job.
LINK_TIME = "${__url_time_range}"
LINK_VARS = "${__all_variables}"


def element_name(panel: dict) -> str:
    return f"panel-{panel['id']}"


def _datasource_ref(ds) -> dict:
    return {"name": ds["uid"]} if isinstance(ds, dict) and ds.get("uid") else {}


def _data_query(group: str, ds, spec: dict) -> dict:
    query = {"kind": "DataQuery", "group": group, "version": "v0", "spec": spec}
    ref = _datasource_ref(ds)
    if ref:
        query["datasource"] = ref
    return query


def panel_query(target: dict, panel: dict) -> dict:
    ds = target.get("datasource") or panel.get("datasource") or {}
    spec = {k: v for k, v in target.items() if k not in _TARGET_ENVELOPE}
    return {"kind": "PanelQuery", "spec": {
        "query": _data_query(ds.get("type", "prometheus"), ds, spec),
        "refId": target.get("refId", "A"),
        "hidden": bool(target.get("hide", False)),
    }}


def data_link(link: dict) -> dict:
    url = link.get("url", "")
    extra = [p for p, on in ((LINK_TIME, link.get("keepTime")), (LINK_VARS, link.get("includeVars"))) if on]
    if extra:
        url += ("&" if "?" in url else "?") + "&".join(extra)
    out = {"title": link.get("title", ""), "url": url}
    if link.get("targetBlank"):
        out["targetBlank"] = True
    return out


def element(panel: dict) -> dict:
    field_config = panel.get("fieldConfig") or {"defaults": {}, "overrides": []}
    spec = {
        "id": panel["id"],
        "title": panel.get("title", ""),
        "description": panel.get("description", ""),
        "links": [data_link(link) for link in panel.get("links", [])],
        "data": {"kind": "QueryGroup", "spec": {
            "queries": [panel_query(t, panel) for t in panel.get("targets", [])],
            "transformations": [
                {"kind": "Transformation", "group": t["id"], "spec": {k: v for k, v in t.items() if k != "id"}}
                for t in panel.get("transformations", [])
            ],
            "queryOptions": {k: panel[k] for k in _QUERY_OPTIONS if k in panel},
        }},
        "vizConfig": {"kind": "VizConfig", "group": panel["type"], "version": panel.get("pluginVersion", ""),
                      "spec": {"options": panel.get("options") or {},
                               "fieldConfig": {"defaults": field_config.get("defaults", {}),
                                               "overrides": field_config.get("overrides", [])}}},
    }
    if panel.get("transparent"):
        spec["transparent"] = True
    return {"kind": "Panel", "spec": spec}


def _item(panel: dict, top: int) -> dict:
    pos = panel["gridPos"]
    return {"kind": "GridLayoutItem", "spec": {
        "x": pos["x"], "y": pos["y"] - top, "width": pos["w"], "height": pos["h"],
        "element": {"kind": "ElementReference", "name": element_name(panel)},
    }}


def layout(panels: list) -> dict:
    """Rows as a RowsLayout (each row's grid counted from below its header); no rows, one grid."""
    if not any(p["type"] == "row" for p in panels):
        return {"kind": "GridLayout", "spec": {"items": [_item(p, 0) for p in panels]}}
    rows, current = [], None
    for panel in panels:
        if panel["type"] == "row":
            current = {"title": panel.get("title", ""), "collapse": bool(panel.get("collapsed")),
                       "top": panel["gridPos"]["y"] + 1, "items": []}
            rows.append(current)
            # A collapsed classic row holds its panels inside itself.
            current["items"] += [_item(p, current["top"]) for p in panel.get("panels", [])]
            continue
        if current is None:  # panels above the first row: a row without a header
            current = {"title": "", "collapse": False, "top": 0, "items": [], "hideHeader": True}
            rows.append(current)
        current["items"].append(_item(panel, current["top"]))
    out = []
    for row in rows:
        spec = {"title": row["title"], "collapse": row["collapse"],
                "layout": {"kind": "GridLayout", "spec": {"items": row["items"]}}}
        if row.get("hideHeader"):
            spec["hideHeader"] = True
        out.append({"kind": "RowsLayoutRow", "spec": spec})
    return {"kind": "RowsLayout", "spec": {"rows": out}}


def _option(current) -> dict:
    current = current or {}
    return {"text": current.get("text", ""), "value": current.get("value", "")}


def variable(var: dict) -> dict:
    common = {
        "name": var["name"],
        "current": _option(var.get("current")),
        "options": [_option(o) for o in var.get("options", [])],
        "multi": bool(var.get("multi")),
        "includeAll": bool(var.get("includeAll")),
        "hide": _HIDE.get(var.get("hide", 0), "dontHide"),
        "skipUrlSync": bool(var.get("skipUrlSync", False)),
        "allowCustomValue": True,
    }
    if var.get("label"):
        common["label"] = var["label"]
    if var.get("description"):
        common["description"] = var["description"]
    if var.get("includeAll") and var.get("allValue") is not None:
        common["allValue"] = var["allValue"]
    if var["type"] == "datasource":
        return {"kind": "DatasourceVariable", "spec": {
            **common, "pluginId": var["query"], "refresh": _REFRESH.get(var.get("refresh", 1), "onDashboardLoad"),
            "regex": var.get("regex", "")}}
    if var["type"] == "query":
        query = var["query"] if isinstance(var["query"], str) else var["query"].get("query", "")
        ds = var.get("datasource") or {}
        return {"kind": "QueryVariable", "spec": {
            **common,
            "refresh": _REFRESH.get(var.get("refresh", 1), "onDashboardLoad"),
            "query": _data_query(ds.get("type", "prometheus"), ds, {"query": query}),
            "definition": query,
            "regex": var.get("regex", ""),
            "sort": _SORT[var.get("sort", 0)] if 0 <= var.get("sort", 0) < len(_SORT) else "disabled",
        }}
    if var["type"] == "custom":
        return {"kind": "CustomVariable", "spec": {**common, "query": var.get("query", "")}}
    raise ValueError(f"variable {var['name']!r}: type {var['type']!r} has no v2 twin in obsgen yet")


def annotation(item: dict) -> dict:
    ds = item.get("datasource") or {}
    spec = {
        "query": _data_query(ds.get("type", "grafana"), ds, {}),
        "enable": bool(item.get("enable", True)),
        "hide": bool(item.get("hide", False)),
        "iconColor": item.get("iconColor", ""),
        "name": item.get("name", ""),
    }
    if item.get("builtIn"):
        spec["builtIn"] = True
    return {"kind": "AnnotationQuery", "spec": spec}


def dashboard_link(link: dict) -> dict:
    keys = ("title", "type", "icon", "tooltip", "tags", "asDropdown", "targetBlank", "includeVars", "keepTime", "url")
    return {k: link[k] for k in keys if k in link}


def convert(data: dict, folder_uid: str) -> dict:
    """The v2 resource for one classic dashboard."""
    panels = sorted(data.get("panels", []), key=lambda p: (p["gridPos"]["y"], p["gridPos"]["x"]))
    flat = [c for p in panels for c in ([p] + (p.get("panels") or []) if p["type"] == "row" else [p])]
    time = data.get("time") or {}
    spec = {
        "annotations": [annotation(a) for a in (data.get("annotations") or {}).get("list", [])],
        "cursorSync": _CURSOR.get(data.get("graphTooltip", 0), "Off"),
        "description": data.get("description", ""),
        "editable": bool(data.get("editable", True)),
        "elements": {element_name(p): element(p) for p in flat if p["type"] != "row"},
        "layout": layout(panels),
        "links": [dashboard_link(link) for link in data.get("links", [])],
        "preload": False,
        "tags": list(data.get("tags", [])),
        "timeSettings": {
            "timezone": data.get("timezone", "browser"),
            "from": time.get("from", "now-6h"),
            "to": time.get("to", "now"),
            "autoRefresh": data.get("refresh") or "",
            "autoRefreshIntervals": list((data.get("timepicker") or {}).get("refresh_intervals", [])),
            "hideTimepicker": False,
            "fiscalYearStartMonth": 0,
        },
        "title": data["title"],
        "variables": [variable(v) for v in (data.get("templating") or {}).get("list", [])],
    }
    return {
        "apiVersion": API_VERSION,
        "kind": "Dashboard",
        # Grafana's folder annotation: the resource lands in the files target's folder.
        "metadata": {"name": data["uid"], "annotations": {"grafana.app/folder": folder_uid}},
        "spec": spec,
    }


def compile(project, artefacts: list) -> list:
    stack = project.stack
    base = target_dir(stack.name, TARGET)
    out = []
    for art in of_kind(artefacts, "dashboard"):
        folder = art.path.split("/")[-2]
        data = convert(art.data, f"{stack.name}-{folder}"[:40])
        origins = {(): art.origins.get(())} if art.origins.get(()) else {}
        for path, origin in art.origins.items():
            if path[:1] == ("panels",) and len(path) >= 2:
                panel = art.data["panels"][path[1]]
                if panel["type"] != "row":
                    origins[("spec", "elements", element_name(panel))] = origin
        out.append(Artefact(f"{base}/{folder}/{art.data['uid']}.json", "dashboard-v2", data, origins, stack.name))
    return out
