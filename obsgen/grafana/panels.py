"""Panel builders shared by every dashboard of every stack.

Each takes the question the panel answers (title, description), its queries
and its unit. A threshold is a stack Quantity, so the line on the panel and
the alert that pages on it read the same value.
"""

from __future__ import annotations

import string

import grafanalib.core as G

from obsgen.model.stack import Quantity

_REF_IDS = string.ascii_uppercase

# A count where a single one is already a problem (a target down, an alert firing, a disk filling): red from 1.
ANY = Quantity(1, "short", "Any at all: a single one is already a problem.")


def _with_refs(queries) -> list:
    out = []
    for index, query in enumerate(queries):
        if not query.refId:
            query.refId = _REF_IDS[index]
        out.append(query)
    return out


def steps(threshold: Quantity | None, *, higher_is_better: bool = False) -> list:
    """Threshold steps for one stack value: green below it and red from it (or the reverse)."""
    if threshold is None:
        return [G.Threshold("green", 0, 0.0)]
    if higher_is_better:
        return [G.Threshold("red", 0, 0.0), G.Threshold("green", 1, float(threshold.value))]
    return [G.Threshold("green", 0, 0.0), G.Threshold("red", 1, float(threshold.value))]


def band(start: Quantity, end: Quantity) -> list:
    """Steps that are red inside [start, end) and green outside, e.g. a peak window of hours."""
    return [G.Threshold("green", 0, 0.0), G.Threshold("red", 1, float(start.value)), G.Threshold("green", 2, float(end.value))]


def colour(series: str, colour_name: str) -> dict:
    """A field override giving one named series a fixed colour, e.g. the peak-hours series red."""
    # byNames takes an object (byName's bare string fails the official schema); Grafana reads both.
    return {"matcher": {"id": "byNames", "options": {"mode": "include", "names": [series]}},
            "properties": [{"id": "color", "value": {"mode": "fixed", "fixedColor": colour_name}}]}


def timeseries(title: str, description: str, *queries, unit: str, threshold: Quantity | None = None,
               higher_is_better: bool = False, stacked: bool = False, width: int | None = None,
               height: int | None = None, min_value: float | None = None, max_value: float | None = None,
               bars: bool = False, links=(), overrides=(), time_from: str | None = None) -> G.TimeSeries:
    panel = G.TimeSeries(
        title=title,
        description=description,
        targets=_with_refs(queries),
        unit=unit,
        thresholds=steps(threshold, higher_is_better=higher_is_better),
        thresholdsStyleMode="line" if threshold is not None else "off",
        stacking={"mode": "normal", "group": "A"} if stacked else {"mode": "none", "group": "A"},
        fillOpacity=20 if stacked else 10,
        legendDisplayMode="table",
        legendCalcs=["mean", "max", "lastNotNull"],
        tooltipMode="multi",
        tooltipSort="desc",
        valueMin=min_value,
        valueMax=max_value,
        drawStyle="bars" if bars else "line",
        links=list(links),
        overrides=list(overrides),
        timeFrom=time_from,
    )
    return _sized(panel, width, height)


def stat(title: str, description: str, query, *, unit: str, threshold: Quantity | None = None,
         higher_is_better: bool = False, width: int | None = None, height: int | None = None,
         reduce: str = "lastNotNull", links=(), threshold_steps: list | None = None) -> G.Stat:
    panel = G.Stat(
        title=title,
        description=description,
        targets=_with_refs([query]),
        format=unit,
        thresholds=threshold_steps or steps(threshold, higher_is_better=higher_is_better),
        colorMode="background" if threshold is not None or threshold_steps else "value",
        graphMode="area",
        reduceCalc=reduce,
        # No data must read "No data" (Grafana's default), never a healthy-looking number: a scrape that
        # stopped, a renamed metric or a broken recording rule would otherwise show as 0 in green.
        noValue=None,
        links=list(links),
    )
    return _sized(panel, width, height)


def table(title: str, description: str, *queries, unit: str = "short", width: int | None = None,
          height: int | None = None) -> G.Table:
    panel = G.Table(
        title=title,
        description=description,
        targets=_with_refs(queries),
        unit=unit,
        transformations=[{"id": "merge", "options": {}}],
    )
    return _sized(panel, width, height)


def _sized(panel, width, height):
    # grafanalib fixes maxDataPoints at 100, which draws a 24-hour range as 15-minute blocks. Unset, Grafana
    # asks for one point per pixel of the panel's width, as its own panels do.
    panel.maxDataPoints = None
    if width or height:
        panel.gridPos = G.GridPos(h=height or 8, w=width or 12, x=0, y=0)
    return panel


def heatmap(title: str, description: str, query, *, unit: str, width: int | None = None,
            height: int | None = None) -> G.Heatmap:
    """A heatmap of pre-bucketed histogram rates (query format "heatmap", one series per `le`)."""
    panel = G.Heatmap(
        title=title,
        description=description,
        targets=_with_refs([query]),
        dataFormat="tsbuckets",
        yAxis=G.YAxis(format=unit),
        hideZeroBuckets=True,
        legend={"show": True},
    )
    return _sized(panel, width, height)


def gauge(title: str, description: str, query, *, unit: str, threshold: Quantity | None = None,
          higher_is_better: bool = False, min_value: float = 0, max_value: float = 1, width: int | None = None,
          height: int | None = None) -> G.GaugePanel:
    panel = G.GaugePanel(
        title=title,
        description=description,
        targets=_with_refs([query]),
        format=unit,
        calc="lastNotNull",
        min=min_value,
        max=max_value,
        thresholds=steps(threshold, higher_is_better=higher_is_better),
    )
    return _sized(panel, width, height)


def bargauge(title: str, description: str, *queries, unit: str, threshold: Quantity | None = None,
             higher_is_better: bool = False, min_value: float = 0, max_value: float | None = None,
             width: int | None = None, height: int | None = None) -> G.BarGauge:
    """One bar per series, e.g. per container or per route, against a stack threshold."""
    panel = G.BarGauge(
        title=title,
        description=description,
        targets=_with_refs(queries),
        format=unit,
        calc="lastNotNull",
        displayMode="gradient",
        min=min_value,
        max=max_value,
        thresholds=steps(threshold, higher_is_better=higher_is_better),
    )
    return _sized(panel, width, height)


def piechart(title: str, description: str, *queries, unit: str, width: int | None = None,
             height: int | None = None) -> G.PieChartv2:
    """Shares of a whole (e.g. traffic by device type), reduced over the time range."""
    panel = G.PieChartv2(
        title=title,
        description=description,
        targets=_with_refs(queries),
        unit=unit,
        pieType="donut",
        legendDisplayMode="table",
        legendPlacement="right",
        reduceOptionsCalcs=["mean"],
    )
    return _sized(panel, width, height)
