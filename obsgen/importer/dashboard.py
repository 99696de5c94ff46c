"""Grafana dashboard JSON → one obsgen dashboard module.

The dashboard is first brought to the current model (`obsgen.grafana.migrate`),
exported placeholders (`${DS_PROMETHEUS}` with `__inputs`) are resolved, and every
datasource reference becomes the stack's datasource variable. Each panel is then
written with the public builders: `panel(...)` by Grafana's own field names
(units, thresholds, overrides, colours, legends, plugin options), `prom(...)` /
`loki(...)` targets, `Variable` for plain query variables and `variable({...})`
for the rest. Panels go into `Row`s when the rows reproduce the original grid,
otherwise into a `Grid` at their original positions. A value equal to its
default is left out; a panel plugin obsgen has no builder for is carried over
as written, with a comment.
"""

from __future__ import annotations

import json
import os
import re
import types
from typing import Any

from obsgen.grafana import migrate as mig
from obsgen.grafana.defaults import panel_defaults, prune
from obsgen.grafana.query import LOKI_VAR, PROMETHEUS_VAR
from obsgen.importer.codegen import Call, Comment, Name, expr, identifier, import_line, module, used_names

PROMETHEUS_REF = {"type": "prometheus", "uid": "${%s}" % PROMETHEUS_VAR}
LOKI_REF = {"type": "loki", "uid": "${%s}" % LOKI_VAR}

# Panel types Grafana ships; any other type is a plugin obsgen carries over as written.
CORE_PANELS = {
    "timeseries", "stat", "gauge", "bargauge", "table", "piechart", "heatmap", "histogram", "barchart", "text",
    "logs", "row", "state-timeline", "status-history", "alertlist", "annolist", "dashlist", "news", "nodeGraph",
    "traces", "flamegraph", "geomap", "canvas", "xychart", "trend", "candlestick", "datagrid", "welcome",
    "gettingstarted", "debug",
}
_PANEL_KEYS = {"id", "gridPos", "type", "title", "description", "datasource", "targets", "fieldConfig", "options",
               "links", "transformations"}
# Panel keys whose value is Grafana's default: leaving them out changes nothing on screen.
_PANEL_DEFAULTS = {"transparent": False, "interval": None, "timeFrom": None, "timeShift": None,
                   "hideTimeOverride": False, "repeat": None, "maxDataPoints": None, "repeatDirection": None,
                   "cacheTimeout": None, "queryCachingTTL": None, "libraryPanel": None}
_TARGET_DEFAULTS = {"hide": False, "exemplar": False, "interval": "", "intervalFactor": 1, "step": None,
                    "legendFormat": "", "format": "time_series", "instant": False, "range": True,
                    "editorMode": "code", "metric": "", "datasource": None, "key": None}


class ImportError_(ValueError):
    """A file that is not a dashboard (not JSON, not an object, no title)."""


def load(path: str) -> dict:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError) as exc:
        raise ImportError_(f"{path}: not readable JSON ({' '.join(str(exc).split())})") from None
    if isinstance(data, dict) and isinstance(data.get("dashboard"), dict):
        data = data["dashboard"]  # the HTTP API's export wraps the model with its meta
    if not isinstance(data, dict) or not (isinstance(data.get("panels"), list) or isinstance(data.get("rows"), list)):
        raise ImportError_(f"{path}: not a Grafana dashboard (no panels or rows)")
    return data


# --- placeholders and datasources ---------------------------------------------------------------

def _walk_strings(value, fn):
    if isinstance(value, dict):
        return {k: _walk_strings(v, fn) for k, v in value.items()}
    if isinstance(value, list):
        return [_walk_strings(v, fn) for v in value]
    if isinstance(value, str):
        return fn(value)
    return value


def resolve_inputs(data: dict) -> dict:
    """Replace exported `${DS_X}` / `${VAR_X}` placeholders: datasources by the stack's variable, constants by value."""
    raw_inputs = data.get("__inputs")
    inputs = [i for i in raw_inputs if isinstance(i, dict) and isinstance(i.get("name"), str) and i["name"]] \
        if isinstance(raw_inputs, list) else []
    if not inputs:
        return data
    table = {}
    for item in inputs:
        if item.get("type") == "datasource":
            plugin = item.get("pluginId")
            table[item["name"]] = "${%s}" % (LOKI_VAR if plugin == "loki" else PROMETHEUS_VAR)
        elif "value" in item:
            table[item["name"]] = str(item["value"])
    pattern = re.compile(r"\$\{(" + "|".join(re.escape(n) for n in sorted(table, key=len, reverse=True)) + r")\}")
    out = _walk_strings(data, lambda s: pattern.sub(lambda m: table[m.group(1)], s))
    for key in ("__inputs", "__requires", "__elements"):
        out.pop(key, None)
    return out


def _variables(data: dict) -> list:
    templating = data.get("templating")
    found = templating.get("list") if isinstance(templating, dict) else None
    return found if isinstance(found, list) else []


_VAR_REF = re.compile(r"^\$\{?([A-Za-z_][A-Za-z0-9_]*)(?::[a-z]+)?\}?$|^\[\[([A-Za-z_][A-Za-z0-9_]*)\]\]$")


class _Datasources:
    """Which datasource each reference means, and the stack variable it becomes."""

    def __init__(self, data: dict) -> None:
        self.variables = {}
        for var in _variables(data):
            if isinstance(var, dict) and var.get("type") == "datasource" and isinstance(var.get("name"), str):
                self.variables[var["name"]] = "loki" if var.get("query") == "loki" else (
                    "prometheus" if var.get("query") in ("prometheus", None, "") else str(var.get("query")))
        self.loki = False

    def kind(self, ref: Any) -> str | None:
        """'prometheus', 'loki', another plugin id, or None when the reference means the default datasource."""
        if ref is None:
            return None
        if isinstance(ref, str):
            ref = {"uid": ref}
        if not isinstance(ref, dict):
            return "?"
        uid = ref.get("uid")
        found = _VAR_REF.match(uid) if isinstance(uid, str) else None
        if found:
            name = found.group(1) or found.group(2)
            if name in self.variables:
                return self.variables[name]
            if name in (PROMETHEUS_VAR,):
                return "prometheus"
            if name == LOKI_VAR:
                return "loki"
        kind = ref.get("type")
        if kind in ("prometheus", "loki"):
            return kind
        if uid is None and kind is None:
            return None
        if kind is None and isinstance(uid, str) and not found:
            # A datasource named without its type (schema < 33 stored names): Grafana looks the name up in
            # its instance; here a name that says Loki is Loki and any other is the Prometheus it nearly always is.
            return "loki" if "loki" in uid.lower() else "prometheus"
        return str(kind or "?")

    def ref(self, ref: Any) -> Any:
        """The stack's variable for a Prometheus or Loki reference; any other reference unchanged."""
        kind = self.kind(ref)
        if kind == "prometheus":
            return PROMETHEUS_REF
        if kind == "loki":
            self.loki = True
            return LOKI_REF
        return ref

    def rewrite_text(self, text: str) -> str:
        """`$ds_var` in variable queries etc. → the stack's variable of the same plugin."""
        for name, kind in self.variables.items():
            target = PROMETHEUS_VAR if kind == "prometheus" else LOKI_VAR if kind == "loki" else None
            if target and name != target:
                text = re.sub(r"\$\{%s\}|\$%s\b|\[\[%s\]\]" % (name, name, name), "${%s}" % target, text)
        return text


# --- panels -------------------------------------------------------------------------------------

def _ref_name(ref: Any) -> Any:
    if ref == PROMETHEUS_REF:
        return Name("PROMETHEUS")
    if ref == LOKI_REF:
        return Name("LOKI")
    return ref


def _target(target: dict, panel_kind: str | None, ds: _Datasources, index: int = 0) -> Any:
    own = target.get("datasource")
    kind = ds.kind(own) if own is not None else panel_kind
    if kind in (None, "prometheus", "loki") and isinstance(target.get("expr"), str):
        loki = kind == "loki"
        if loki:
            ds.loki = True
        fields = {}
        for key, value in target.items():
            if key in ("expr", "legendFormat", "refId", "datasource"):
                continue
            if key in ("instant", "format") and not loki:
                continue
            if key in _TARGET_DEFAULTS and value == _TARGET_DEFAULTS[key]:
                continue
            if key == "range" and target.get("instant"):
                continue
            if loki and key in ("queryType",) and value == "range":
                continue
            fields[key] = value
        args = [target["expr"]]
        legend = target.get("legendFormat") or ""
        if legend:
            args.append(legend)
        kwargs = {}
        if target.get("refId") and str(target["refId"]) != _default_ref(index):
            kwargs["ref"] = str(target["refId"])
        if not loki and target.get("instant") is True:
            kwargs["instant"] = True
        if not loki and target.get("format") not in (None, "time_series"):
            kwargs["fmt"] = target["format"]
        if own is None and kind is None:
            pass  # follows the panel's datasource: the stack's Prometheus variable
        if fields:
            return Call("loki_query" if loki else "query", *args, **kwargs, **fields) if all(
                k.isidentifier() for k in fields) else Call("raw_target", dict(target, datasource=ds.ref(own)))
        return Call("loki" if loki else "prom", *args, **kwargs)
    data = dict(target)
    if "datasource" in data:
        data["datasource"] = ds.ref(data["datasource"])
    return Call("raw_target", data)


def _default_ref(index: int) -> str:
    from obsgen.grafana.raw import _ref  # the refId the builder gives a target that has none
    return _ref(index)


def _threshold_steps(config: Any) -> tuple:
    """((colour, value) steps, mode) when the thresholds are plain steps; (None, None) keeps them as written."""
    if not isinstance(config, dict) or set(config) - {"mode", "steps"} or not isinstance(config.get("steps"), list):
        return None, None
    if not isinstance(config.get("mode", "absolute"), str):
        return None, None
    steps = []
    for step in config["steps"]:
        if not isinstance(step, dict) or set(step) - {"color", "value"} or "color" not in step:
            return None, None
        steps.append((step["color"], step.get("value")))
    return steps, config.get("mode")


def panel_call(panel: dict, ds: _Datasources, position: str) -> list:
    """[Comment?, Call] writing one panel; `position` is "at" (Grid), "size" or "" (Row default)."""
    kind = panel.get("type") if isinstance(panel.get("type"), str) else "unknown"
    panel_ref = panel.get("datasource")
    panel_kind = ds.kind(panel_ref)
    args: list = [kind, panel.get("title") if isinstance(panel.get("title"), str) else ""]
    for target in panel.get("targets") or []:
        if isinstance(target, dict):
            args.append(_target(target, panel_kind, ds, len(args) - 2))
    kwargs: dict = {}
    if isinstance(panel.get("description"), str) and panel["description"]:
        kwargs["description"] = panel["description"]
    if "datasource" in panel and panel_ref is not None:
        kwargs["datasource"] = _ref_name(ds.ref(panel_ref))
    field_config = panel.get("fieldConfig")
    if isinstance(field_config, dict):
        defaults = dict(field_config.get("defaults") or {}) if isinstance(field_config.get("defaults"), dict) else {}
        grafana = panel_defaults(kind)
        for key in ("unit", "decimals", "min", "max", "color", "custom"):
            if key in defaults and defaults[key] is not None:
                value = defaults.pop(key)
                if key in grafana:  # what Grafana assumes anyway is left out
                    value = prune(value, grafana[key])
                if value is not ...:
                    kwargs[key] = value
            else:
                defaults.pop(key, None) if defaults.get(key, 0) is None else None
        if "thresholds" in defaults:
            steps, mode = _threshold_steps(defaults["thresholds"])
            if steps is not None:
                defaults.pop("thresholds")
                kwargs["thresholds"] = steps
                if mode and mode != "absolute":
                    kwargs["threshold_mode"] = mode
        if defaults.get("mappings"):
            kwargs["mappings"] = defaults.pop("mappings")
        elif "mappings" in defaults and defaults["mappings"] == []:
            defaults.pop("mappings")
        if defaults:
            kwargs["defaults"] = defaults
        overrides = field_config.get("overrides")
        if isinstance(overrides, list) and overrides:
            kwargs["overrides"] = overrides
    elif "fieldConfig" not in panel:
        kwargs["field_config"] = False
    if isinstance(panel.get("options"), dict):
        options = prune(panel["options"], panel_defaults(kind)["options"]) if "options" in panel_defaults(kind) \
            else panel["options"]
        if options is not ...:
            kwargs["options"] = options
    for key in ("links", "transformations"):
        if isinstance(panel.get(key), list) and panel[key]:
            kwargs[key] = panel[key]
    extra = {k: v for k, v in panel.items()
             if k not in _PANEL_KEYS and not (k in _PANEL_DEFAULTS and v in (_PANEL_DEFAULTS[k], "", None))}
    if kind in CORE_PANELS:
        extra.pop("pluginVersion", None)  # Grafana sets it on save to the version it runs
    if extra:
        kwargs["extra"] = extra
    pos = _grid(panel)
    if position == "at":
        kwargs["at"] = pos
    elif position == "size":
        kwargs["width"], kwargs["height"] = pos[2], pos[3]
    out: list = []
    if kind not in CORE_PANELS:
        note = f"panel plugin {kind!r} has no obsgen builder: carried over as written"
        kwargs["note"] = note
        out.append(Comment(note[0].upper() + note[1:] + "."))
    out.append(Call("panel", *args, **kwargs))
    return out


def _grid(panel: dict) -> tuple:
    pos = panel.get("gridPos") if isinstance(panel.get("gridPos"), dict) else {}

    def num(key, default):
        value = pos.get(key)
        return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else default

    if panel.get("type") == "row":  # Grafana's grid shows every row full width and one line high
        return 0, num("y", 0), 24, 1
    return num("x", 0), num("y", 0), num("w", 12), num("h", 8)


# --- layout -------------------------------------------------------------------------------------

def _as_rows(panels: list) -> list | None:
    """[(title, height, [(panel, width, height)])] when obsgen's Row layout reproduces the grid exactly."""
    from obsgen.grafana.layout import place  # the real placement, so "reproduces" cannot drift

    if not panels or panels[0].get("type") != "row":
        return None
    groups: list = []
    for panel in panels:
        if panel.get("type") == "row":
            if panel.get("collapsed") or panel.get("panels") or set(panel) - {"type", "title", "gridPos", "id",
                                                                              "collapsed", "panels"}:
                return None
            groups.append((panel, []))
        else:
            groups[-1][1].append(panel)
    rows = []
    for header, members in groups:
        heights = [_grid(p)[3] for p in members]
        height = max(set(heights), key=lambda h: (heights.count(h), -h)) if heights else 8
        default_w = max(24 // len(members), 1) if members else 24
        layout = []
        for member in members:
            _, _, w, h = _grid(member)
            sized = (w, h) if (w != default_w or h != height) else None
            layout.append((member, sized))
        rows.append((header, height, layout))
    fake_rows = [types.SimpleNamespace(title=h.get("title", ""), height=height, panels=[
        types.SimpleNamespace(gridPos=(types.SimpleNamespace(w=s[0], h=s[1]) if s else None)) for _, s in layout])
        for h, height, layout in rows]
    placed = place(fake_rows)
    want = [_grid(p) for p in panels]
    got = [(p.gridPos.x, p.gridPos.y, p.gridPos.w, p.gridPos.h) for p in placed]
    return rows if got == want else None


def _compact(panels: list) -> list:
    """Panels moved up as far as Grafana's grid lets them float (it compacts vertically on load)."""
    placed: list = []
    out = []
    for panel in mig.sort_panels(panels):
        x, y, w, h = _grid(panel)
        while y > 0 and not any(_overlap((x, y - 1, w, h), other) for other in placed):
            y -= 1
        placed.append((x, y, w, h))
        out.append(dict(panel, gridPos={"x": x, "y": y, "w": w, "h": h}))
    return out


def _overlap(a, b) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


# --- variables ----------------------------------------------------------------------------------

_SIMPLE_VARIABLE = {"type", "name", "label", "query", "datasource", "multi", "includeAll", "allValue", "current",
                    "options", "refresh", "sort", "hide", "regex", "definition", "description", "skipUrlSync",
                    "error", "tagValuesQuery", "tagsQuery", "useTags", "tags"}


def _variable_call(var: dict, ds: _Datasources) -> Any:
    var = _walk_strings(var, ds.rewrite_text)
    if "datasource" in var:
        var["datasource"] = ds.ref(var["datasource"])
    query = var.get("query")
    if isinstance(query, dict):
        query = query.get("query")
    kind = ds.kind(var.get("datasource"))
    simple = (var.get("type") == "query" and isinstance(query, str) and query and not var.get("regex")
              and var.get("hide", 0) in (0, None) and set(var) <= _SIMPLE_VARIABLE
              and isinstance(var.get("name"), str) and re.match(r"^[a-zA-Z_][a-zA-Z0-9_]*$", var["name"])
              and kind in (None, "prometheus", "loki")
              # Variable() refreshes on time range change and sorts alphabetically; anything else stays as written
              and var.get("refresh") == 2 and var.get("sort") == 1
              and (not var.get("includeAll") or isinstance(var.get("allValue"), str) and var["allValue"]))
    if not simple:
        return Call("variable", {k: v for k, v in var.items() if k not in ("current", "options") or
                                 var.get("type") in ("custom", "constant", "textbox", "interval")})
    kwargs: dict = {}
    if var.get("label") and var["label"] != var["name"]:
        kwargs["label"] = var["label"]
    if not var.get("multi"):
        kwargs["multi"] = False
    if not var.get("includeAll"):
        kwargs["include_all"] = False
    elif var.get("allValue") != ".*":
        kwargs["all_value"] = var["allValue"]
    if kind == "loki":
        kwargs["datasource"] = Name("LOKI_VAR")
        ds.loki = True
    return Call("Variable", var["name"], query, **kwargs)


# --- the module ---------------------------------------------------------------------------------

def slug_for(path: str, stack: str, taken: set) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", os.path.splitext(os.path.basename(path))[0].lower()).strip("-") or "dashboard"
    room = max(40 - len(stack) - 1, 8)
    slug = base[:room].strip("-") or "dashboard"
    candidate, number = slug, 2
    while candidate in taken:
        suffix = f"-{number}"
        candidate = slug[:room - len(suffix)].strip("-") + suffix
        number += 1
    taken.add(candidate)
    return candidate


def import_dashboard(data: dict, *, source: str, slug: str, folder: str = "General") -> str:
    """The Python module (source text) defining `dashboard(stack)` for one dashboard's JSON."""
    data = mig.migrate(resolve_inputs(data))
    ds = _Datasources(data)
    panels = _compact([p for p in data.get("panels") or [] if isinstance(p, dict)])
    rows = _as_rows(panels)
    layout: Any
    if rows is not None:
        layout = []
        for header, height, members in rows:
            calls: list = []
            for member, sized in members:
                made = panel_call(member, ds, "")
                if sized:
                    made[-1].kwargs["width"], made[-1].kwargs["height"] = sized
                calls.extend(made)
            kwargs = {"height": height} if height != 8 else {}
            layout.append(Call("Row", header.get("title") or "", calls, **kwargs))
    else:
        items: list = []
        for panel in panels:
            if panel.get("type") == "row":
                inner: list = []
                for nested in panel.get("panels") or []:
                    if isinstance(nested, dict):
                        inner.extend(panel_call(nested, ds, "at"))
                extra = {k: v for k, v in panel.items()
                         if k not in ("type", "title", "gridPos", "id", "collapsed", "panels") and v not in (None, "")}
                kwargs: dict = {}
                if panel.get("collapsed"):
                    kwargs["collapsed"] = True
                x, y, w, h = _grid(panel)
                kwargs["at"] = (x, y, w, h)
                if "datasource" in extra:  # rows saved by old Grafana versions keep a datasource and targets
                    extra["datasource"] = ds.ref(extra["datasource"])
                if isinstance(extra.get("targets"), list):
                    extra["targets"] = [dict(t, datasource=ds.ref(t["datasource"])) if isinstance(t, dict)
                                        and "datasource" in t else t for t in extra["targets"]]
                if extra:
                    kwargs["extra"] = _walk_strings(extra, ds.rewrite_text)
                items.append(Call("row", panel.get("title") or "", *inner, **kwargs))
            else:
                items.extend(panel_call(panel, ds, "at"))
        layout = [Call("Grid", items)]
    variables = [_variable_call(v, ds) for v in _variables(data) if isinstance(v, dict) and v.get("type") != "datasource"]
    title = data.get("title") if isinstance(data.get("title"), str) and data.get("title") else slug
    description = data.get("description") if isinstance(data.get("description"), str) else ""
    kwargs = {"slug": slug, "title": title,
              "description": description or f"{title} (imported from {os.path.basename(source)}).",
              "folder": folder}
    if folder == "General":
        kwargs.pop("folder")
    tags = [t for t in data.get("tags") if isinstance(t, str)] if isinstance(data.get("tags"), list) else []
    if tags:
        kwargs["tags"] = tags
    if variables:
        kwargs["variables"] = variables
    if ds.loki:
        kwargs["loki"] = True
    time_from = (data.get("time") or {}).get("from") if isinstance(data.get("time"), dict) else None
    if isinstance(time_from, str) and time_from and time_from != "now-6h":
        kwargs["time_from"] = time_from
    refresh = data.get("refresh")
    refresh = refresh if isinstance(refresh, str) else ""
    if refresh != "30s":
        kwargs["refresh"] = refresh
    kwargs["rows"] = layout
    call = Call("Dashboard", **kwargs)
    names = used_names(call) | {n.text for n in _names(call)}
    doc = (f"{title}: imported from {os.path.basename(source)} by `obsgen import dashboard`.\n\n"
           "Written with Grafana's own field names so it builds back to the same dashboard; bring it up to the\n"
           "house conventions (docs/import.md) by replacing `panel(...)` with the typed builders over time.")
    body = "def dashboard(stack):\n" + expr(call, 1, "return ")
    return module(doc, [import_line("obsgen.api", names)], [body])


def _names(value, out=None) -> list:
    out = [] if out is None else out
    if isinstance(value, Name) and value.text.isidentifier():
        out.append(value)
    if isinstance(value, Call):
        for item in list(value.args) + list(value.kwargs.values()):
            _names(item, out)
    elif isinstance(value, dict):
        for item in value.values():
            _names(item, out)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _names(item, out)
    return out


def module_name(slug: str) -> str:
    return identifier(slug, "dashboard")
