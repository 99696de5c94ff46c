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
from obsgen.model.durations import from_seconds

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
        by_panel = {}  # (artefact path, panel path) -> [artefact, first target path, first expr, {problem}, queries]
        for e in ctx.expressions():
            # Panel targets' expressions sit at (..., "targets", i, "expr").
            if e.language != "promql" or e.artefact.kind != "dashboard" or e.path[-3:-2] != ("targets",):
                continue
            panel, target = _at(e.artefact.data, e.path[:-3]), _at(e.artefact.data, e.path[:-1])
            if not isinstance(panel, dict) or not isinstance(target, dict) or str(panel.get("type")) not in OVER_TIME:
                continue
            if target.get("instant") is True and not target.get("range"):
                continue  # one value, no step
            try:
                tree = promql.parse(e.expr)
            except promql.PromQLError:
                continue  # reported by promql-syntax
            said = " ".join(str(v) for v in (panel.get("title"), panel.get("description"), target.get("legendFormat"))
                            if isinstance(v, str)).lower()
            found = set()
            for function, seconds in _ranges(tree, []):
                if seconds in _CHOSEN:
                    continue
                if seconds == promql.INTERVAL_SECONDS:
                    if function != "increase":  # increase over $__interval is a count per step, on purpose
                        found.add((function, "[$__interval], which holds fewer than two samples when zoomed in"))
                elif seconds <= SHORT and not _named(seconds, said):
                    found.add((function, f"the fixed window [{from_seconds(seconds)}], which the graph does not name"))
            if found:
                # One finding per panel: its queries are usually written, and fixed, together.
                entry = by_panel.setdefault((e.artefact.path, e.path[:-3]), [e.artefact, e.path, e.expr, set(), 0])
                entry[3] |= found
                entry[4] += 1
        for artefact, path, expr, found, queries in by_panel.values():
            what = "; ".join(f"{', '.join(f + '()' for f in sorted({f for f, w in found if w == why}))} over {why}"
                             for why in sorted({w for _f, w in found}))
            if queries == 1:
                yield Finding(artefact, path, f"{what}; use [$__rate_interval] in {expr!r}")
            else:
                yield Finding(artefact, path, f"{queries} queries use {what}; use [$__rate_interval] (e.g. in {expr!r})")
