"""Monitoring the monitoring: scrapes, rule evaluation, alert delivery, the TSDB, and the Watchdog heartbeat."""

from obsgen.api import monitoring, RuleGroup, targets
from stacks.brainbytes import ALERTMANAGER_JOB, OVERVIEW, PROMETHEUS_JOB


def group(stack):
    prom = stack.service(PROMETHEUS_JOB)
    return RuleGroup("brainbytes-monitoring", [
        targets.scrapes_failing([s for s in stack.services if not s.optional], team=prom.team, service=prom.job,
                                dashboard=OVERVIEW),
        *monitoring.prometheus_alerts(prom, dashboard=OVERVIEW),
        *monitoring.alertmanager_alerts(stack.service(ALERTMANAGER_JOB), dashboard=OVERVIEW),
        monitoring.watchdog(prom, dashboard=OVERVIEW),
    ])
