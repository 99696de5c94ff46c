"""LogQL query shapes and log panels: volume by label, error rate, the log lines themselves.

Like blocks.py, nothing here knows a stack: stream matchers, labels and the
line filters are arguments, so any stack with a Loki datasource composes the
same pieces. Metric queries count over `[$__auto]`, the step Grafana's Loki
datasource picks for the panel's resolution (LogQL has no `$__rate_interval`).
"""

from __future__ import annotations

import grafanalib.core as G

from obsgen.grafana.panels import _sized, _with_refs, timeseries
from obsgen.grafana.query import loki

LOG_WINDOW = "[$__auto]"
# Most services write no structured level; take the first level word of the line, any case, as `level`.
LEVEL = ('| regexp `(?i)\\b(?P<level>trace|debug|info|notice|warn|warning|error|critical|fatal)\\b` '
         '| label_format level="{{ .level | lower }}"')
ERROR_LEVELS = 'level=~"error|critical|fatal"'


def stream(*matchers: str) -> str:
    """A stream selector `{a="b", c=~"d"}`; Loki needs at least one matcher, so none is an error here."""
    kept = [m for m in matchers if m]
    if not kept:
        raise ValueError("a LogQL stream selector needs at least one label matcher")
    return "{%s}" % ", ".join(kept)


def over_time(fn: str, sel: str, pipeline: str = "") -> str:
    """`fn(sel pipeline [$__auto])` for a range aggregation: count_over_time, rate, bytes_rate ..."""
    inner = f"{sel} {pipeline}".strip()
    return f"{fn}({inner} {LOG_WINDOW})"


def total(expr: str, by: tuple = ()) -> str:
    return f"sum by ({', '.join(by)}) ({expr})" if by else f"sum({expr})"


def level_volume(sel: str, by: tuple = ("level",)) -> str:
    """Log lines per window, by the level each line states and any other labels in `by`."""
    return total(over_time("count_over_time", sel, LEVEL), by)


def error_rate(sel: str, by: tuple = ()) -> str:
    """Lines per second whose level is error, critical or fatal."""
    return total(over_time("rate", sel, f"{LEVEL} | {ERROR_LEVELS}"), by)


def _legend(by: tuple) -> str:
    return " ".join("{{%s}}" % label for label in by)


def volume_panel(title: str, description: str, sel: str, by: tuple, **size):
    """Stacked bars of log lines per window, split by level and `by` labels."""
    return timeseries(title, description, loki(level_volume(sel, by), _legend(by)), unit="short", stacked=True,
                      bars=True, **size)


def error_rate_panel(title: str, description: str, sel: str, by: tuple, **size):
    return timeseries(title, description, loki(error_rate(sel, by), _legend(by)), unit="short", min_value=0, **size)


def logs(title: str, description: str, query, *, width: int | None = None, height: int | None = None,
         wrap: bool = True) -> G.Logs:
    """The log lines a LogQL query returns, newest first, with their labels one click away."""
    panel = G.Logs(
        title=title,
        description=description,
        targets=_with_refs([query]),
        showTime=True,
        wrapLogMessages=wrap,
        enableLogDetails=True,
        sortOrder="Descending",
    )
    return _sized(panel, width, height)
