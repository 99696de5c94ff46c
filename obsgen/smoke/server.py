"""The real Prometheus on loopback, fed a scenario's synthetic data and every rule over it.

The data is backfilled with `promtool tsdb create-blocks-from openmetrics`; Prometheus
evaluates rules only at the present, so recording rules are backfilled over the window
with `create-blocks-from rules` against the running server, one pass per level of rules
built on rules, and alerting rules the same way as the `ALERTS` series they raise (`for`
dropped). Prometheus restarts between passes to load the new blocks.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import yaml

from obsgen import promql, tools
from obsgen.errors import Misuse
from obsgen.smoke.queries import QUERY_STEP, Outcome, Query
from obsgen.smoke.synthesis import STEP, WINDOW, queried_values, bounds_of, synthesize

START_TIMEOUT = 20


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 10) -> dict:
    with urllib.request.urlopen(url, timeout=timeout) as resp:  # loopback only
        return json.loads(resp.read().decode())


class Prometheus:
    """The real Prometheus on a temporary TSDB, on 127.0.0.1, stopped on exit."""

    def __init__(self, workdir: str, rule_files: list = ()):
        self.workdir = workdir
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        config = {"global": {"evaluation_interval": "1s", "scrape_interval": "15s"}, "rule_files": list(rule_files)}
        self.config = os.path.join(workdir, "prometheus.yml")
        with open(self.config, "w") as fh:
            yaml.safe_dump(config, fh)
        self.proc = None

    def __enter__(self):
        binary = shutil.which("prometheus") or "/usr/bin/prometheus"
        if not os.path.exists(binary):
            raise Misuse(f"prometheus not found: {tools.INSTALL_HINT['promtool']}")
        self.log = open(os.path.join(self.workdir, "prometheus.log"), "w")
        self.proc = subprocess.Popen(
            [binary, f"--config.file={self.config}", f"--storage.tsdb.path={os.path.join(self.workdir, 'tsdb')}",
             f"--web.listen-address=127.0.0.1:{self.port}", "--storage.tsdb.retention.time=30d",
             "--log.level=warn", "--query.lookback-delta=5m"],
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"prometheus exited: {self._log_tail()}")
            try:
                urllib.request.urlopen(f"{self.base}/-/ready", timeout=1).close()
                return self
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.2)
        raise RuntimeError(f"prometheus not ready after {START_TIMEOUT}s: {self._log_tail()}")

    def _log_tail(self) -> str:
        self.log.flush()
        with open(self.log.name) as fh:
            return " | ".join(fh.read().strip().splitlines()[-3:])

    def __exit__(self, *exc):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()

    def query(self, expr: str, start: int | None = None, end: int | None = None, at: int | None = None) -> tuple:
        """(series count, error text) of an instant query (at `at`, default now) or a range query."""
        if start is None:
            params = {"query": expr, **({"time": at} if at is not None else {})}
            url = f"{self.base}/api/v1/query?{urllib.parse.urlencode(params)}"
        else:
            params = {"query": expr, "start": start, "end": end, "step": QUERY_STEP}
            url = f"{self.base}/api/v1/query_range?{urllib.parse.urlencode(params)}"
        try:
            data = _get(url)
        except urllib.error.HTTPError as exc:
            try:
                return 0, json.loads(exc.read().decode()).get("error", str(exc))
            except ValueError:
                return 0, str(exc)
        except (urllib.error.URLError, OSError) as exc:
            return 0, str(exc)
        return len(data["data"]["result"]), ""


def _backfill(path: str, tsdb: str) -> None:
    promtool = tools.require("promtool")
    proc = subprocess.run([promtool, "tsdb", "create-blocks-from", "openmetrics", path, tsdb],
                          capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        raise RuntimeError(f"promtool backfill failed: {(proc.stdout + proc.stderr).strip()[-500:]}")


def _as_alerts(rule: dict) -> dict:
    """An alerting rule as the recording rule of the `ALERTS` series it raises while firing (`for` dropped):
    the expression's labels plus the rule's, `alertname` and `alertstate="firing"`, value 1."""
    labels = {k: str(v) for k, v in (rule.get("labels") or {}).items() if "{{" not in str(v)}  # templates aside
    labels.update(alertname=str(rule["alert"]), alertstate="firing")
    return {"record": "ALERTS", "expr": f"({rule['expr']}) * 0 + 1", "labels": labels}


def rule_passes(rule_arts: list) -> list:
    """Recording rules grouped by level (level 0 reads only scraped series, level n reads level n-1), then the
    alerting rules as ALERTS: each pass is backfilled after the one before is loaded."""
    rules = [rule for art in rule_arts if isinstance(art.data, dict)
             for group in art.data.get("groups") or [] for rule in group.get("rules") or [] if isinstance(rule, dict)]
    records: dict = {}
    for rule in rules:
        if "record" in rule and "expr" in rule:
            records.setdefault(str(rule["record"]), []).append(rule)

    def reads(rule) -> set:
        try:
            return {s.name for s in promql.analyse(str(rule["expr"])).selectors if s.name in records}
        except promql.PromQLError:
            return set()

    levels: dict = {}

    def level(name: str, seen: frozenset) -> int:
        if name not in levels:
            deps = {d for rule in records[name] for d in reads(rule)} - seen - {name}
            levels[name] = 1 + max((level(d, seen | {name}) for d in deps), default=-1)
        return levels[name]

    passes: list = [[] for _ in range(1 + max((level(n, frozenset()) for n in records), default=-1))]
    for name in records:
        passes[levels[name]].extend({k: rule[k] for k in ("record", "expr", "labels") if k in rule}
                                    for rule in records[name])
    alerts = [_as_alerts(rule) for rule in rules if "alert" in rule and "expr" in rule]
    return [p for p in passes if p] + ([alerts] if alerts else [])


def _backfill_rules(url: str, path: str, start: int, end: int, out: str) -> None:
    promtool = tools.require("promtool")
    proc = subprocess.run([promtool, "tsdb", "create-blocks-from", "rules", f"--url={url}", f"--start={start}",
                           f"--end={end}", f"--eval-interval={STEP}s", f"--output-dir={out}", "--quiet", path],
                          capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        raise RuntimeError(f"promtool rule backfill failed: {(proc.stdout + proc.stderr).strip()[-500:]}")


def _targets(unit) -> list:
    """(job, target) of every scrape target in the built prometheus.yml."""
    jobs = []
    for config in unit.artefacts:
        if config.kind == "prometheus" and isinstance(config.data, dict):
            for job in config.data.get("scrape_configs") or []:
                for static in job.get("static_configs") or [{"targets": ["localhost:9999"]}]:
                    for target in static.get("targets") or []:
                        jobs.append((job.get("job_name"), target))
    return jobs or [("app", "app:8080")]


def _load_blocks(source: str, tsdb: str) -> None:
    """Move the blocks promtool wrote into the TSDB (Prometheus is stopped: it loads them at its next start)."""
    for name in sorted(os.listdir(source)) if os.path.isdir(source) else []:
        if os.path.isfile(os.path.join(source, name, "meta.json")):
            shutil.move(os.path.join(source, name), os.path.join(tsdb, name))


@contextlib.contextmanager
def serve(unit, queries: list, fault: bool, workdir: str, at: int | None = None):
    """A scenario's data, and every recording rule and alert over it, backfilled into a real Prometheus:
    yields (Prometheus, start, end), the range the smoke queries read; the data ends at `at` (default now).
    `obsgen preview` draws from it too."""
    end = int(time.time()) if at is None else int(at)
    data = os.path.join(workdir, "data.om")
    with open(data, "w") as fh:
        synthesize(unit.catalog, _targets(unit), end, fault, fh, bounds_of(queries),
                   queried_values(queries, unit.catalog))
    tsdb = os.path.join(workdir, "tsdb")
    os.makedirs(tsdb, exist_ok=True)
    _backfill(data, tsdb)
    os.remove(data)
    for index, rules in enumerate(rule_passes([a for a in unit.artefacts if a.kind == "rules"])):
        path = os.path.join(workdir, f"pass-{index}.yml")
        with open(path, "w") as fh:
            yaml.safe_dump({"groups": [{"name": f"smoke-pass-{index}", "rules": rules}]}, fh, sort_keys=True)
        blocks = os.path.join(workdir, f"pass-{index}-blocks")
        with Prometheus(workdir) as prom:
            _backfill_rules(prom.base, path, end - WINDOW, end, blocks)
        _load_blocks(blocks, tsdb)
    # Range queries start 10 minutes into the window, once 5-minute rates have history, and end at `end`.
    start = end - ((WINDOW - 10 * 60) // QUERY_STEP) * QUERY_STEP
    with Prometheus(workdir) as prom:
        yield prom, start, end


def run_scenario(unit, queries: list, fault: bool, workdir: str, at: int | None = None) -> list:
    """Outcomes of every query on one scenario's data, which ends at `at` (default now)."""
    with serve(unit, queries, fault, workdir, at) as (prom, start, end):

        def one(q: Query) -> Outcome:
            if q.kind == "alert":
                series, error = prom.query(q.expr, at=end)
            else:
                series, error = prom.query(q.expr, start, end)
            return Outcome(q, "fault" if fault else "healthy", series, error)

        with ThreadPoolExecutor(max_workers=4) as pool:
            return list(pool.map(one, queries))
