"""The queries smoke runs, collected as the checks collect them (`Context.expressions`), and their outcomes."""

from __future__ import annotations

import attr

from obsgen import promql, querylang
from obsgen.checks.base import Context
from obsgen.smoke.synthesis import WINDOW

QUERY_STEP = 60  # seconds between the points of a range query


@attr.s(frozen=True, auto_attribs=True)
class Query:
    kind: str  # dashboard, recording, alert
    artefact: object
    path: tuple
    expr: str
    name: str = ""  # alert name for alerts

    @property
    def key(self) -> tuple:
        return self.artefact.path, self.path


@attr.s(auto_attribs=True)
class Outcome:
    query: Query
    scenario: str
    series: int = 0
    error: str = ""


def _substitute(expr: str, dashboard: dict) -> str:
    """Grafana variables as Grafana would send them: built-ins by window, others by their current value."""
    values = {"__rate_interval": "1m", "__interval": f"{QUERY_STEP}s", "__range": f"{WINDOW // 60}m",
              "__range_s": str(WINDOW), "__range_ms": str(WINDOW * 1000), "__interval_ms": str(QUERY_STEP * 1000),
              "__auto": "1m"}
    for var in (dashboard.get("templating") or {}).get("list") or []:
        current = (var.get("current") or {}).get("value")
        if isinstance(current, list):
            current = "|".join(current)
        if current in (None, "", "$__all") or var.get("includeAll") and current in ("All", "$__all"):
            current = ".*"
        values.setdefault(var.get("name"), str(current))

    def replace(m):
        name = next(g for g in m.groups() if g)
        return values.get(name, ".*")

    return promql._VARIABLE.sub(replace, expr)


def collect(artefacts: list) -> list:
    """Every query smoke runs, in output order: each PromQL panel target that is shown (a target's language
    is its resolved datasource's, as every check reads it, so Loki targets stay out), every recording rule
    and every alert."""
    out = []
    for found in Context(artefacts).expressions():
        art, path = found.artefact, found.path
        if art.kind == "rules":
            rule = _node(art.data, path)
            if "alert" in rule:
                out.append(Query("alert", art, path, found.expr, str(rule["alert"])))
            else:
                out.append(Query("recording", art, path, found.expr, str(rule.get("record", ""))))
        elif len(path) >= 3 and path[-3] == "targets" and found.language == querylang.PROMQL:
            target = path[:-1]  # the target, not its expr: findings and origins name the target
            if not _node(art.data, target).get("hide"):
                out.append(Query("dashboard", art, target, _substitute(found.expr, art.data)))
    return out


def _node(data, path: tuple):
    for key in path:
        data = data[key]
    return data


def _is_watchdog(q: Query) -> bool:
    return q.name == "Watchdog" or q.expr.strip() == "vector(1)"
