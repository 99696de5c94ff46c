"""Grid placement: definitions list rows of panels; positions are computed.

Hand-written gridPos values are how panels end up overlapping or past column
24, so definitions give only widths and heights.
"""

from __future__ import annotations

import attr
import grafanalib.core as G

from obsgen.model import as_tuple
from obsgen.source import here

GRID_COLUMNS = 24


@attr.s(frozen=True, auto_attribs=True)
class Row:
    title: str
    panels: tuple = attr.ib(converter=as_tuple)
    height: int = 8
    defined_at: str = here()


def place(rows) -> list:
    """Flatten rows into grafanalib panels with gridPos set, wrapping at 24 columns.

    A panel keeps its own gridPos width/height if it has one; otherwise the row's
    panels share its width equally.
    """
    out = []
    y = 0
    for row in rows:
        if hasattr(row, "layout"):  # obsgen.grafana.raw.Grid: panels keep the positions they were given
            placed, y = row.layout(y)
            out.extend(placed)
            continue
        out.append(G.RowPanel(title=row.title, gridPos=G.GridPos(h=1, w=GRID_COLUMNS, x=0, y=y)))
        y += 1
        if not row.panels:
            continue
        default_w = max(GRID_COLUMNS // len(row.panels), 1)
        x, line_h = 0, 0
        for panel in row.panels:
            w = panel.gridPos.w if panel.gridPos else default_w
            h = panel.gridPos.h if panel.gridPos else row.height
            if x + w > GRID_COLUMNS:
                y += line_h
                x, line_h = 0, 0
            panel.gridPos = G.GridPos(h=h, w=w, x=x, y=y)
            out.append(panel)
            x += w
            line_h = max(line_h, h)
        y += line_h
    return out
