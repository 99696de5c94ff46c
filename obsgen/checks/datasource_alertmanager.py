"""A Prometheus datasource's `alertmanagerUid` names a provisioned Alertmanager datasource.

With a wrong `alertmanagerUid`, Grafana's alerting view shows silences and
alerts from nowhere (or errors), though both datasources look fine alone.
Leaving it out is allowed (Grafana then shows no Alertmanager for that
Prometheus); wanting it set is the house check datasource-alertmanager-link.
"""

from obsgen.checks.base import Check, Finding


def prometheus_and_managers(ctx) -> tuple:
    """([(artefact, index, datasource)] of Prometheus datasources, uids of Alertmanager datasources) in every file."""
    proms, managers = [], set()
    for art in ctx.of_kind("datasources"):
        sources = art.data.get("datasources") if isinstance(art.data.get("datasources"), list) else []
        for index, ds in enumerate(sources):
            if not isinstance(ds, dict):
                continue
            if ds.get("type") == "alertmanager" and isinstance(ds.get("uid"), str):
                managers.add(ds["uid"])
            elif ds.get("type") == "prometheus":
                proms.append((art, index, ds))
    return proms, managers


def manager_uid(ds: dict):
    json_data = ds.get("jsonData") if isinstance(ds.get("jsonData"), dict) else {}
    return json_data.get("alertmanagerUid")


class DatasourceAlertmanager(Check):
    id = "datasource-alertmanager"
    severity = "error"
    summary = "Every Prometheus datasource's `jsonData.alertmanagerUid`, when set, names a provisioned Alertmanager datasource."
    example = "`alertmanagerUid: alertmanager` when the Alertmanager datasource's uid is `shop-alertmanager`."

    def run(self, ctx):
        proms, managers = prometheus_and_managers(ctx)
        for art, index, ds in proms:
            uid = manager_uid(ds)
            if uid is not None and (not isinstance(uid, str) or uid not in managers):
                yield Finding(art, ("datasources", index, "jsonData", "alertmanagerUid"),
                              f"datasource {ds.get('name')!r} has alertmanagerUid {uid!r}, which is not an "
                              f"Alertmanager datasource (have: {', '.join(sorted(managers)) or 'none'})")
