"""Every dashboard query goes through the datasource variable.

A target pinned to a datasource uid breaks when the dashboard is imported
into another Grafana (staging, a colleague's laptop) and cannot be switched.
"""

from obsgen.checks.base import Check, Finding, panels

# Grafana's built-in pseudo-datasources, which are not queried through a variable.
BUILTIN = {"-- Grafana --", "-- Mixed --", "-- Dashboard --", "__expr__", "grafana"}


def datasource_variables(dashboard: dict) -> dict:
    """name -> plugin type of every datasource variable."""
    out = {}
    for var in (dashboard.get("templating") or {}).get("list") or []:
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
    summary = "Every dashboard defines a datasource variable and every panel target queries through it, not a fixed uid."
    example = 'A target with `"datasource": {"type": "prometheus", "uid": "P1809F7CD0C75ACF3"}` instead of `${datasource}`.'

    def run(self, ctx):
        for art in ctx.of_kind("dashboard"):
            variables = datasource_variables(art.data)
            has_targets = False
            for path, panel in panels(art):
                for t_index, target in enumerate(panel.get("targets") or []):
                    if not isinstance(target, dict):
                        continue
                    has_targets = True
                    uid = uid_of(target.get("datasource") or panel.get("datasource"))
                    if uid in BUILTIN:
                        continue
                    name = variable_name(uid)
                    if name is None:
                        yield Finding(art, path + ("targets", t_index, "datasource"),
                                      f"target {target.get('refId', t_index)!r} uses datasource {uid!r} directly; "
                                      f"use a datasource variable such as ${{datasource}}")
                    elif name not in variables:
                        yield Finding(art, path + ("targets", t_index, "datasource"),
                                      f"target {target.get('refId', t_index)!r} uses ${{{name}}}, which is not a "
                                      f"datasource variable (have: {', '.join(sorted(map(str, variables))) or 'none'})")
            if has_targets and not variables:
                yield Finding(art, ("templating",), "dashboard has queries but no datasource variable")
