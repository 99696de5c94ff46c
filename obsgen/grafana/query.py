"""Panel targets that remember where they were written.

They are grafanalib Targets, so any grafanalib panel accepts them; the extra
`defined_at` lets a PromQL or LogQL error point at the user's line.
"""

from __future__ import annotations

import attr
import grafanalib.core as G

from obsgen.source import here

PROMETHEUS_VAR = "datasource"
LOKI_VAR = "loki"


@attr.s
class PromQuery(G.Target):
    defined_at = here()
    language = "promql"

    def __attrs_post_init__(self) -> None:
        if self.datasource is None:
            self.datasource = {"type": "prometheus", "uid": "${%s}" % PROMETHEUS_VAR}


@attr.s
class LokiQuery(G.Target):
    defined_at = here()
    language = "logql"

    def __attrs_post_init__(self) -> None:
        if self.datasource is None:
            self.datasource = {"type": "loki", "uid": "${%s}" % LOKI_VAR}


def prom(expr: str, legend: str = "", *, instant: bool = False, ref: str = "", fmt: str = "time_series") -> PromQuery:
    return PromQuery(expr=expr, legendFormat=legend, instant=instant, refId=ref, format=fmt)


def loki(expr: str, legend: str = "", *, ref: str = "") -> LokiQuery:
    return LokiQuery(expr=expr, legendFormat=legend, refId=ref)
