"""Scrape targets: a job down, a job missing from discovery, and targets failing some of their scrapes."""

from __future__ import annotations

from obsgen.model.rules import Alert, Expected, Fires, Quiet, Runbook
from obsgen.queries import job_selector, jobs_selector, over_time
from obsgen.rules_lib.common import camel, render, repeat, series


def down_alert_name(service) -> str:
    """`<Job>Down`, the name `target_down` gives the alert of `service`: routing tests reference it by this."""
    return f"{camel(service.job)}Down"


def target_down(service, *, dashboard: str, for_: str = "2m", severity: str = "critical") -> Alert:
    """`<Job>Down`: every scrape of a target of the job has failed for `for_`."""
    instance = service.targets[0]
    up = series("up", {"job": service.job, "instance": instance})
    return Alert(
        name=down_alert_name(service),
        expr=f"up{job_selector(service)} == 0",
        for_=for_,
        severity=severity,
        team=service.team,
        service=service.job,
        summary=f"{service.description} is down.",
        description=f"{{{{ $labels.instance }}}} of job {{{{ $labels.job }}}} has failed every scrape for more than {for_}.",
        dashboard=dashboard,
        tests=[
            Fires("5m", [(up, "1 0 0 0 0 0")], [Expected(
                {"job": service.job, "instance": instance},
                f"{instance} of job {service.job} has failed every scrape for more than {for_}.",
            )]),
            # One missed scrape is a blip, not an outage.
            Quiet("5m", [(up, "1 1 1 1 0 1")], name="a single failed scrape"),
        ],
        runbook=Runbook(
            meaning=f"Prometheus cannot scrape {service.description} (job {service.job}): the process is down, "
                    "unreachable, or its metrics endpoint fails.",
            impact="Everything this job reports is blind: its dashboards go empty and its other alerts cannot fire.",
            steps=(
                f"Open Prometheus → Status → Targets and read the scrape error of job {service.job}.",
                "Check the container or process: is it running, restarting, or out of memory?",
                f"Check the network path and port from Prometheus to {', '.join(service.targets)}.",
                "Restart the service if it hangs; if it crashed, read its logs before restarting.",
            ),
        ),
    )


def jobs_absent(services, *, team: str, service: str, dashboard: str, for_: str = "5m",
                severity: str = "warning", name: str = "ScrapeJobAbsent") -> Alert:
    """One alert, labelled by job, when a job has no target at all (dropped from config or discovery)."""
    services = list(services)
    expr = "\nor\n".join(f"absent(up{job_selector(s)})" for s in services)
    present = [(series("up", {"job": s.job, "instance": s.targets[0]}), "1x10") for s in services]
    missing = services[-1]
    description = f"Prometheus has had no target for job {{{{ $labels.job }}}} for more than {for_}."
    return Alert(
        name=name,
        expr=expr,
        for_=for_,
        severity=severity,
        team=team,
        service=service,
        summary="A scrape job has no targets.",
        description=description,
        dashboard=dashboard,
        tests=[
            Fires("6m", present[:-1], [Expected({"job": missing.job}, render(description, **{"$labels.job": missing.job}))],
                  name=f"{missing.job} never discovered"),
            Quiet("6m", present, name="every job has its target"),
            # A reload that drops a job for a few minutes and brings it back is not an outage.
            Quiet("6m", [*present[:-1], (present[-1][0], "_x3 1x7")], name="target missing for 3 minutes only"),
        ],
        runbook=Runbook(
            meaning="A job that should be scraped has no target: it was removed from prometheus.yml, or service "
                    "discovery stopped returning it. The per-job Down alerts cannot fire for it.",
            impact="The job is unmonitored without anyone noticing: its dashboards are empty and its alerts silent.",
            steps=(
                "Open Prometheus → Status → Targets and Status → Configuration: is the job there?",
                "Compare the running configuration with build/<stack>/prometheus/prometheus.yml; redeploy if it differs.",
                "Check the last configuration reload (PrometheusConfigReloadFailed) and the Prometheus logs.",
            ),
        ),
    )


def scrapes_failing(services, *, team: str, service: str, dashboard: str, ratio: float = 0.1,
                    window: str = "15m", for_: str = "5m", severity: str = "warning",
                    name: str = "TargetScrapesFailing") -> Alert:
    """Targets that fail some scrapes but keep answering: flapping exporters, timeouts, overload.

    A target down for good is `<Job>Down`'s case; requiring a success within the last 5
    minutes keeps a steady outage out of this alert.
    """
    jobs = jobs_selector(services)
    target = services[0]
    up = series("up", {"job": target.job, "instance": target.targets[0]})
    description = (f"{{{{ $labels.instance }}}} of job {{{{ $labels.job }}}} failed {{{{ $value | humanizePercentage }}}} "
                   f"of its scrapes over the last {window}.")
    return Alert(
        name=name,
        expr=(f"(1 - {over_time('avg_over_time', 'up', jobs, window=window)}) > {ratio}\n"
              f"and\n{over_time('max_over_time', 'up', jobs, window='5m')} == 1"),
        for_=for_,
        severity=severity,
        team=team,
        service=service,
        summary="A target is failing part of its scrapes.",
        description=description,
        dashboard=dashboard,
        tests=[
            # One scrape in four fails: 4 of the 16 samples in the 15-minute window.
            Fires("20m", [(up, repeat("1 1 1 0", 6))], [Expected(
                {"job": target.job, "instance": target.targets[0]},
                f"{target.targets[0]} of job {target.job} failed 25% of its scrapes over the last {window}.",
            )]),
            Quiet("20m", [(up, "1x9 0 1x14")], name="one failed scrape in the window"),
            Quiet("20m", [(up, "1x4 0x20")], name="down for good is the Down alert's case"),
        ],
        runbook=Runbook(
            meaning=f"A target answers some scrapes and fails others (more than {ratio:.0%} over {window}): it times "
                    "out, restarts, or is overloaded.",
            impact="Gaps in its series make rates jumpy and can both hide and fake alerts.",
            steps=(
                "Open Prometheus → Status → Targets and read the last scrape error and duration of the target.",
                "Compare scrape_duration_seconds with the scrape timeout; a slow endpoint needs fewer series or more time.",
                "Check the target's CPU and memory and whether it restarts (ContainerRestarting).",
            ),
        ),
    )
