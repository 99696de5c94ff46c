"""Every datasource uid a dashboard names is provisioned.

A dashboard whose datasource variable defaults to a uid Grafana does not have
opens with every panel in error.
"""

from obsgen.checks.base import Check, Finding, panels
from obsgen.checks.dashboard_datasource import BUILTIN, uid_of, variable_name


class DashboardDatasourceProvisioned(Check):
    id = "dashboard-datasource-provisioned"
    severity = "error"
    summary = ("Every concrete datasource uid in dashboards (panels, targets, the datasource variable's default) is a "
               "provisioned datasource, and datasource variables select a provisioned plugin type.")
    example = "A datasource variable whose current value is `prometheus-old` when datasources.yaml provisions `shop-prometheus`."

    def run(self, ctx):
        sources = [d for art in ctx.of_kind("datasources") for d in art.data.get("datasources") or []]
        if not ctx.of_kind("datasources"):
            return  # nothing to compare against
        uids = {d.get("uid") for d in sources}
        names = {d.get("name") for d in sources}  # legacy dashboards reference datasources by name
        types = {d.get("type") for d in sources}
        for art in ctx.of_kind("dashboard"):
            refs = []
            for path, panel in panels(art):
                refs.append((path + ("datasource",), panel.get("datasource")))
                for t_index, target in enumerate(panel.get("targets") or []):
                    if isinstance(target, dict):
                        refs.append((path + ("targets", t_index, "datasource"), target.get("datasource")))
            for index, var in enumerate((art.data.get("templating") or {}).get("list") or []):
                if not isinstance(var, dict):
                    continue
                if var.get("type") == "datasource":
                    if var.get("query") not in types:
                        yield Finding(art, ("templating", "list", index, "query"),
                                      f"datasource variable ${var.get('name')} selects type {var.get('query')!r}, "
                                      f"but no datasource of that type is provisioned")
                    current = (var.get("current") or {}).get("value")
                    if current and variable_name(current) is None and current not in uids and current != "default":
                        yield Finding(art, ("templating", "list", index, "current"),
                                      f"datasource variable ${var.get('name')} defaults to {current!r}, "
                                      f"which is not provisioned (have: {', '.join(sorted(map(str, uids)))})")
                else:
                    refs.append((("templating", "list", index, "datasource"), var.get("datasource")))
            for path, ref in refs:
                uid = uid_of(ref)
                if uid is None or uid in BUILTIN or variable_name(uid) is not None:
                    continue
                if uid not in uids and not (isinstance(ref, str) and uid in names):
                    yield Finding(art, path, f"datasource uid {uid!r} is not provisioned "
                                             f"(have: {', '.join(sorted(map(str, uids)))})")
