"""Monitoring the monitoring: scrapes, rule evaluation, alert delivery, the TSDB, and the Watchdog heartbeat."""

from obsgen.api import monitoring, RuleGroup, targets

OVERVIEW = "brainbytes-system-overview"


def group(stack):
    prom = stack.service("prometheus")
    return RuleGroup("brainbytes-monitoring", [
        targets.scrapes_failing([s for s in stack.services if not s.optional], team=prom.team, service=prom.job,
                                dashboard=OVERVIEW),
        *monitoring.prometheus_alerts(prom, dashboard=OVERVIEW),
        *monitoring.alertmanager_alerts(stack.service("alertmanager"), dashboard=OVERVIEW),
        monitoring.watchdog(prom, dashboard=OVERVIEW),
    ])
