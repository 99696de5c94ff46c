"""The platform under the API: scrape targets, containers, Loki, Prometheus itself and the Watchdog heartbeat."""

from obsgen.api import containers, http, monitoring, RuleGroup, Runbook, targets
from stacks.copilotos import API_JOB, CADVISOR_JOB, CONTAINERS, LOKI_JOB, MONITORING, PROMETHEUS_JOB


def loki_errors(stack, dashboard: str):
    """Loki's own HTTP metrics have the shape of any API's, so the shared error-ratio alert applies."""
    limit = stack.threshold("loki_request_error_ratio")
    return http.error_ratio_alert(
        stack.service(LOKI_JOB), name="LokiRequestErrors", counter="loki_request_duration_seconds_count", threshold=limit,
        what="requests", status_label="status_code", labels={"method": "POST", "route": "loki_api_v1_push", "ws": "false"},
        dashboard=dashboard, severity="warning", for_="10m", summary="Loki fails pushes or queries.",
        runbook=Runbook(
            meaning=f"More than {limit.value:.0%} of Loki's requests (Promtail pushes and Grafana queries) return 5xx.",
            impact="Failed pushes are retried and then dropped by Promtail: log lines go missing; failed queries "
                   "leave the Logs dashboard empty.",
            steps=("Open Monitoring the monitoring: are pushes (loki_api_v1_push) or queries failing?",
                   "Read Loki's own log (docker logs loki) for the error, often a full disk or too many streams.",
                   "Check the loki_data volume's free space and Loki's memory on Containers.")))


def group(stack):
    prom = stack.service(PROMETHEUS_JOB)
    health = MONITORING
    return RuleGroup("copilotos-platform", [
        *(targets.target_down(service, dashboard=health) for service in stack.services),
        targets.jobs_absent(stack.services, team=prom.team, service=prom.job, dashboard=health),
        targets.scrapes_failing(stack.services, team=prom.team, service=prom.job, dashboard=health),
        *containers.alerts(stack.service(CADVISOR_JOB), dashboard=CONTAINERS, container=stack.service(API_JOB).job,
                           restarts=stack.threshold("container_restarts"),
                           memory_ratio=stack.threshold("container_memory_limit_ratio")),
        loki_errors(stack, health),
        *monitoring.prometheus_alerts(prom, dashboard=health),
        monitoring.watchdog(prom, dashboard=health),
    ])
