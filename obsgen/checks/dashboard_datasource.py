"""In a dashboard with a datasource variable, every query goes through it.

A target pinned to a datasource uid (or naming none, so Grafana's default
answers) keeps showing the old datasource when the user switches the
variable, and breaks when the dashboard is imported into another Grafana.
"""

from obsgen.checks.base import Check, Finding, panels

# Grafana's built-in pseudo-datasources, which are not queried through a variable.
BUILTIN = {"-- Grafana --", "-- Mixed --", "-- Dashboard --", "__expr__", "grafana"}


def datasource_variables(dashboard: dict) -> dict:
    """name -> plugin type of every datasource variable."""
    out = {}
    templating = dashboard.get("templating") if isinstance(dashboard.get("templating"), dict) else {}
    found = templating.get("list") if isinstance(templating.get("list"), list) else []
    for var in found:
        if isinstance(var, dict) and var.get("type") == "datasource":
            out[var.get("name")] = var.get("query")
    return out


def uid_of(ref):
    """The uid a panel/target datasource reference names (new object form or legacy name string)."""
    if isinstance(ref, dict):
        return ref.get("uid")
    return ref


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
            for path, panel in panels(art):
                targets = panel.get("targets")
                for t_index, target in enumerate(targets if isinstance(targets, list) else []):
                    if not isinstance(target, dict):
                        continue
                    ref = target.get("datasource") or panel.get("datasource")
                    uid = uid_of(ref)
                    if uid in BUILTIN or (isinstance(ref, dict) and uid is None and ref.get("type")):
                        continue  # built in, or a type Grafana resolves to its datasource of that type
                    where = path + ("targets", t_index, "datasource")
                    name = variable_name(uid)
                    ref_id = target.get("refId", t_index)
                    if not uid:
                        yield Finding(art, where, f"target {ref_id!r} names no datasource, so Grafana queries its default "
                                                  f"datasource, not {shown} like the rest of the dashboard")
                    elif name is None:
                        yield Finding(art, where, f"target {ref_id!r} uses datasource {uid!r} directly, so it ignores "
                                                  f"{shown}; use the datasource variable")
                    elif name not in variables:
                        yield Finding(art, where, f"target {ref_id!r} uses ${{{name}}}, which is not a datasource variable "
                                                  f"(have: {', '.join(sorted(map(str, variables)))})")
