"""HTTP-style services (RED): an error-ratio alert and a latency alert for any counter and histogram.

Metric names, the status label and its failure values, thresholds and the
labels of the test series are arguments, so any stack's API (or any counter
split by outcome, such as tool invocations) gets alerts proven by promtool to
fire above the threshold and stay quiet below it. The test traffic is derived
from the threshold, never written per stack.
"""

from __future__ import annotations

import math

from obsgen.model.rules import Alert, Expected, Fires, Quiet, Runbook
from obsgen.model.stack import format_number
from obsgen.queries import bucket_rate, job_selector, quantile as histogram_quantile, rate, total
from obsgen.rules_lib.common import number, percent, render, series, value

_PER_MINUTE = 100  # test events per minute: a share of them is a whole number of events


def humanize_duration(seconds: float) -> str:
    """What Prometheus' `humanizeDuration` template function prints for a positive number of seconds."""
    if seconds < 1:
        raise ValueError("test latencies are at least one second")
    whole = int(seconds)
    days, hours, minutes, secs = whole // 86400, whole // 3600 % 24, whole // 60 % 60, whole % 60
    if days:
        return f"{days}d {hours}h {minutes}m {secs}s"
    if hours:
        return f"{hours}h {minutes}m {secs}s"
    if minutes:
        return f"{minutes}m {secs}s"
    return f"{seconds:.4g}s"


def error_ratio_alert(service, *, name: str, counter: str, threshold, dashboard, summary: str,
                      runbook: Runbook | None = None, what: str = "requests", status_label: str = "status",
                      bad_match: str = '=~"5.."', good_value: str = "200", bad_value: str = "500",
                      labels: dict | None = None, team: str | None = None, window: str = "5m", for_: str = "5m",
                      severity: str = "critical", recorded: str | None = None) -> Alert:
    """Share of `counter` events of job `service.job` whose `status_label` matches `bad_match`, above `threshold`.

    `labels` are the other labels of the test series (e.g. method and endpoint). With `recorded`, the
    alert compares that recorded error ratio (by job, over `window`) instead of computing it; the tests
    still feed the raw counter, so they prove the recording rules under the alert too.
    """
    job = service.job
    base = {"job": job, "instance": service.targets[0], **(labels or {})}
    text = (f"{{{{ $value | humanizePercentage }}}} of {what} of {{{{ $labels.job }}}} failed over the last {window} "
            f"(threshold {percent(threshold)}).")
    bad_at_twice = min(_PER_MINUTE // 2, round(2 * value(threshold) * _PER_MINUTE))
    bad_under = math.floor(0.8 * value(threshold) * _PER_MINUTE)

    def traffic(bad: int, total: int = _PER_MINUTE) -> tuple:
        good = total - bad if total else 0
        return ((series(counter, {**base, status_label: good_value}), f"0+{good}x20"),
                (series(counter, {**base, status_label: bad_value}), f"0+{bad}x20"))

    return Alert(
        name=name,
        expr=(f"{recorded}{job_selector(service)} > {number(threshold)}" if recorded else
              f"{total(rate(counter, job_selector(service, status_label + bad_match), window=window), ('job',))}\n"
              f"  / {total(rate(counter, job_selector(service), window=window), ('job',))}\n> {number(threshold)}"),
        for_=for_, severity=severity, team=team or service.team, service=job, dashboard=dashboard,
        summary=summary, description=text,
        tests=[
            Fires("15m", traffic(bad_at_twice), [Expected({"job": job}, render(
                text, **{"$labels.job": job, "$value | humanizePercentage": f"{bad_at_twice * 100 / _PER_MINUTE:g}%"}))],
                  name=f"{bad_at_twice}% failing"),
            Quiet("15m", traffic(bad_under), name=f"{bad_under}% failing, under the threshold"),
            Quiet("15m", traffic(0, total=0), name="no traffic"),
        ],
        runbook=runbook,
    )


def latency_alert(service, *, name: str, histogram: str, threshold, dashboard, summary: str,
                  runbook: Runbook | None = None, labels: dict | None = None, team: str | None = None,
                  quantile: float = 0.95, window: str = "5m", for_: str = "10m", severity: str = "warning",
                  recorded: str | None = None) -> Alert:
    """The `quantile` of histogram `histogram` (without `_bucket`) of job `service.job` above `threshold` seconds.

    With `recorded`, the alert compares that recorded quantile (by job) instead of computing it; the
    tests still feed the raw buckets, so they prove the recording rules under the alert too.
    """
    job = service.job
    limit = value(threshold)
    base = {"job": job, "instance": service.targets[0], **(labels or {})}
    q = f"p{format_number(quantile * 100)}"
    text = (f"{q} latency of {{{{ $labels.job }}}} has been {{{{ $value | humanizeDuration }}}} for {for_} "
            f"(threshold {number(threshold)}s).")
    bounds = (limit / 2, limit, 2 * limit)

    def buckets(per_minute: tuple) -> tuple:
        les = [format_number(b) for b in bounds] + ["+Inf"]
        return tuple((series(f"{histogram}_bucket", {**base, "le": le}), f"0+{count}x30")
                     for le, count in zip(les, per_minute + (per_minute[-1],)))

    # 1200 a minute: 600 within T/2, 960 within T, all within 2T. The quantile's rank falls
    # between T and 2T and is interpolated linearly inside that bucket.
    rank = quantile * 1200
    fired = limit + limit * (rank - 960) / 240
    if not 960 < rank <= 1200:
        raise ValueError(f"quantile {quantile} is outside what the generated latency test covers (0.8 to 1)")
    return Alert(
        name=name,
        expr=(f"{recorded}{job_selector(service)} > {number(threshold)}" if recorded else
              f"{histogram_quantile(quantile, bucket_rate(histogram, job_selector(service), window=window), ('job',))}\n"
              f"> {number(threshold)}"),
        for_=for_, severity=severity, team=team or service.team, service=job, dashboard=dashboard,
        summary=summary, description=text,
        tests=[
            Fires("20m", buckets((600, 960, 1200)), [Expected({"job": job}, render(
                text, **{"$labels.job": job, "$value | humanizeDuration": humanize_duration(fired)}))],
                  name=f"{q} {format_number(fired)}s"),
            # Everything within T: the quantile interpolates inside the T/2..T bucket, under the line.
            Quiet("20m", buckets((600, 1200, 1200)), name=f"{q} under {number(threshold)}s"),
        ],
        runbook=runbook,
    )
