"""Grafana's Prometheus datasource points at the provisioned Alertmanager datasource.

With a wrong `alertmanagerUid`, Grafana's alerting view shows silences and
alerts from nowhere (or errors), though both datasources look fine alone.
"""

from obsgen.checks.base import Check, Finding


class DatasourceAlertmanager(Check):
    id = "datasource-alertmanager"
    severity = "error"
    summary = "Every Prometheus datasource's `jsonData.alertmanagerUid` names a provisioned Alertmanager datasource."
    example = "`alertmanagerUid: alertmanager` when the Alertmanager datasource's uid is `shop-alertmanager`."

    def run(self, ctx):
        for art in ctx.of_kind("datasources"):
            sources = art.data.get("datasources") or []
            managers = {d.get("uid") for d in sources if d.get("type") == "alertmanager"}
            for index, ds in enumerate(sources):
                if ds.get("type") != "prometheus":
                    continue
                uid = (ds.get("jsonData") or {}).get("alertmanagerUid")
                if uid is None:
                    if managers:
                        yield Finding(art, ("datasources", index, "jsonData"),
                                      f"datasource {ds.get('name')!r} has no alertmanagerUid, though Alertmanager "
                                      f"datasource {sorted(managers)[0]!r} is provisioned")
                elif uid not in managers:
                    yield Finding(art, ("datasources", index, "jsonData", "alertmanagerUid"),
                                  f"datasource {ds.get('name')!r} has alertmanagerUid {uid!r}, which is not an "
                                  f"Alertmanager datasource (have: {', '.join(sorted(map(str, managers))) or 'none'})")
