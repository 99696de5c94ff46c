"""Every datasource uid a dashboard names is provisioned.

A dashboard whose datasource variable defaults to a uid Grafana does not have
opens with every panel in error.
"""

from obsgen.artefact import json_path
from obsgen.checks.base import Check, Finding, panels
from obsgen.checks.grouping import Groups, some
from obsgen.checks.dashboard_datasource import BUILTIN, uid_of, variable_name


def _list(value) -> list:
    return value if isinstance(value, list) else []


class DashboardDatasourceProvisioned(Check):
    id = "dashboard-datasource-provisioned"
    severity = "error"
    summary = ("Every concrete datasource uid in dashboards (panels, targets, the datasource variable's default) is a "
               "provisioned datasource, and datasource variables select a provisioned plugin type.")
    example = "A datasource variable whose current value is `prometheus-old` when datasources.yaml provisions `shop-prometheus`."

    def run(self, ctx):
        if not ctx.of_kind("datasources"):
            return  # nothing to compare against
        sources = [d for art in ctx.of_kind("datasources") for d in _list(art.data.get("datasources"))
                   if isinstance(d, dict)]
        uids = {d.get("uid") for d in sources if isinstance(d.get("uid"), str)}
        names = {d.get("name") for d in sources if isinstance(d.get("name"), str)}  # legacy: by name
        types = {d.get("type") for d in sources if isinstance(d.get("type"), str)}
        for art in ctx.of_kind("dashboard"):
            refs = []
            for path, panel in panels(art):
                refs.append((path + ("datasource",), panel.get("datasource")))
                for t_index, target in enumerate(_list(panel.get("targets"))):
                    if isinstance(target, dict):
                        refs.append((path + ("targets", t_index, "datasource"), target.get("datasource")))
            templating = art.data.get("templating") if isinstance(art.data.get("templating"), dict) else {}
            for index, var in enumerate(_list(templating.get("list"))):
                if not isinstance(var, dict):
                    continue
                if var.get("type") == "datasource":
                    if not isinstance(var.get("query"), str) or var.get("query") not in types:
                        yield Finding(art, ("templating", "list", index, "query"),
                                      f"datasource variable ${var.get('name')} selects type {var.get('query')!r}, "
                                      f"but no datasource of that type is provisioned")
                    current = var.get("current").get("value") if isinstance(var.get("current"), dict) else None
                    if isinstance(current, str) and current and variable_name(current) is None \
                            and current not in uids and current not in names and current != "default":
                        yield Finding(art, ("templating", "list", index, "current"),
                                      f"datasource variable ${var.get('name')} defaults to {current!r}, "
                                      f"which is not provisioned (have: {', '.join(sorted(map(str, uids)))})")
                else:
                    refs.append((("templating", "list", index, "datasource"), var.get("datasource")))
            missing = Groups()  # one finding per missing datasource, however many panels name it
            for path, ref in refs:
                uid = uid_of(ref)
                if uid is None or uid in BUILTIN or variable_name(uid) is not None:
                    continue
                if uid not in uids and not (isinstance(ref, str) and uid in names):
                    missing.add(uid, art, path, json_path(path))
            for uid, _art, path, places in missing.items():
                also = "" if len(places) == 1 else f", named in {some(places, 'place')}"
                yield Finding(art, path, f"datasource uid {uid!r} is not provisioned "
                                         f"(have: {', '.join(sorted(map(str, uids)))}){also}")
