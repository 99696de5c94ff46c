"""`obsgen smoke` on one built stack folder: the evaluation instant, the definitions behind the folder,
and both scenarios side by side."""

from __future__ import annotations

import datetime
import os
import tempfile
import time
import zoneinfo
from concurrent.futures import ThreadPoolExecutor

import attr

from obsgen import lint
from obsgen.errors import Misuse, UserError
from obsgen.smoke.judgement import Result, judge
from obsgen.smoke.queries import collect
from obsgen.smoke.server import run_scenario

# The stack setting (a Quantity: the hour of day in the stack's timezone, 19.25 for 19:15) at which smoke's
# window ends. Range queries cover its last 20 minutes.
SMOKE_HOUR = "smoke_hour"


def evaluation_instant(timezone: str, hour, now: float) -> int:
    """The last instant, at or before `now`, when the clock in `timezone` read `hour` (19.25 is 19:15); `now`
    itself without an hour."""
    if hour is None:
        return int(now)
    try:
        zone = zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = datetime.timezone.utc  # "browser" and other non-zones: the hour is read as UTC
    local = datetime.datetime.fromtimestamp(now, zone)
    minutes = round(float(hour) * 60) % (24 * 60)
    wanted = local.replace(hour=minutes // 60, minute=minutes % 60, second=0, microsecond=0)
    if wanted > local:
        wanted -= datetime.timedelta(days=1)
    return int(wanted.timestamp())


@attr.s(frozen=True, auto_attribs=True)
class Definitions:
    """What the project that built a folder says about it: its Stack, and for every built file whose bytes
    the definitions still produce, the compiled Artefact whose origins name the Python lines."""

    stack: object
    origins: dict  # normalised built path (as lint.read names it) -> compiled Artefact


def definitions(project_dir: str, stack_dir: str) -> Definitions | None:
    """The definitions behind a built stack folder, or None when the project cannot say (no stacks/ here, a
    stack of that name missing or broken): smoke then names files and JSON paths and evaluates now."""
    from obsgen import loader, pipeline  # only when smoke runs inside a project
    from obsgen.serialize import Unserialisable

    name = os.path.basename(os.path.normpath(stack_dir))
    if not os.path.isdir(os.path.join(project_dir, "stacks")):
        return None
    try:
        [project] = loader.load(project_dir, name)
        artefacts = pipeline.compile_project(project)
    except (UserError, Misuse):
        return None
    root = os.path.dirname(os.path.normpath(stack_dir))
    origins = {}
    for art in artefacts:
        if art.root != "build":
            continue
        path = os.path.normpath(os.path.join(root, art.path))
        try:
            with open(path, "rb") as fh:
                same = fh.read() == pipeline.render(art)
        except (OSError, Unserialisable):
            continue
        if same:  # a stale build's JSON paths may point elsewhere: only matching files get Python origins
            origins[path] = art
    return Definitions(project.stack, origins)


def smoke(stack_dir: str, defs: Definitions | None = None, now: float | None = None) -> Result:
    """Both scenarios on a built stack folder. With the project's `defs`, the window ends at the stack's
    `smoke_hour` and findings name Python lines; without, it ends now and findings name JSON paths."""
    started = time.monotonic()
    if not os.path.isdir(stack_dir):
        raise Misuse(f"{stack_dir} does not exist; run obsgen build first")
    unit = lint.read(stack_dir)
    if unit.catalog is None:
        raise Misuse(f"{stack_dir} has no catalog.yaml; smoke needs the catalog to synthesize series")
    now = time.time() if now is None else now
    stack = defs.stack if defs is not None else None
    hour = stack.settings.get(SMOKE_HOUR) if stack is not None else None
    timezone = stack.timezone if stack is not None else "UTC"
    at = evaluation_instant(timezone, hour.value if hour is not None else None, now)
    queries = collect(unit.artefacts)
    with tempfile.TemporaryDirectory(prefix="obsgen-smoke-") as tmp:
        def scenario(fault: bool) -> list:
            workdir = os.path.join(tmp, "fault" if fault else "healthy")
            os.makedirs(workdir)
            return run_scenario(unit, queries, fault, workdir, at)

        # The scenarios share nothing (own TSDB, own Prometheus on its own port): run them side by side.
        with ThreadPoolExecutor(max_workers=2) as pool:
            outcomes = [o for result in pool.map(scenario, (False, True)) for o in result]
    problems = judge(outcomes, unit.stack, defs.origins if defs is not None else None)
    return Result(outcomes, problems, time.monotonic() - started, at, timezone)
