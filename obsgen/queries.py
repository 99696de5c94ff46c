"""PromQL query shapes: the one home of the strings panels and rules both write.

Dashboards, panel blocks (`obsgen.grafana.blocks`), rule builders (`obsgen.rules_lib`)
and the stacks' rules import these, so a selector, a rate, an aggregation, a quantile
or a filesystem filter is spelled once. `tests/test_queries_home.py` holds that
definitions write none of these shapes by hand. Nothing here knows a stack: metric names, selectors and thresholds are
arguments. Counters are only read through rate/increase, and `histogram_quantile`
always aggregates by `le`.
"""

from __future__ import annotations

import datetime
import zoneinfo

from obsgen.model.stack import Quantity, format_number

# Panels rate over Grafana's interval; rules pass their own window to `rate(..., window=)`.
RATE_WINDOW = "[$__rate_interval]"
# Filesystems whose fill level matters. Pseudo filesystems (tmpfs, ramfs, nsfs, autofs) and container
# layers (overlay, squashfs) fill and empty by design, and some report a size of 0. The disk panels,
# the utilisation recording and the disk alerts all read through this one filter.
REAL_FILESYSTEMS = 'fstype!~"tmpfs|ramfs|squashfs|overlay|nsfs|autofs"'


def selector(*matchers: str) -> str:
    """`{a="b", c=~"d"}` from matcher strings; empty ones are skipped, none gives ""."""
    kept = [m for m in matchers if m]
    return "{%s}" % ", ".join(kept) if kept else ""


def narrow(sel: str, *matchers: str) -> str:
    """Selector `sel` (as `selector` writes it, or "") with more matchers: `narrow('{job="a"}', 'mode="idle"')`."""
    return selector(sel[1:-1] if sel else "", *matchers)


def job_selector(service, *matchers: str) -> str:
    """`{job="<service's job>", ...}`: the selector of one scrape job, from the stack's `Service`."""
    return selector(f'job="{service.job}"', *matchers)


def jobs_selector(services, *matchers: str) -> str:
    """`{job=~"<a>|<b>", ...}`: the selector of several scrape jobs, from the stack's `Service`s."""
    return selector(f'job=~"{"|".join(s.job for s in services)}"', *matchers)


def rate(metric: str, sel: str = "", fn: str = "rate", window: str = "", offset: str = "") -> str:
    """A counter read the only way a counter may be read: per second, over `window` (rules) or the
    dashboard's rate interval (panels, the default), `offset` back in time if given."""
    return f"{fn}({metric}{sel}{f'[{window}]' if window else RATE_WINDOW}{f' offset {offset}' if offset else ''})"


def over_time(fn: str, metric: str, sel: str = "", window: str = "") -> str:
    """`fn(metric{sel}[window])`: a function of the samples in a window, such as `increase`, `changes`,
    `max_over_time` or `avg_over_time` (over the rate interval without `window`)."""
    return rate(metric, sel, fn=fn, window=window)


def aggregate(op: str, expr: str, by: tuple = ()) -> str:
    """`op by (...) (expr)`, or `op(expr)` with no grouping (op: sum, avg, max, min, count)."""
    return f"{op} by ({', '.join(by)}) ({expr})" if by else f"{op}({expr})"


def total(expr: str, by: tuple = ()) -> str:
    """`sum by (...) (expr)`, or `sum(expr)` with no grouping."""
    return aggregate("sum", expr, by)


def ratio(numerator: str, denominator: str) -> str:
    """PromQL for numerator / denominator."""
    return f"({numerator}) / ({denominator})"


def bucket_rate(histogram: str, sel: str = "", window: str = "") -> str:
    """Per-second bucket counts of a histogram (name without `_bucket`), over `window` or the rate interval."""
    return rate(f"{histogram}_bucket", sel, window=window)


def quantile(q: float, buckets: str, by: tuple = ()) -> str:
    """`histogram_quantile` over bucket rates (raw or recorded), keeping `le`."""
    return f"histogram_quantile({format_number(q)}, {total(buckets, tuple(by) + ('le',))})"


def le_value(seconds: float) -> str:
    """The `le` label a client library writes for a bucket boundary (2 → "2", 0.5 → "0.5")."""
    return format_number(seconds)


def apdex(histogram: str, sel: str, target: Quantity, by: tuple = ()) -> str:
    """Apdex from histogram buckets: (satisfied + tolerating / 2) / all, with T and 4T as bucket bounds."""
    satisfied = total(bucket_rate(histogram, narrow(sel, f'le="{le_value(target.value)}"')), by)
    tolerating = total(bucket_rate(histogram, narrow(sel, f'le="{le_value(4 * target.value)}"')), by)
    requests = total(rate(f"{histogram}_count", sel), by)
    return f"({satisfied} + {tolerating}) / 2 / {requests}"


def error_budget(objective: Quantity) -> Quantity:
    """The failure share an SLO allows (1 - objective), e.g. 0.5% for a 99.5% objective."""
    return Quantity(round(1 - objective.value, 12), objective.unit, f"error budget of: {objective.help}")


def window_ratio(errors: str, requests: str, window: str) -> str:
    """Failure share over a window, from per-second error and request series (recorded rates in practice).

    Summing the samples of both over the window weighs every moment by its
    traffic, which averaging a ratio series would not.
    """
    return f"sum(sum_over_time({errors}[{window}])) / sum(sum_over_time({requests}[{window}]))"


# A burn rate of 1 spends the error budget exactly over the SLO window; above it the budget runs out early.
ON_BUDGET = Quantity(1, "short", "Burn rate at which the error budget lasts exactly the SLO window.")


def burn_rate(error_ratio: str, objective: Quantity) -> str:
    """How many times faster than the SLO allows an error ratio spends the budget (1 = exactly on budget)."""
    return f"({error_ratio}) / {error_budget(objective)}"


def budget_remaining(errors: str, requests: str, objective: Quantity, window: str) -> str:
    """Share of the SLO window's error budget not yet spent (negative once overspent)."""
    return f"1 - {burn_rate(window_ratio(errors, requests, window), objective)}"


def utc_offset_hours(timezone: str) -> int:
    """Whole-hour UTC offset of a zone without daylight saving (PromQL's hour() is UTC)."""
    zone = zoneinfo.ZoneInfo(timezone)
    offsets = {datetime.datetime(2024, month, 1, tzinfo=zone).utcoffset() for month in (1, 7)}
    if len(offsets) != 1:
        raise ValueError(f"timezone {timezone!r} observes daylight saving; local hour-of-day needs a fixed offset")
    seconds = offsets.pop().total_seconds()
    if seconds % 3600:
        raise ValueError(f"timezone {timezone!r} is not a whole number of hours from UTC")
    return int(seconds // 3600)


def local_hour(timezone: str) -> str:
    """The current hour of day (0-23) in a stack's timezone, as a PromQL scalar-vector."""
    return f"((hour() + {utc_offset_hours(timezone) % 24}) % 24)"


def within_hours(expr: str, timezone: str, start: Quantity, end: Quantity) -> str:
    """expr, kept only while the local hour is in [start, end)."""
    hour = local_hour(timezone)
    return f"({expr}) and on () ({hour} >= {start} < {end})"


def outside_hours(expr: str, timezone: str, start: Quantity, end: Quantity) -> str:
    hour = local_hour(timezone)
    return f"({expr}) unless on () ({hour} >= {start} < {end})"


def memory_used(sel: str = "") -> str:
    """Bytes of host memory not available to new work."""
    return f"node_memory_MemTotal_bytes{sel} - node_memory_MemAvailable_bytes{sel}"


def memory_utilisation(sel: str = "") -> str:
    """The share of each host's memory not available to new work."""
    return f"1 - node_memory_MemAvailable_bytes{sel} / node_memory_MemTotal_bytes{sel}"


def cpu_cores(sel: str = "") -> str:
    """CPU cores each host has (one idle-mode series per core)."""
    return aggregate("count", rate("node_cpu_seconds_total", narrow(sel, 'mode="idle"')), ("instance",))


def cpu_utilisation(sel: str = "", window: str = "") -> str:
    """The share of each host's CPU time not idle, averaged over its cores, over `window` or the rate interval."""
    idle = rate("node_cpu_seconds_total", narrow(sel, 'mode="idle"'), window=window)
    return f"1 - {aggregate('avg', idle, ('instance',))}"


def cpu_busy_seconds(sel: str = "") -> str:
    """CPU-seconds per second spent working (not idle), over all cores."""
    return total(rate("node_cpu_seconds_total", narrow(sel, 'mode!="idle"')))


def host_cost_per_hour(sel: str, core_hour: Quantity, gib_hour: Quantity) -> str:
    """What the hosts' provisioned cores and memory cost per hour at the given unit prices."""
    return (f"sum({cpu_cores(sel)}) * {core_hour} + "
            f"sum(node_memory_MemTotal_bytes{sel}) / {2 ** 30} * {gib_hour}")


def disk_utilisation(fs_sel: str) -> str:
    """The used share of the filesystems `fs_sel` selects (pass `REAL_FILESYSTEMS` among its matchers)."""
    return f"1 - node_filesystem_avail_bytes{fs_sel} / node_filesystem_size_bytes{fs_sel}"


def disk_fill_prediction(fs_sel: str, *, lookback: str, horizon_hours: int) -> str:
    """Free bytes each filesystem will have in `horizon_hours`, extrapolated from `lookback` of a gauge.

    A trend needs hours of history, so this window is fixed: it is a gauge
    trend, not a counter rate, and a 1-minute rate interval would only fit noise.
    """
    return f"predict_linear(node_filesystem_avail_bytes{fs_sel}[{lookback}], {horizon_hours * 3600})"
