"""Every Grafana variable a dashboard references is defined in its templating list.

An undefined `$cluster` is sent to Prometheus literally: the query matches
nothing and the panel says "No data" with no hint why.
"""

from obsgen import promql
from obsgen.artefact import json_path
from obsgen.checks.grouping import Groups, some
from obsgen.checks.base import Check, Finding, panels

# Variables Grafana itself provides.
GLOBAL = {
    "__interval", "__interval_ms", "__rate_interval", "__rate_interval_ms", "__range", "__range_s", "__range_ms",
    "__from", "__to", "__dashboard", "__org", "__user", "__name", "__auto", "__timeFilter", "timeFilter", "__all",
    "__series", "__field", "__value", "__data", "__cell", "__url", "__url_time_range", "__timezone", "__datasource",
}
# Table cells in legacy table links: $__cell_0, $__cell_1, ...
_GLOBAL_PREFIXES = ("__cell_",)


def import_inputs(dashboard: dict) -> set:
    """Names in an exported dashboard's `__inputs` (e.g. DS_PROMETHEUS): Grafana fills them on import only."""
    inputs = dashboard.get("__inputs")
    return {i["name"] for i in inputs if isinstance(i, dict) and isinstance(i.get("name"), str)} \
        if isinstance(inputs, list) else set()


def _strings(value, path):
    """(path, string) for every string inside a JSON value."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key in sorted(value):
            yield from _strings(value[key], path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, path + (index,))


class DashboardVariables(Check):
    id = "dashboard-variables"
    severity = "error"
    summary = "Every `$var`, `${var}` or `[[var]]` used in queries, datasources, titles and variable queries is defined."
    example = 'A panel querying `up{cluster="$cluster"}` on a dashboard with no `cluster` variable.'

    def run(self, ctx):
        for art in ctx.of_kind("dashboard"):
            templating = art.data.get("templating") if isinstance(art.data.get("templating"), dict) else {}
            variables = templating.get("list") if isinstance(templating.get("list"), list) else []
            defined = {v.get("name") for v in variables if isinstance(v, dict) and isinstance(v.get("name"), str)} | GLOBAL
            inputs = import_inputs(art.data)
            places = []
            for path, panel in panels(art):
                for key in ("targets", "datasource", "title"):
                    if key in panel:
                        places.append((path + (key,), panel[key]))
            for index, var in enumerate(variables):
                if isinstance(var, dict):
                    for key in ("query", "datasource", "definition"):
                        if key in var:
                            places.append((("templating", "list", index, key), var[key]))
            missing = Groups()  # one finding per variable, however many places use it
            for path, value in places:
                for at, text in _strings(value, path):
                    for name in promql.variables(text, comments=at[-1] in ("expr", "query")):
                        if name not in defined and not name.startswith(_GLOBAL_PREFIXES):
                            missing.add(name, art, at, json_path(at))
            for name, _art, at, where in missing.items():
                also = "" if len(where) == 1 else f" ({some(where, 'place')})"
                if name in inputs:
                    yield Finding(art, at, f"${{{name}}} is an import input (__inputs): Grafana fills it when the "
                                           f"dashboard is imported, never when it is provisioned{also}")
                else:
                    yield Finding(art, at, f"variable ${name} is used but not defined in templating{also}")
