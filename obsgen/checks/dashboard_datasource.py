"""In a dashboard with a datasource variable, every query goes through it.

A target pinned to a datasource uid (or naming none, so Grafana's default
answers) keeps showing the old datasource when the user switches the
variable, and breaks when the dashboard is imported into another Grafana.
"""

from obsgen.checks.base import Check, Finding, panels
from obsgen.checks.dashboard_variables import import_inputs
from obsgen.checks.grouping import Groups, some

# Grafana's built-in pseudo-datasources, which are not queried through a variable.
BUILTIN = {"-- Grafana --", "-- Mixed --", "-- Dashboard --", "__expr__", "grafana"}
# Panels that show no query results.
NO_QUERY = {"row", "text", "news", "dashlist", "alertlist", "annolist", "welcome"}


def datasource_variables(dashboard: dict) -> dict:
    """name -> plugin type of every datasource variable."""
    out = {}
    templating = dashboard.get("templating") if isinstance(dashboard.get("templating"), dict) else {}
    found = templating.get("list") if isinstance(templating.get("list"), list) else []
    for var in found:
        if isinstance(var, dict) and var.get("type") == "datasource" and isinstance(var.get("name"), str):
            out[var["name"]] = var.get("query")
    return out


def uid_of(ref):
    """The uid a panel/target datasource reference names (new object form or legacy name string), or None."""
    if isinstance(ref, dict):
        ref = ref.get("uid")
    return ref if isinstance(ref, str) else None


def variable_name(uid):
    if isinstance(uid, str):
        if uid.startswith("${") and uid.endswith("}"):
            return uid[2:-1].split(":")[0]
        if uid.startswith("$"):
            return uid[1:]
    return None


class DashboardDatasource(Check):
    id = "dashboard-datasource"
    severity = "error"
    summary = ("In a dashboard with a datasource variable, every panel target queries through a datasource variable: "
               "not a fixed uid or name, and not nothing (Grafana's default datasource).")
    example = 'A target with `"datasource": {"type": "prometheus", "uid": "P1809F7CD0C75ACF3"}` beside `${datasource}` panels.'

    def run(self, ctx):
        for art in ctx.of_kind("dashboard"):
            variables = datasource_variables(art.data)
            if not variables:
                continue  # the author pinned every panel on purpose; dashboard-datasource-variable is the house rule
            shown = "${" + sorted(map(str, variables))[0] + "}"
            inputs = import_inputs(art.data)
            wrong = Groups()  # one finding per wrong datasource, however many targets use it
            for path, panel in panels(art):
                targets = panel.get("targets")
                if str(panel.get("type")) in NO_QUERY:
                    continue  # Grafana runs no query for a text or list panel, whatever targets it keeps
                for t_index, target in enumerate(targets if isinstance(targets, list) else []):
                    if not isinstance(target, dict) or ("expr" in target and not str(target["expr"] or "").strip()):
                        continue  # an empty query is never sent
                    ref = target.get("datasource") or panel.get("datasource")
                    if ref and not isinstance(ref, (dict, str)):
                        continue  # not a datasource reference at all; Grafana's schema check says so
                    uid = uid_of(ref)
                    if uid in BUILTIN or (isinstance(ref, dict) and uid is None and ref.get("type")):
                        continue  # built in, or a type Grafana resolves to its datasource of that type
                    where = path + ("targets", t_index, "datasource")
                    name = variable_name(uid)
                    target_name = f"target {target.get('refId', t_index)!r} of panel {panel.get('title')!r}"
                    if not uid:
                        wrong.add(("none", None), art, where, target_name)
                    elif name is None:
                        wrong.add(("fixed", uid), art, where, target_name)
                    elif name not in variables and name not in inputs:  # dashboard-variables explains inputs
                        wrong.add(("variable", name), art, where, target_name)
            for (kind, value), _art, where, names in wrong.items():
                one = len(names) == 1
                who = names[0] if one else some(names, "target")
                if kind == "none":
                    text = (f"{'names' if one else 'name'} no datasource, so Grafana queries its default datasource, "
                            f"not {shown} like the rest of the dashboard")
                elif kind == "fixed":
                    text = (f"{'uses' if one else 'use'} datasource {value!r} directly, so {'it ignores' if one else 'they ignore'} "
                            f"{shown}; use the datasource variable")
                else:
                    text = (f"{'uses' if one else 'use'} ${{{value}}}, which is not a datasource variable "
                            f"(have: {', '.join(sorted(map(str, variables)))})")
                yield Finding(art, where, f"{who} {text}")
