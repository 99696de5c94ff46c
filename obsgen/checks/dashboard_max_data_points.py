"""Time series do not fix a low `maxDataPoints`.

With `maxDataPoints: 100` a 24-hour graph gets one point per ~15 minutes:
the graph is blocky, and a gauge such as `up` is sampled so sparsely that a
ten-minute outage between two points never appears. Unset, Grafana asks for
one point per pixel of the panel's width. Bars that each count one interval
(`count_over_time(...[$__auto])`, a log-volume histogram) skip nothing, so a
fixed number of bars there is a layout choice and stays quiet.
"""

import re

from obsgen.checks.base import Check, Finding, panels_of_type

TYPES = ("timeseries", "graph")
# Below 200 points a day-long range steps by more than 7 minutes; at 250 (cert-manager's mixin) a
# graph of rates is coarse but honest, so only clearly low values are reported.
MINIMUM = 200


_PER_INTERVAL = re.compile(r"\[\$__(auto|interval)\]")


def _bars_per_interval(panel: dict) -> bool:
    config = panel.get("fieldConfig")
    defaults = config.get("defaults") if isinstance(config, dict) else None
    custom = defaults.get("custom") if isinstance(defaults, dict) else None
    if not isinstance(custom, dict) or custom.get("drawStyle") != "bars":
        return False
    exprs = [str(t.get("expr") or "") for t in panel.get("targets") or [] if isinstance(t, dict)]
    return bool(exprs) and all(_PER_INTERVAL.search(e) for e in exprs)


def _number(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


class DashboardMaxDataPoints(Check):
    id = "dashboard-max-data-points"
    severity = "warning"
    summary = (f"Time series panels leave `maxDataPoints` unset (or at least {MINIMUM}), so Grafana draws one point "
               "per pixel instead of skipping data.")
    example = 'A time series with `"maxDataPoints": 100`: over 24 hours a 10-minute outage falls between two points.'

    def run(self, ctx):
        for art, path, panel in panels_of_type(ctx, TYPES):
            points = _number(panel.get("maxDataPoints"))
            if points is not None and points < MINIMUM and not _bars_per_interval(panel):
                yield Finding(art, path + ("maxDataPoints",),
                              f"maxDataPoints is fixed at {panel.get('maxDataPoints')!r}, so graphs are blocky "
                              f"and short outages fall between points; leave it unset")
