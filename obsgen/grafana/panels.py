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


def timeseries(title: str, description: str, *queries, unit: str, threshold: Quantity | None = None,
               higher_is_better: bool = False, stacked: bool = False, width: int | None = None,
               height: int | None = None, min_value: float | None = None, max_value: float | None = None) -> G.TimeSeries:
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
    )
    return _sized(panel, width, height)


def stat(title: str, description: str, query, *, unit: str, threshold: Quantity | None = None,
         higher_is_better: bool = False, width: int | None = None, height: int | None = None,
         reduce: str = "lastNotNull") -> G.Stat:
    panel = G.Stat(
        title=title,
        description=description,
        targets=_with_refs([query]),
        format=unit,
        thresholds=steps(threshold, higher_is_better=higher_is_better),
        colorMode="background" if threshold is not None else "value",
        graphMode="area",
        reduceCalc=reduce,
        noValue="0",
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
    if width or height:
        panel.gridPos = G.GridPos(h=height or 8, w=width or 12, x=0, y=0)
    return panel
