"""Monitoring the monitoring: Prometheus and Alertmanager health, and the Watchdog heartbeat."""

from __future__ import annotations

import attr

from obsgen.model.rules import Alert, Expected, Fires, Quiet, Runbook
from obsgen.queries import job_selector, over_time, rate
from obsgen.rules_lib.common import render, series


@attr.s(frozen=True, auto_attribs=True)
class CounterAlert:
    """An alert on any increase of a failure counter of the monitoring stack."""

    name: str
    metric: str
    window: str
    severity: str
    summary: str
    what: str  # "failed compactions"
    meaning: str
    impact: str
    steps: tuple
    labels: tuple = ()  # labels the counter carries besides job and instance, with a test value each
    for_: str | None = None


# The TSDB keeps working through one failure; a repeat within the window means it is stuck.
TSDB = (
    CounterAlert("PrometheusTsdbCompactionsFailing", "prometheus_tsdb_compactions_failed_total", "3h", "warning",
                 "Prometheus fails to compact its TSDB.", "failed compactions",
                 "Prometheus could not compact head data into blocks.",
                 "The head block grows: memory rises and, if it persists, Prometheus runs out of memory or disk.",
                 ("Read the Prometheus log for 'compaction failed' and the error after it.",
                  "Check the data volume for free space and filesystem errors (HostDiskAlmostFull).",
                  "If a block is corrupt, stop Prometheus, move the block named in the log aside, and restart.")),
    CounterAlert("PrometheusTsdbReloadsFailing", "prometheus_tsdb_reloads_failures_total", "3h", "warning",
                 "Prometheus fails to reload TSDB blocks from disk.", "failed block reloads",
                 "Prometheus could not load persisted blocks from disk.",
                 "Queries over the affected time range return gaps; retention cleanup may stall.",
                 ("Read the Prometheus log for 'reloadBlocks' errors.",
                  "Check disk health and permissions of the data directory.",
                  "Move the broken block aside and restart Prometheus.")),
    CounterAlert("PrometheusTsdbWalCorruptions", "prometheus_tsdb_wal_corruptions_total", "3h", "critical",
                 "Prometheus found corruption in its write-ahead log.", "WAL corruptions",
                 "The write-ahead log that protects recent samples is corrupt.",
                 "Recent samples may be lost at the next restart, and alerts on them can misfire.",
                 ("Read the Prometheus log for the WAL segment named in the error.",
                  "Check the disk for I/O errors (dmesg) and free space.",
                  "Back up the data directory, then restart Prometheus so it repairs the WAL.")),
    CounterAlert("PrometheusTsdbTruncationsFailing", "prometheus_tsdb_head_truncations_failed_total", "3h", "warning",
                 "Prometheus fails to truncate its TSDB head.", "failed head truncations",
                 "Prometheus could not drop old samples from the in-memory head block.",
                 "Memory use keeps growing until Prometheus is OOM-killed.",
                 ("Read the Prometheus log around 'head truncation failed'.",
                  "Check memory of the Prometheus container (ContainerMemoryNearLimit).",
                  "Restart Prometheus in a quiet period if memory keeps growing.")),
)


def _counter_alert(spec: CounterAlert, service, dashboard: str) -> Alert:
    labels = {"job": service.job, "instance": service.targets[0], **dict(spec.labels)}
    where = " for rule group {{ $labels.rule_group }}" if "rule_group" in labels else ""
    description = (f"{{{{ $labels.instance }}}} recorded {spec.what}{where} within the last {spec.window}; "
                   f"{{{{ $labels.job }}}} is not healthy.")
    rendered = render(description, **{"$labels.instance": labels["instance"], "$labels.job": labels["job"],
                                      "$labels.rule_group": labels.get("rule_group", "")})
    return Alert(
        name=spec.name,
        expr=f"{over_time('increase', spec.metric, job_selector(service), window=spec.window)} > 0",
        for_=spec.for_,
        severity=spec.severity,
        team=service.team,
        service=service.job,
        summary=spec.summary,
        description=description,
        dashboard=dashboard,
        tests=[
            Fires("10m", [(series(spec.metric, labels), "0x4 1x6")], [Expected(labels, rendered)],
                  name="the counter went up"),
            Quiet("10m", [(series(spec.metric, labels), "3x10")], name="failures long ago, none in the window"),
        ],
        runbook=Runbook(spec.meaning, spec.impact, spec.steps),
    )


def prometheus_alerts(prom, *, dashboard: str, notification_error_ratio: float = 0.01) -> list:
    """Health of the Prometheus server scraped by job `prom.job`: rules, config, alert delivery, TSDB."""
    job, instance = prom.job, prom.targets[0]
    sel = job_selector(prom)
    target = {"job": job, "instance": instance}
    group = "/etc/prometheus/rules/app.yml;app"
    am = "http://alertmanager:9093/api/v2/alerts"
    common = {"team": prom.team, "service": job, "dashboard": dashboard}
    rule_text = ("{{ $labels.instance }} failed {{ $value | humanize }} evaluations of rule group {{ $labels.rule_group }} "
                 "in the last 5 minutes.")
    missed_text = ("{{ $labels.instance }} missed {{ $value | humanize }} evaluations of rule group "
                   "{{ $labels.rule_group }} in the last 5 minutes because it evaluated too slowly.")
    reload_text = "{{ $labels.instance }} has failed to load its configuration for 10 minutes; it runs the previous one."
    am_text = "{{ $labels.instance }} has discovered no Alertmanager for 10 minutes; alerts go nowhere."
    notify_text = ("{{ $labels.instance }} failed to send {{ $value | humanizePercentage }} of alerts to "
                   "{{ $labels.alertmanager }} over the last 5 minutes.")
    limit_text = ("{{ $labels.instance }} rejected {{ $value | humanize }} scrapes in the last 5 minutes because a target "
                  "exceeded its sample limit.")

    def filled(text: str, **values) -> str:
        return render(text, **{"$labels.instance": instance, "$labels.rule_group": group, "$labels.alertmanager": am,
                               **values})

    def gauge(metric: str, values: str, **extra) -> list:
        return [(series(metric, {**target, **extra}), values)]

    return [
        Alert(name="PrometheusRuleEvaluationFailures",
              expr=f"{over_time('increase', 'prometheus_rule_evaluation_failures_total', sel, window='5m')} > 0",
              for_="5m", severity="critical", summary="Prometheus is failing to evaluate rules.",
              description=rule_text, **common,
              tests=[Fires("12m", gauge("prometheus_rule_evaluation_failures_total", "0+1x12", rule_group=group),
                           [Expected({**target, "rule_group": group}, filled(rule_text, **{"$value | humanize": "5"}))]),
                     Quiet("12m", gauge("prometheus_rule_evaluation_failures_total", "0x5 1x7", rule_group=group),
                           name="one failure, not sustained")],
              runbook=Runbook("Some rules fail to evaluate: a query errors (many-to-many match, bad function input) "
                              "or hits a limit.",
                              "Alerts in the failing group cannot fire and recorded series stop, so dashboards break.",
                              ("Open Prometheus → Status → Rules: the failing rule shows its last error.",
                               "Check whether a new label made a join many-to-many; fix the rule definition.",
                               "Run obsgen build and obsgen test, then reload Prometheus."))),
        Alert(name="PrometheusMissedRuleEvaluations",
              expr=f"{over_time('increase', 'prometheus_rule_group_iterations_missed_total', sel, window='5m')} > 0",
              for_="10m", severity="warning", summary="Prometheus is skipping rule evaluations.",
              description=missed_text, **common,
              tests=[Fires("16m", gauge("prometheus_rule_group_iterations_missed_total", "0+1x16", rule_group=group),
                           [Expected({**target, "rule_group": group}, filled(missed_text, **{"$value | humanize": "5"}))]),
                     Quiet("16m", gauge("prometheus_rule_group_iterations_missed_total", "0x10 1x6", rule_group=group),
                           name="a single miss")],
              runbook=Runbook("A rule group takes longer than its interval, so Prometheus skips iterations.",
                              "Alerts in that group react late and recordings have gaps.",
                              ("Compare prometheus_rule_group_last_duration_seconds with the group's interval.",
                               "Find the slow rule (Status → Rules shows each rule's evaluation time).",
                               "Move expensive expressions into recording rules or widen the group interval."))),
        Alert(name="PrometheusConfigReloadFailed",
              expr=f"{over_time('max_over_time', 'prometheus_config_last_reload_successful', sel, window='10m')} == 0",
              severity="warning", summary="Prometheus failed to reload its configuration.",
              description=reload_text, **common,
              tests=[Fires("12m", gauge("prometheus_config_last_reload_successful", "1 0x12"),
                           [Expected(target, filled(reload_text))]),
                     Quiet("12m", gauge("prometheus_config_last_reload_successful", "1x3 0x9"),
                           name="failed reload for 9 minutes")],
              runbook=Runbook("The last configuration reload was rejected; Prometheus keeps running the previous one.",
                              "Changes to scrape jobs and rules are not live, so new alerts do not exist yet.",
                              ("Run promtool check config on the deployed prometheus.yml.",
                               "Read the Prometheus log for the reload error.",
                               "Deploy the fixed configuration and reload again."))),
        Alert(name="PrometheusNotConnectedToAlertmanagers",
              expr=f"{over_time('max_over_time', 'prometheus_notifications_alertmanagers_discovered', sel, window='10m')} < 1",
              severity="critical", summary="Prometheus has no Alertmanager to send alerts to.",
              description=am_text, **common,
              tests=[Fires("12m", gauge("prometheus_notifications_alertmanagers_discovered", "1 0x12"),
                           [Expected(target, filled(am_text))]),
                     Quiet("12m", gauge("prometheus_notifications_alertmanagers_discovered", "1x3 0x9"),
                           name="no Alertmanager for 9 minutes")],
              runbook=Runbook("Prometheus discovers no Alertmanager, so alerts it fires reach nobody.",
                              "Every alert is silent until this is fixed; only the Watchdog's absence shows it.",
                              ("Check the alerting section of prometheus.yml and that Alertmanager is up (AlertmanagerDown).",
                               "Check DNS and network from Prometheus to the Alertmanager address.",
                               "Restart Alertmanager if it hangs."))),
        Alert(name="PrometheusNotificationErrors",
              expr=(f"{rate('prometheus_notifications_errors_total', sel, window='5m')}\n"
                    f"  / {rate('prometheus_notifications_sent_total', sel, window='5m')}\n> {notification_error_ratio}"),
              for_="10m", severity="critical", summary="Prometheus cannot deliver alerts to Alertmanager.",
              description=notify_text, **common,
              tests=[Fires("20m", gauge("prometheus_notifications_errors_total", "0+6x20", alertmanager=am)
                           + gauge("prometheus_notifications_sent_total", "0+60x20", alertmanager=am),
                           [Expected({**target, "alertmanager": am},
                                     filled(notify_text, **{"$value | humanizePercentage": "10%"}))]),
                     Quiet("20m", gauge("prometheus_notifications_errors_total", "0x20", alertmanager=am)
                           + gauge("prometheus_notifications_sent_total", "0+60x20", alertmanager=am),
                           name="every alert delivered")],
              runbook=Runbook(f"More than {notification_error_ratio:.0%} of alert pushes from Prometheus to an "
                              "Alertmanager fail.",
                              "Alerts arrive late or never: on-call is not paged for real incidents.",
                              ("Read the Prometheus log for 'Error sending alert' and the HTTP status.",
                               "Check Alertmanager is up and reachable, and not rejecting alerts (alertmanager_alerts_invalid_total).",
                               "Fix the network path or the Alertmanager address in prometheus.yml."))),
        Alert(name="PrometheusScrapeSampleLimitHit",
              expr=f"{over_time('increase', 'prometheus_target_scrapes_exceeded_sample_limit_total', sel, window='5m')} > 0",
              for_="10m", severity="warning", summary="Scrapes are rejected for exceeding the sample limit.",
              description=limit_text, **common,
              tests=[Fires("16m", gauge("prometheus_target_scrapes_exceeded_sample_limit_total", "0+1x16"),
                           [Expected(target, filled(limit_text, **{"$value | humanize": "5"}))]),
                     Quiet("16m", gauge("prometheus_target_scrapes_exceeded_sample_limit_total", "0x10 1x6"),
                           name="one rejected scrape")],
              runbook=Runbook("A target exposes more series than its scrape job's sample_limit; every such scrape is "
                              "dropped whole.",
                              "The target looks down (up == 0) and all its series go missing.",
                              ("Find the target: scrape_samples_scraped by job and instance.",
                               "Find the label that exploded (a user id or URL path in a label) and fix the instrumentation.",
                               "Raise the limit only if the growth is legitimate."))),
        *(_counter_alert(spec, prom, dashboard) for spec in TSDB),
    ]


def alertmanager_alerts(am, *, dashboard: str, failure_ratio: float = 0.01) -> list:
    """Health of the Alertmanager scraped by job `am.job`: notification delivery and configuration."""
    target = {"job": am.job, "instance": am.targets[0]}
    sel = job_selector(am)
    common = {"team": am.team, "service": am.job, "dashboard": dashboard}
    failed_text = ("{{ $labels.instance }} failed {{ $value | humanizePercentage }} of notifications to "
                   "{{ $labels.integration }} over the last 5 minutes.")
    reload_text = "{{ $labels.instance }} has failed to load its configuration for 10 minutes; it runs the previous one."

    def counters(failed: str, total: str) -> list:
        return [(series("alertmanager_notifications_failed_total", {**target, "integration": "slack"}), failed),
                (series("alertmanager_notifications_total", {**target, "integration": "slack"}), total)]

    return [
        Alert(name="AlertmanagerNotificationsFailing",
              expr=(f"{rate('alertmanager_notifications_failed_total', sel, window='5m')}\n"
                    f"  / {rate('alertmanager_notifications_total', sel, window='5m')}\n> {failure_ratio}"),
              for_="5m", severity="critical", summary="Alertmanager fails to deliver notifications.",
              description=failed_text, **common,
              tests=[Fires("15m", counters("0+30x15", "0+60x15"), [Expected(
                         {**target, "integration": "slack"},
                         render(failed_text, **{"$labels.instance": am.targets[0], "$value | humanizePercentage": "50%",
                                                "$labels.integration": "slack"}))]),
                     Quiet("15m", counters("0x15", "0+60x15"), name="every notification delivered")],
              runbook=Runbook(f"More than {failure_ratio:.0%} of notifications to an integration (Slack, email) fail.",
                              "Alerts fire but nobody is told: incidents go unnoticed.",
                              ("Read the Alertmanager log for 'Notify for alerts failed' and the integration's error.",
                               "Check the mounted secret (webhook URL, SMTP password) and the provider's status page.",
                               "Send a test alert with amtool alert add once fixed."))),
        Alert(name="AlertmanagerConfigReloadFailed",
              expr=f"{over_time('max_over_time', 'alertmanager_config_last_reload_successful', sel, window='10m')} == 0",
              severity="warning", summary="Alertmanager failed to reload its configuration.",
              description=reload_text, **common,
              tests=[Fires("12m", [(series("alertmanager_config_last_reload_successful", target), "1 0x12")],
                           [Expected(target, render(reload_text, **{"$labels.instance": am.targets[0]}))]),
                     Quiet("12m", [(series("alertmanager_config_last_reload_successful", target), "1x3 0x9")],
                           name="failed reload for 9 minutes")],
              runbook=Runbook("The last Alertmanager configuration reload was rejected; it keeps the previous routing.",
                              "Routing changes (new receivers, teams) are not live.",
                              ("Run amtool check-config on the deployed alertmanager.yml.",
                               "Read the Alertmanager log for the reload error.",
                               "Deploy the fixed configuration and reload again."))),
    ]


def watchdog(prom, *, dashboard: str, name: str = "Watchdog") -> Alert:
    """Always firing while Prometheus scrapes itself: an external dead man's switch pages when it stops arriving.

    Severity is `info` so no team is paged by it; route it by alertname to the heartbeat receiver.
    """
    target = {"job": prom.job, "instance": prom.targets[0]}
    up = series("up", target)
    description = ("Heartbeat from {{ $labels.instance }}: the alerting pipeline works while this alert keeps "
                   "arriving.")
    return Alert(
        name=name,
        expr=f"up{job_selector(prom)} == 1",
        severity="info",
        team=prom.team,
        service=prom.job,
        summary="The alerting pipeline is alive.",
        description=description,
        dashboard=dashboard,
        labels={"heartbeat": "true"},
        tests=[
            Fires("1m", [(up, "1 1")], [Expected(target, render(description, **{"$labels.instance": prom.targets[0]}))]),
            # The heartbeat stops when Prometheus cannot even scrape itself; the dead man's switch notices.
            Quiet("1m", [(up, "1 0")], name="Prometheus cannot scrape itself"),
        ],
        runbook=Runbook(
            "This alert always fires. It proves that Prometheus evaluates rules and Alertmanager delivers them; an "
            "external dead man's switch expects it and pages when it stops.",
            "None while it fires. If it stops arriving, no alert reaches anyone.",
            ("Do not silence it. If the dead man's switch reports it missing, check Prometheus, then Alertmanager, "
             "then the route to the heartbeat receiver.",),
        ),
    )
