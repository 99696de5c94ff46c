"""Dashboard rates use `$__rate_interval`.

A fixed `[1m]` window shows gaps when the scrape interval is longer or the
dashboard is zoomed out; `$__interval` can fall below four scrapes.
`$__rate_interval` is always wide enough. `$__range` is allowed for totals
over the dashboard's whole time range.
"""

import promql_parser as pp

from obsgen import promql
from obsgen.checks.base import Check, Finding

RATES = ("rate", "irate", "increase")
# promql.substitute gives these variables durations no one writes by hand.
_ALLOWED = (promql.RATE_INTERVAL_SECONDS, promql.RANGE_SECONDS)


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


class DashboardRateInterval(Check):
    id = "dashboard-rate-interval"
    severity = "error"
    summary = "rate/irate/increase in dashboard queries use `[$__rate_interval]` (or `[$__range]` for totals), never a fixed window."
    example = "`rate(brainbytes_http_requests_total[5m])` in a panel, instead of `[$__rate_interval]`."

    def run(self, ctx):
        for e in ctx.expressions():
            if e.language != "promql" or e.artefact.kind != "dashboard" or "targets" not in e.path:
                continue
            try:
                tree = promql.parse(e.expr)
            except promql.PromQLError:
                continue  # reported by promql-syntax
            for function, seconds in _ranges(tree, []):
                if seconds not in _ALLOWED:
                    yield Finding(e.artefact, e.path,
                                  f"{function}() uses a fixed window; use [$__rate_interval] in {e.expr!r}")
