"""Panels, queries, variables and layouts written as Grafana's own JSON model.

The builders in `panels.py` encode house opinions (legend as a table, a threshold
from the stack). A dashboard brought in from elsewhere (`obsgen import dashboard`)
must come out exactly as it went in, including panel plugins obsgen has no builder
for, so these builders take Grafana's current field names directly and write them
back unchanged:

- `panel(type, title, *queries, unit=..., thresholds=..., overrides=..., options=...)`:
  any panel type; `extra` carries panel keys no argument names (a plugin's own
  options), so nothing is ever dropped.
- `query(expr, legend, ...)` / `loki_query(...)`: a Prometheus or Loki target with
  the target fields beyond `prom()`'s (interval, hide, format...); `raw_target(data)`:
  a target of any other datasource, kept as written.
- `variable(data)`: a template variable of any type (custom, interval, textbox...).
- `row(title, *panels, collapsed=...)` and `Grid(panels)`: panels at the positions they
  were given (`at=(x, y, w, h)`), for layouts rows of equal panels cannot express.

The compiler copies what these write without the clean-up grafanalib's output
needs (`normalise.py`), so the JSON is what the definition says.
"""

from __future__ import annotations

import copy
from typing import Any

import attr
import grafanalib.core as G

from obsgen.grafana.query import LOKI_VAR, PROMETHEUS_VAR, LokiQuery, PromQuery
from obsgen.model import as_tuple
from obsgen.source import here

# The stack's datasource variables as panel and target references.
PROMETHEUS = {"type": "prometheus", "uid": "${%s}" % PROMETHEUS_VAR}
LOKI = {"type": "loki", "uid": "${%s}" % LOKI_VAR}

# The key under which a raw panel hands its finished JSON to normalise.py, which passes it through.
RAW_KEY = "__obsgen_raw__"


def _positioned(value) -> G.GridPos | None:
    if value is None:
        return None
    x, y, w, h = value
    return G.GridPos(h=h, w=w, x=x, y=y)


@attr.s
class Query(PromQuery):
    """A Prometheus target with Grafana fields `prom()` does not take (`fields`, copied as written)."""

    fields = attr.ib(factory=dict)


@attr.s
class LokiTarget(LokiQuery):
    fields = attr.ib(factory=dict)


def query(expr: str, legend: str = "", *, ref: str = "", instant: bool = False, fmt: str = "time_series",
          datasource: Any = None, **fields) -> Query:
    """A Prometheus target; `fields` are further target keys (interval, hide, intervalFactor...)."""
    return Query(expr=expr, legendFormat=legend, refId=ref, instant=instant, format=fmt, datasource=datasource,
                 fields=fields)


def loki_query(expr: str, legend: str = "", *, ref: str = "", datasource: Any = None, **fields) -> LokiTarget:
    """A Loki target; `fields` are further target keys (queryType, maxLines...)."""
    return LokiTarget(expr=expr, legendFormat=legend, refId=ref, datasource=datasource, fields=fields)


@attr.s(frozen=True, auto_attribs=True)
class RawTarget:
    """A target of a datasource obsgen has no query builder for, kept exactly as given."""

    data: dict
    defined_at: str = here()

    @property
    def refId(self) -> str:  # noqa: N802 - grafanalib's spelling, read by the panel builders
        return str(self.data.get("refId") or "")


def raw_target(data: dict) -> RawTarget:
    """A target of any other datasource (Elasticsearch, TestData...), copied as written."""
    return RawTarget(copy.deepcopy(data))


def _target_json(target, index: int) -> dict:
    if isinstance(target, RawTarget):
        return copy.deepcopy(target.data)
    out: dict = {}
    loki = isinstance(target, LokiQuery)
    datasource = target.datasource
    if datasource is None:
        datasource = {"type": "loki" if loki else "prometheus", "uid": "${%s}" % (LOKI_VAR if loki else PROMETHEUS_VAR)}
    out["datasource"] = datasource
    out["expr"] = target.expr
    if target.legendFormat:
        out["legendFormat"] = target.legendFormat
    out["refId"] = target.refId or _ref(index)
    if not loki:
        if target.instant:
            out["instant"] = True
        if target.format and target.format != "time_series":
            out["format"] = target.format
    out.update(copy.deepcopy(getattr(target, "fields", {}) or {}))
    return out


def _ref(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _steps(thresholds) -> list:
    out = []
    for step in thresholds:
        if isinstance(step, dict):
            out.append(dict(step))
        else:
            colour, value = step
            out.append({"color": colour, "value": value})
    return out


@attr.s(auto_attribs=True, eq=False)
class Panel:
    """One panel in Grafana's current JSON model (see `panel()`)."""

    type: str
    title: str
    targets: list
    description: str | None = None
    datasource: Any = None
    defaults: dict = attr.Factory(dict)
    overrides: list = attr.Factory(list)
    options: dict | None = None
    extra: dict = attr.Factory(dict)
    field_config: bool = True
    note: str = ""
    gridPos: G.GridPos | None = None  # noqa: N815 - place() reads and sets grafanalib's name
    defined_at: str = here()

    def data(self) -> dict:
        out: dict = {"type": self.type, "title": self.title}
        if self.description is not None:
            out["description"] = self.description
        if self.datasource is not None:
            out["datasource"] = copy.deepcopy(self.datasource)
        if self.targets:
            out["targets"] = [_target_json(t, i) for i, t in enumerate(self.targets)]
        if self.field_config:
            out["fieldConfig"] = {"defaults": copy.deepcopy(self.defaults), "overrides": copy.deepcopy(self.overrides)}
        if self.options is not None:
            out["options"] = copy.deepcopy(self.options)
        out.update(copy.deepcopy(self.extra))
        if self.gridPos is not None:
            out["gridPos"] = self.gridPos.to_json_data()
        return out

    def to_json_data(self) -> dict:
        return {RAW_KEY: self.data()}


def panel(type: str, title: str, *queries, description: str | None = None, datasource: Any = None,
          unit: str | None = None, decimals: float | None = None, min: float | None = None,
          max: float | None = None, thresholds=None, threshold_mode: str = "absolute", mappings=None,
          color: dict | None = None, custom: dict | None = None, defaults: dict | None = None, overrides=(),
          options: dict | None = None, links=None, transformations=None, extra: dict | None = None,
          field_config: bool = True, at=None, width: int | None = None, height: int | None = None,
          note: str = "") -> Panel:
    """Any panel, by Grafana's own field names.

    `thresholds` is a list of (colour, value) steps, the first with value None;
    `custom` is `fieldConfig.defaults.custom`; `defaults` holds further
    fieldConfig defaults; `extra` holds panel keys no argument names, copied as
    written; `at=(x, y, w, h)` places it in a `Grid`, `width`/`height` size it in
    a `Row`; `note` says why it is carried over raw (shown in the generated code).
    """
    field_defaults: dict = {}
    for key, value in (("unit", unit), ("decimals", decimals), ("min", min), ("max", max), ("color", color),
                       ("mappings", mappings), ("custom", custom)):
        if value is not None:
            field_defaults[key] = copy.deepcopy(value)
    if thresholds is not None:
        field_defaults["thresholds"] = {"mode": threshold_mode, "steps": _steps(thresholds)}
    field_defaults.update(copy.deepcopy(defaults or {}))
    panel_extra = copy.deepcopy(extra or {})
    if links is not None:
        panel_extra["links"] = copy.deepcopy(links)
    if transformations is not None:
        panel_extra["transformations"] = copy.deepcopy(transformations)
    position = _positioned(at)
    if position is None and (width or height):
        position = G.GridPos(h=height or 8, w=width or 12, x=0, y=0)
    return Panel(type=type, title=title, targets=list(queries), description=description, datasource=datasource,
                 defaults=field_defaults, overrides=list(overrides), options=copy.deepcopy(options), extra=panel_extra,
                 field_config=field_config, note=note, gridPos=position)


@attr.s(auto_attribs=True, eq=False)
class RowPanel:
    """A row header; collapsed, it holds its panels (Grafana keeps them inside the row)."""

    title: str
    panels: list
    collapsed: bool = False
    extra: dict = attr.Factory(dict)
    gridPos: G.GridPos | None = None  # noqa: N815
    targets: tuple = ()
    defined_at: str = here()

    def to_json_data(self) -> dict:
        out = {"type": "row", "title": self.title, "collapsed": self.collapsed,
               "panels": [p.data() for p in self.panels]}
        out.update(copy.deepcopy(self.extra))
        if self.gridPos is not None:
            out["gridPos"] = self.gridPos.to_json_data()
        return {RAW_KEY: out}


def row(title: str, *panels, collapsed: bool = False, at=None, extra: dict | None = None) -> RowPanel:
    """A row header at `at`; a collapsed row's panels go inside it, each with its own `at`."""
    return RowPanel(title=title, panels=list(panels), collapsed=collapsed, extra=copy.deepcopy(extra or {}),
                    gridPos=_positioned(at or (0, 0, 24, 1)))


@attr.s(frozen=True, auto_attribs=True)
class Grid:
    """Panels (and rows) at the positions they were given; use in `Dashboard(rows=[Grid(...)])`."""

    panels: tuple = attr.ib(converter=as_tuple)
    defined_at: str = here()

    def layout(self, y: int) -> tuple:
        """(panels placed from line `y`, the first free line below them), for layout.place()."""
        bottom = y
        for item in self.panels:
            pos = item.gridPos or G.GridPos(h=8, w=12, x=0, y=0)
            item.gridPos = G.GridPos(h=pos.h, w=pos.w, x=pos.x, y=pos.y + y)
            bottom = max(bottom, pos.y + y + (1 if isinstance(item, RowPanel) else pos.h))
        return list(self.panels), bottom


@attr.s(frozen=True, auto_attribs=True)
class RawVariable:
    """A template variable of any type, in Grafana's JSON model, kept as written."""

    data: dict
    defined_at: str = here()

    @property
    def name(self) -> str:
        return str(self.data.get("name", ""))

    def to_template(self) -> "RawVariable":
        return self

    def to_json_data(self) -> dict:
        return copy.deepcopy(self.data)


def variable(data: dict) -> RawVariable:
    """A template variable of any type (custom, interval, textbox, adhoc...) in Grafana's JSON model."""
    return RawVariable(copy.deepcopy(data))
