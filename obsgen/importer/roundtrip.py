"""Import, build, compare: does a dashboard, rule file or routing config come back the same?

Both sides are normalised as Grafana would load them (the schema migration, Grafana's
defaults, the grid compacted upwards) and then compared on what a reader sees:
panels with their titles, types, queries, units, thresholds and grid positions.
Everything runs in one process: the generated module is compiled and executed
directly, then built with obsgen's own compiler.
"""

from __future__ import annotations

import math
import os
from typing import Any, NamedTuple

from obsgen.grafana import migrate as mig
from obsgen.importer import dashboard as importer
from obsgen.model.catalog import Catalog
from obsgen.model.stack import Datasource, Stack

# What Grafana shows for a panel whose thresholds are not set.
GRAFANA_THRESHOLDS = {"mode": "absolute", "steps": [{"color": "green", "value": None}, {"color": "red", "value": 80}]}
_NO_FIELD_CONFIG = {"row", "text", "dashlist", "news", "alertlist", "annolist", "welcome", "gettingstarted"}


def scratch_stack(name: str = "imported") -> Stack:
    """A stack with a Prometheus and a Loki datasource, enough to build any imported definition."""
    return Stack(name=name, title=name.title(), catalog=Catalog([]), services=(), teams=(), datasources=(
        Datasource(name="Prometheus", type="prometheus", uid=f"{name}-prometheus", url="http://prometheus:9090",
                   default=True),
        Datasource(name="Loki", type="loki", uid=f"{name}-loki", url="http://loki:3100"),
    ))


def run_module(source: str, filename: str, entry: str, *args) -> Any:
    """Execute generated module text and call its entry point (no file, no subprocess)."""
    namespace: dict = {"__name__": "obsgen_imported", "__file__": filename}
    exec(compile(source, filename, "exec"), namespace)  # noqa: S102 - our own generated code
    return namespace[entry](*args)


def _number(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return value
    return value


def _thresholds(panel: dict) -> Any:
    if panel.get("type") in _NO_FIELD_CONFIG:
        return None
    defaults = ((panel.get("fieldConfig") or {}).get("defaults") or {}) if isinstance(panel.get("fieldConfig"), dict) else {}
    config = defaults.get("thresholds") if isinstance(defaults, dict) else None
    if not isinstance(config, dict) or not isinstance(config.get("steps"), list):
        config = GRAFANA_THRESHOLDS
    steps = []
    for index, step in enumerate(config["steps"]):
        if not isinstance(step, dict):
            continue
        steps.append((step.get("color"), None if index == 0 else _number(step.get("value"))))
    return (config.get("mode") or "absolute", tuple(steps))


def _unit(panel: dict) -> Any:
    field_config = panel.get("fieldConfig")
    defaults = field_config.get("defaults") if isinstance(field_config, dict) else None
    return defaults.get("unit") if isinstance(defaults, dict) else None


def _queries(panel: dict) -> tuple:
    out = []
    for target in panel.get("targets") or []:
        if isinstance(target, dict):
            out.append((target.get("expr"), target.get("legendFormat") or "", bool(target.get("instant")),
                        target.get("format") or "time_series"))
    return tuple(out)


def _flatten(panels: list) -> list:
    out = []
    for panel in panels:
        out.append(panel)
        if panel.get("type") == "row":
            out.extend(p for p in panel.get("panels") or [] if isinstance(p, dict))
    return out


def normal_form(dashboard: dict) -> list:
    """What a reader sees, per panel in reading order: type, title, queries, unit, thresholds, grid."""
    data = mig.migrate(importer.resolve_inputs(dashboard))
    panels = importer._compact([p for p in data.get("panels") or [] if isinstance(p, dict)])
    return [{"type": p.get("type"), "title": p.get("title") or "", "queries": _queries(p), "unit": _unit(p),
             "thresholds": _thresholds(p), "grid": importer._grid(p)} for p in _flatten(panels)]


def difference(before: list, after: list) -> str:
    """'' when equal, else the first difference in words."""
    if len(before) != len(after):
        return f"{len(before)} panels became {len(after)}"
    for index, (a, b) in enumerate(zip(before, after)):
        for key in a:
            if a[key] != b[key]:
                return f"panel {index} ({a['title']!r}): {key} {a[key]!r} became {b[key]!r}"
    return ""


class DashboardTrip(NamedTuple):
    """One dashboard file imported and built back."""

    source: str  # the generated module
    built: dict  # the dashboard obsgen builds from it
    difference: str  # '' when a reader sees the same dashboard, else the first difference in words
    data: dict  # the file as loaded
    definition: Any  # the Dashboard the module returns


def dashboard_round_trip(path: str, stack: Stack | None = None, taken: set | None = None) -> DashboardTrip:
    """Import one dashboard file, build the module back and compare. `taken`: slugs already used in this run."""
    from obsgen.compile.grafana import compile_dashboard

    stack = stack or scratch_stack()
    data = importer.load(path)
    slug = importer.slug_for(path, stack.name, set() if taken is None else taken)
    source = importer.import_dashboard(data, source=path, slug=slug)
    dash = run_module(source, f"dashboards/{stack.name}/{importer.module_name(slug)}.py", "dashboard", stack)
    built = compile_dashboard(stack, dash).data
    return DashboardTrip(source, built, difference(normal_form(data), normal_form(built)), data, dash)


def corpus_dashboards(root: str) -> list:
    out = []
    for folder, _dirs, files in os.walk(root):
        out.extend(os.path.join(folder, f) for f in files if f.endswith(".json") and "dashboards" in folder)
    return sorted(out)


def _rule_form(group: dict) -> dict:
    """A rule group as Prometheus reads it: scalars as strings where it takes strings, empty fields absent."""
    out = {"name": group.get("name"), "rules": []}
    for key in ("interval", "limit"):
        if group.get(key):
            out[key] = str(group[key])
    for rule in group.get("rules") or []:
        item = {}
        for key, value in rule.items():
            if value in (None, "", {}, []):
                continue
            if key in ("labels", "annotations"):
                value = {str(k): v if isinstance(v, str) else str(v).lower() if isinstance(v, bool) else str(v)
                         for k, v in value.items()}
            elif not isinstance(value, str):
                value = str(value)
            item[key] = value
        out["rules"].append(item)
    return out


def rules_round_trip(path: str, stack: Stack | None = None) -> list:
    """[(group name, module source, difference or '')] for one rule file."""
    from obsgen.compile.prometheus import compile_rule_group
    from obsgen.importer import rules as rules_importer

    stack = stack or scratch_stack()
    out = []
    for group in rules_importer.load(path):
        source = rules_importer.import_group(group, source=path)
        built = run_module(source, f"rules/{stack.name}/{rules_importer.identifier(group['name'])}.py", "group", stack)
        data = compile_rule_group(stack, built).data["groups"][0]
        before, after = _rule_form(group), _rule_form(data)
        out.append((group["name"], source, "" if before == after else _first_difference(before, after)))
    return out


def _first_difference(before: dict, after: dict) -> str:
    for key in sorted(set(before) | set(after)):
        if key != "rules" and before.get(key) != after.get(key):
            return f"{key} {before.get(key)!r} became {after.get(key)!r}"
    for index, (a, b) in enumerate(zip(before["rules"], after["rules"])):
        if a != b:
            return f"rule {index}: {a!r} became {b!r}"
    return f"{len(before['rules'])} rules became {len(after['rules'])}"


def alertmanager_round_trip(path: str, stack: Stack | None = None) -> tuple:
    """(module source, notes, difference or '') for one alertmanager.yml."""
    from obsgen.compile.alertmanager import compile_alertmanager
    from obsgen.importer import alertmanager as am

    stack = stack or scratch_stack()
    data = am.load(path)
    source, notes = am.import_alertmanager(data, source=path)
    config = run_module(source, f"alertmanager/{stack.name}.py", "config", stack)
    built = compile_alertmanager(stack, config)[0].data
    before, after = am.normal_form(data), am.normal_form(built)
    if before == after:
        return source, notes, ""
    for key in sorted(set(before) | set(after)):
        if before.get(key) != after.get(key):
            return source, notes, f"{key}: {before.get(key)!r} became {after.get(key)!r}"
    return source, notes, "differs"


def _grafana_defaults(panel: dict) -> dict:
    """The panel as Grafana shows it: options, custom field config and colour mode it leaves unset filled in."""
    from obsgen.grafana.defaults import fill, panel_defaults

    grafana = panel_defaults(panel.get("type"))
    if not grafana:
        return panel
    out = dict(panel)
    if "options" in grafana:
        out["options"] = fill(out.get("options") if isinstance(out.get("options"), dict) else None, grafana["options"])
    field_config = dict(out.get("fieldConfig") or {}) if isinstance(out.get("fieldConfig"), dict) else {}
    defaults = dict(field_config.get("defaults") or {}) if isinstance(field_config.get("defaults"), dict) else {}
    for key in ("custom", "color"):
        if key in grafana:
            defaults[key] = fill(defaults.get(key) if isinstance(defaults.get(key), dict) else None, grafana[key])
    field_config["defaults"] = defaults
    out["fieldConfig"] = field_config
    return out


def _strip(value, defaults: dict | None = None):
    """Panel JSON without what the import rewrites on purpose: ids, datasource references, default values."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key in ("id", "datasource", "pluginVersion"):
                continue
            if defaults is not None and key in defaults and item in (defaults[key], "", None):
                continue
            out[key] = _strip(item, defaults)
        return out
    if isinstance(value, list):
        return [_strip(item, defaults) for item in value]
    return value


def _leaves(value, path=()):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, path + (key,))
    elif isinstance(value, list) and value:
        for index, item in enumerate(value):
            yield from _leaves(item, path + (index,))
    else:
        yield path, value


def _get(value, path):
    for step in path:
        if isinstance(value, dict) and step in value:
            value = value[step]
        elif isinstance(value, list) and isinstance(step, int) and step < len(value):
            value = value[step]
        else:
            return KeyError
    return value


def dropped(source: dict, built: dict) -> list:
    """JSON paths of source panel values that the built dashboard does not carry (empty: nothing lost)."""
    defaults = {**importer._PANEL_DEFAULTS, **importer._TARGET_DEFAULTS}
    data = mig.migrate(importer.resolve_inputs(source))
    before = _flatten(importer._compact([p for p in data.get("panels") or [] if isinstance(p, dict)]))
    after = _flatten([p for p in built.get("panels") or [] if isinstance(p, dict)])
    out = []
    for index, (a, b) in enumerate(zip(before, after)):
        a, b = _strip(_grafana_defaults(a), defaults), _strip(_grafana_defaults(b), defaults)
        a.pop("gridPos", None)
        if a.get("type") == "row":
            a.pop("panels", None)
        for path, value in _leaves(a):
            if value in ({}, [], ""):
                continue
            if _get(b, path) != value:
                out.append(f"panel {index} ({a.get('title')!r}): {'.'.join(map(str, path))}")
    return out
