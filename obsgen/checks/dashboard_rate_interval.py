"""Time series panels rate counters over `$__rate_interval`, not a short fixed window.

A graph's step grows as the user zooms out. A fixed `[5m]` window then reads
5 minutes out of every step and skips the rest: spikes between samples
vanish, and a `[1m]` window with a 1m scrape holds one sample and draws
nothing. `rate`/`irate` over `[$__interval]` fail the same way when zoomed
in. `$__rate_interval` is always at least four scrapes and one step wide.

Windows chosen on purpose are left alone: long ones (`[1h]`, `[7d]`), ones
the panel names ("Errors (5m)"), `[$__range]`, per-interval counts with
`increase(...[$__interval])`, a dashboard variable, and instant queries or
single-value panels, which have no step.
"""

import re

import promql_parser as pp

from obsgen import promql
from obsgen.checks.base import Check, Finding

RATES = ("rate", "irate", "increase")
SHORT = 600  # seconds: up to 10m is the window $__rate_interval is meant to replace
# Panels that draw a query over time, one point per step.
OVER_TIME = {"timeseries", "graph", "heatmap", "state-timeline", "status-history", "trend", "candlestick"}
_CHOSEN = {promql.RATE_INTERVAL_SECONDS, promql.RANGE_SECONDS, promql.AUTO_SECONDS, promql.VARIABLE_SECONDS}
_UNITS = (("w", 604800, "week"), ("d", 86400, "day"), ("h", 3600, "hour"), ("m", 60, "minute"), ("s", 1, "second"))


def _ranges(node, out):
    """(function, range seconds) of every rate-like call over a range selector."""
    if isinstance(node, pp.Call):
        for arg in node.args:
            if node.func.name in RATES and isinstance(arg, pp.MatrixSelector):
                out.append((node.func.name, int(arg.range.total_seconds())))
            _ranges(arg, out)
    for attr in ("expr", "lhs", "rhs", "param"):
        child = getattr(node, attr, None)
        if child is not None and not isinstance(node, pp.MatrixSelector):
            _ranges(child, out)
    return out


def _at(data, path):
    for key in path:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _named(seconds: int, text: str) -> bool:
    """Whether `text` (a title, description or legend) names a window of `seconds`: "5m", "(1 minute)"."""
    for short, size, word in _UNITS:
        if seconds % size == 0:
            n = seconds // size
            if re.search(rf"(?<![\w.]){n}\s*(?:{short}|{word}s?|min|mins)\b", text):
                return True
    return False


class DashboardRateInterval(Check):
    id = "dashboard-rate-interval"
    severity = "error"
    summary = ("rate/irate/increase in time series panels use `[$__rate_interval]`, not a fixed window of 10m or less "
               "that the panel does not name, nor rate/irate over `[$__interval]`.")
    example = "`rate(shop_http_requests_total[5m])` in a timeseries panel, instead of `[$__rate_interval]`."

    def run(self, ctx):
        for e in ctx.expressions():
            # Panel targets' expressions sit at (..., "targets", i, "expr").
            if e.language != "promql" or e.artefact.kind != "dashboard" or e.path[-3:-2] != ("targets",):
                continue
            panel, target = _at(e.artefact.data, e.path[:-3]), _at(e.artefact.data, e.path[:-1])
            if not isinstance(panel, dict) or not isinstance(target, dict) or panel.get("type") not in OVER_TIME:
                continue
            if target.get("instant") is True and not target.get("range"):
                continue  # one value, no step
            try:
                tree = promql.parse(e.expr)
            except promql.PromQLError:
                continue  # reported by promql-syntax
            said = " ".join(str(v) for v in (panel.get("title"), panel.get("description"), target.get("legendFormat"))
                            if isinstance(v, str)).lower()
            for function, seconds in _ranges(tree, []):
                if seconds in _CHOSEN:
                    continue
                if seconds == promql.INTERVAL_SECONDS:
                    if function != "increase":  # increase over $__interval is a count per step, on purpose
                        yield Finding(e.artefact, e.path, f"{function}() over [$__interval] holds fewer than two samples "
                                                          f"when zoomed in; use [$__rate_interval] in {e.expr!r}")
                elif seconds <= SHORT and not _named(seconds, said):
                    yield Finding(e.artefact, e.path, f"{function}() uses a fixed window the graph does not name; use "
                                                      f"[$__rate_interval] in {e.expr!r}")
