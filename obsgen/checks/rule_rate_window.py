"""Rate windows in rules cover enough scrapes of the job they select.

`rate`, `irate`, `increase`, `delta`, `deriv` and `predict_linear` need two
samples inside their window, or they return nothing: an alert on them never
fires and a recording rule records nothing. Below four samples one missed
scrape empties the window. The interval is the selected job's own
`scrape_interval` in prometheus.yml, else the global one, else Prometheus'
default 1m. The job comes from the selector's `job="..."` matcher; without one
the check speaks only when every job scrapes at the same interval.
"""

from __future__ import annotations

import re

import attr
import promql_parser as pp

from obsgen.checks import plain
from obsgen.checks.base import Check, Finding

NEEDS_TWO = ("rate", "irate", "increase", "delta", "idelta", "deriv", "predict_linear")
DEFAULT_SCRAPE = 60.0  # Prometheus' default global scrape_interval
_UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800, "y": 31536000}


def seconds(text) -> float | None:
    """A Prometheus duration (`15s`, `1m30s`) in seconds; None when it is not one."""
    if not isinstance(text, str) or not text:
        return None
    parts = re.findall(r"(\d+)(ms|s|m|h|d|w|y)", text)
    if not parts or "".join(n + u for n, u in parts) != text:
        return None
    return sum(int(n) * _UNITS[u] for n, u in parts)


def _mapping(value) -> dict:
    return value if isinstance(value, dict) else {}


def scrape_intervals(ctx) -> dict | None:
    """job name -> scrape interval in seconds; None without a prometheus.yml."""
    configs = [c for c in ctx.of_kind("prometheus") if isinstance(c.data, dict)]
    if not configs:
        return None
    out = {}
    for config in configs:
        glob = seconds(_mapping(config.data.get("global")).get("scrape_interval")) or DEFAULT_SCRAPE
        for job in plain.seq(config.data.get("scrape_configs")):
            if isinstance(job, dict) and isinstance(job.get("job_name"), str):
                out[job["job_name"]] = seconds(job.get("scrape_interval")) or glob
    return out


def windows(node, out: list) -> list:
    """(function, window seconds, selector matchers) for every NEEDS_TWO call directly over a range selector."""
    if isinstance(node, pp.Call):
        for arg in node.args:
            if node.func.name in NEEDS_TWO and isinstance(arg, pp.MatrixSelector):
                sel = arg.vector_selector
                matchers = tuple((m.name, str(m.op).split(".")[-1], m.value) for m in sel.matchers.matchers)
                out.append((node.func.name, arg.range.total_seconds(), sel.name, matchers))
            windows(arg, out)
        return out
    for field in ("expr", "lhs", "rhs", "param"):
        child = getattr(node, field, None)
        if child is not None and not isinstance(node, pp.MatrixSelector):
            windows(child, out)
    return out


def _job(matchers: tuple) -> str | None:
    for label, op, value in matchers:
        if label == "job" and op in ("Equal", "="):
            return value
    return None


def _shown(value: float) -> str:
    return f"{value:g}s"


class RuleRateWindow(Check):
    id = "rule-rate-window"
    severity = "error"
    summary = ("In rules, the window of rate/irate/increase/delta/deriv/predict_linear covers at least two scrapes "
               "of the selected job (error below two: the function returns nothing) and four (warning below four: "
               "one missed scrape empties it); scrape interval from prometheus.yml.")
    example = "`rate(http_requests_total{job=\"api\"}[30s]) > 1` when job `api` is scraped every 30s."
    mirrors = ("Prometheus' rate-like functions need at least two samples in the window: "
               "https://prometheus.io/docs/prometheus/latest/querying/functions/#rate and "
               "https://github.com/prometheus/prometheus/blob/main/promql/functions.go (extrapolatedRate)")

    def run(self, ctx):
        intervals = scrape_intervals(ctx)
        if not intervals:
            return
        shared = set(intervals.values())
        for art, path, rule, tree in plain.parsed(plain.rules(ctx)):
            for function, window, name, matchers in windows(tree, []):
                if name and ":" in name:
                    continue  # a recorded series: sampled at its group's evaluation interval, not a scrape
                job = _job(matchers)
                if job in intervals:
                    interval, whose = intervals[job], f"job {job!r}"
                elif job is None and len(shared) == 1:
                    interval, whose = next(iter(shared)), "every job"
                else:
                    continue  # unknown job: say nothing
                scrapes = window / interval
                what = rule.get("alert") or rule.get("record")
                if scrapes < 2:
                    yield _Graded(art, path, f"{function}() over [{_shown(window)}] in {what} covers "
                                             f"{scrapes:g} scrape(s) of {whose} (every {_shown(interval)}): it needs two "
                                             f"samples and returns nothing; use at least [{_shown(4 * interval)}]", "error")
                elif scrapes < 4:
                    yield _Graded(art, path, f"{function}() over [{_shown(window)}] in {what} covers "
                                             f"{scrapes:g} scrapes of {whose} (every {_shown(interval)}): one missed "
                                             f"scrape leaves too few samples; use at least [{_shown(4 * interval)}]", "warning")

    def problems(self, ctx):
        # Two grades from one check: the base class stamps the check's severity on every finding.
        for finding in self.run(ctx):
            yield attr.evolve(self.problem(finding), severity=finding.severity)


class _Graded(Finding):
    """A Finding that carries its own severity."""

    def __init__(self, artefact, path, message, severity):
        super().__init__(artefact, path, message)
        object.__setattr__(self, "severity", severity)
