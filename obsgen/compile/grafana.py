"""Dashboards and Grafana provisioning, compiled from definitions and the stack."""

from __future__ import annotations

import re

import grafanalib.core as G

from obsgen.artefact import Artefact, Origin
from obsgen.grafana.dashboard import Dashboard
from obsgen.grafana.layout import place
from obsgen.grafana.normalise import normalise
from obsgen.grafana.query import LOKI_VAR, PROMETHEUS_VAR
from obsgen.model.stack import Stack

DASHBOARDS_MOUNT = "/var/lib/grafana/dashboards"
_BUILTIN_ANNOTATION = {
    "builtIn": 1,
    "datasource": {"type": "grafana", "uid": "-- Grafana --"},
    "enable": True,
    "hide": True,
    "iconColor": "rgba(0, 211, 255, 1)",
    "name": "Annotations & Alerts",
    "type": "dashboard",
}


def folder_slug(folder: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", folder.lower()).strip("-") or "general"


def dashboard_uid(stack: Stack, slug: str) -> str:
    uid = f"{stack.name}-{slug}"
    if len(uid) > 40:
        raise ValueError(f"dashboard uid {uid!r} is longer than Grafana's 40 characters; shorten the slug")
    return uid


def dashboard_path(stack: Stack, dash: Dashboard) -> str:
    return f"{stack.name}/grafana/dashboards/{folder_slug(dash.folder)}/{dashboard_uid(stack, dash.slug)}.json"


def _datasource_variable(name: str, plugin: str, label: str, stack: Stack) -> dict:
    ds = stack.datasource(plugin)
    return {
        "name": name,
        "label": label,
        "type": "datasource",
        "query": plugin,
        "current": {"text": ds.name, "value": ds.uid},
        "hide": 0,
        "refresh": 1,
        "includeAll": False,
        "multi": False,
        "options": [],
    }


def _query_variable(var) -> G.Template:
    if hasattr(var, "to_template"):  # obsgen.grafana.raw.RawVariable: any type, as written
        return var.to_template()
    return G.Template(
        name=var.name,
        label=var.label or var.name,
        query=var.query,
        dataSource={"type": "loki" if var.datasource == LOKI_VAR else "prometheus", "uid": "${%s}" % var.datasource},
        multi=var.multi,
        includeAll=var.include_all,
        allValue=var.all_value if var.include_all else None,
        default="$__all" if var.include_all else None,  # a fresh load shows every job/instance
        refresh=2,  # on time range change, so new jobs and instances appear
        sort=1,
    )


def compile_dashboard(stack: Stack, dash: Dashboard) -> Artefact:
    uid = dashboard_uid(stack, dash.slug)
    panels = place(dash.rows)
    variables = [_query_variable(v) for v in dash.variables]
    g = G.Dashboard(
        title=dash.title,
        uid=uid,
        description=dash.description,
        tags=sorted({stack.name, *dash.tags}),
        panels=panels,
        templating=G.Templating(list=variables),
        timezone=stack.timezone,
        refresh=dash.refresh,
        time=G.Time(dash.time_from, "now"),
        editable=False,
        graphTooltip=1,
    )
    data = normalise(g.to_json_data())
    # Datasource variables come first: every other variable and target reads through them.
    ds_vars = [_datasource_variable(PROMETHEUS_VAR, "prometheus", "Prometheus", stack)]
    if dash.loki:
        ds_vars.append(_datasource_variable(LOKI_VAR, "loki", "Loki", stack))
    data["templating"]["list"] = ds_vars + data["templating"]["list"]
    data["annotations"] = {"list": [_BUILTIN_ANNOTATION]}
    data["links"] = [{
        "title": f"{stack.title} dashboards",
        "type": "dashboards",
        "tags": [stack.name],
        "asDropdown": True,
        "icon": "external link",
        "tooltip": "",
        "targetBlank": False,
        "includeVars": False,
        "keepTime": True,
    }]
    data.pop("id", None)  # instance-local; provisioning identifies dashboards by uid
    data["version"] = 1
    for number, panel in enumerate(data["panels"], start=1):
        panel["id"] = number
    data["timepicker"] = {"refresh_intervals": ["30s", "1m", "5m", "15m", "30m", "1h"]}

    origins = {(): Origin(f"dashboard {dash.title!r}", dash.defined_at)}
    for index, panel in enumerate(panels):
        targets = getattr(panel, "targets", None) or []
        where = next((t.defined_at for t in targets if hasattr(t, "defined_at")), dash.defined_at)
        obj = f"dashboard {dash.title!r} / panel {panel.title!r}"
        origins[("panels", index)] = Origin(obj, where)
        for t_index, target in enumerate(targets):
            origins[("panels", index, "targets", t_index)] = Origin(obj, getattr(target, "defined_at", where))
    for index, var in enumerate(dash.variables, start=len(ds_vars)):
        origins[("templating", "list", index)] = Origin(f"dashboard {dash.title!r} / variable {var.name!r}", var.defined_at)
    return Artefact(dashboard_path(stack, dash), "dashboard", data, origins, stack.name)


def compile_datasources(stack: Stack) -> Artefact:
    alertmanager = [d for d in stack.datasources if d.type == "alertmanager"]
    entries = []
    origins = {}
    for index, ds in enumerate(stack.datasources):
        json_data = dict(ds.json_data)
        if ds.type == "prometheus":
            json_data.setdefault("timeInterval", stack.prometheus.scrape_interval)
            json_data.setdefault("httpMethod", "POST")
            if alertmanager:
                json_data.setdefault("alertmanagerUid", alertmanager[0].uid)
        if ds.type == "alertmanager":
            json_data.setdefault("implementation", "prometheus")
            json_data.setdefault("handleGrafanaManagedAlerts", False)
        entries.append({
            "name": ds.name,
            "type": ds.type,
            "uid": ds.uid,
            "url": ds.url,
            "access": "proxy",
            "isDefault": ds.default,
            "editable": False,
            "jsonData": json_data,
        })
        origins[("datasources", index)] = Origin(f"datasource {ds.name!r}", ds.defined_at)
    return Artefact(f"{stack.name}/grafana/provisioning/datasources/datasources.yaml", "datasources",
                    {"apiVersion": 1, "datasources": entries}, origins, stack.name)


def compile_dashboard_provider(stack: Stack, dashboards) -> Artefact:
    folders = sorted({d.folder for d in dashboards})
    providers = [{
        "name": f"{stack.name}-{folder_slug(folder)}",
        "orgId": 1,
        "folder": folder,
        "folderUid": f"{stack.name}-{folder_slug(folder)}"[:40],
        "type": "file",
        "disableDeletion": True,
        "allowUiUpdates": False,
        "updateIntervalSeconds": 30,
        "options": {"path": f"{DASHBOARDS_MOUNT}/{folder_slug(folder)}"},
    } for folder in folders]
    return Artefact(f"{stack.name}/grafana/provisioning/dashboards/dashboards.yaml", "dashboard-provider",
                    {"apiVersion": 1, "providers": providers}, {(): Origin("dashboard provider", stack.defined_at)},
                    stack.name)
