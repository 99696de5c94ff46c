"""Judging both scenarios' outcomes: empty and failing queries, alerts firing when healthy or quiet under faults.

Each finding names the panel's or alert's Python `file:line` when the definitions are
known, and the .obsgen-lint.yaml entry that would declare it an exception.
"""

from __future__ import annotations

import datetime
import json
import os
import zoneinfo

import attr

from obsgen.artefact import json_path
from obsgen.checks.base import describe
from obsgen.errors import Problem
from obsgen.smoke.queries import Outcome, _is_watchdog


def _located(code: str, outcome: Outcome, stack: str, message: str, origins=None) -> Problem:
    """One finding, at the panel's or alert's Python line when the definitions are known, with the
    .obsgen-lint.yaml entry that would accept it."""
    q = outcome.query
    obj = describe(q.artefact, q.path)
    compiled = (origins or {}).get(os.path.normpath(q.artefact.path))
    origin = compiled.origin(q.path) if compiled is not None else None
    where = origin.defined_at if origin is not None else f"{q.artefact.path} {json_path(q.path)}"
    hint = (f"; if this is expected, declare it in .obsgen-lint.yaml: exclusions: {{{code}: [{{object: "
            f"{json.dumps(obj)}, stack: {stack}, reason: \"why\"}}]}}")
    return Problem(code, stack, obj, where, message + hint)


def judge(outcomes: list, stack: str, origins=None) -> list:
    """Problems from both scenarios' outcomes. A data query is empty only if neither scenario fed it:
    a panel of errors may rightly be empty while healthy, but never in both. `origins` maps built file
    paths to the compiled Artefacts (with Python origins) of files whose bytes match the build."""
    problems = []

    def _problem(code, outcome, stack, message):
        return _located(code, outcome, stack, message, origins)

    fed = {o.query.key for o in outcomes if o.series}
    for o in outcomes:
        q = o.query
        if o.error:
            problems.append(_problem("smoke-error", o, stack, f"{o.scenario}: query fails: {o.error} in {q.expr!r}"))
        elif q.kind in ("dashboard", "recording") and q.key not in fed and o.scenario == "healthy":
            problems.append(_problem("smoke-empty", o, stack, f"no data in either scenario for {q.expr!r}"))
        elif q.kind == "alert" and o.scenario == "healthy" and o.series and not _is_watchdog(q):
            problems.append(_problem("smoke-healthy-fires", o, stack,
                                     f"alert {q.name} fires on healthy data ({o.series} series): {q.expr!r}"))
        elif q.kind == "alert" and o.scenario == "healthy" and not o.series and _is_watchdog(q):
            problems.append(_problem("smoke-healthy-fires", o, stack, f"the Watchdog {q.name} does not fire"))
        elif q.kind == "alert" and o.scenario == "fault" and not o.series and not _is_watchdog(q):
            problems.append(_problem("smoke-fault-quiet", o, stack,
                                     f"alert {q.name} stays quiet in the fault scenario: {q.expr!r}"))
    return problems


@attr.s(auto_attribs=True)
class Result:
    outcomes: list
    problems: list
    seconds: float
    at: int = 0  # the evaluation instant, Unix seconds
    timezone: str = "UTC"

    def data_counts(self) -> dict:
        """Dashboard and recording queries: each counted once, with data if either scenario fed it."""
        data = [o for o in self.outcomes if o.query.kind != "alert"]
        queries = {o.query.key for o in data}
        fed = {o.query.key for o in data if o.series and not o.error}
        failed = {o.query.key for o in self.outcomes if o.error}
        return {"queries": len(queries), "with_data": len(fed), "empty": len(queries - fed - failed),
                "errors": len(failed)}

    def summary(self) -> str:
        alerts = [o for o in self.outcomes if o.query.kind == "alert"]
        fired = {s: sum(1 for o in alerts if o.scenario == s and o.series) for s in ("healthy", "fault")}
        total = {s: sum(1 for o in alerts if o.scenario == s) for s in ("healthy", "fault")}
        c = self.data_counts()
        return (f"{c['queries']} queries, {c['with_data']} with data, {c['empty']} empty, {c['errors']} errors; "
                f"alerts firing: healthy {fired['healthy']}/"
                f"{total['healthy']}, fault {fired['fault']}/{total['fault']} at {self.local_time()} "
                f"({self.seconds:.1f}s)")

    def local_time(self) -> str:
        try:
            zone = zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            zone, self.timezone = datetime.timezone.utc, "UTC"
        return datetime.datetime.fromtimestamp(self.at, zone).strftime("%Y-%m-%d %H:%M ") + self.timezone
