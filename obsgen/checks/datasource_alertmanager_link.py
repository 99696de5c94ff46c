"""Where an Alertmanager datasource is provisioned, every Prometheus datasource links to it (house).

obsgen links them so Grafana's alerting view shows the alerts and silences
of the Alertmanager that Prometheus sends to. Other setups may keep them
apart on purpose, so this is a house convention.
"""

from obsgen.checks.base import Check, Finding
from obsgen.checks.datasource_alertmanager import manager_uid, prometheus_and_managers


class DatasourceAlertmanagerLink(Check):
    id = "datasource-alertmanager-link"
    severity = "error"
    house = True
    summary = "When an Alertmanager datasource is provisioned, every Prometheus datasource sets `jsonData.alertmanagerUid`."
    example = "A Prometheus datasource with no `alertmanagerUid` beside a provisioned `shop-alertmanager`."

    def run(self, ctx):
        proms, managers = prometheus_and_managers(ctx)
        if not managers:
            return
        for art, index, ds in proms:
            if manager_uid(ds) is None:
                yield Finding(art, ("datasources", index, "jsonData"),
                              f"datasource {ds.get('name')!r} has no alertmanagerUid, though Alertmanager "
                              f"datasource {sorted(managers)[0]!r} is provisioned")
