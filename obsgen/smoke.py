"""`obsgen smoke`: a live proof on a real Prometheus.

For one built stack: synthesize plausible series for every catalogued metric
(counters only grow, histograms have consistent buckets/_sum/_count, every
label takes plausible values and every scrape job appears), once healthy and
once with faults everywhere (errors, latency, targets down, disks and pools
full, spend past budget, connection drops). Each scenario is backfilled with
`promtool tsdb create-blocks-from openmetrics` into a temporary TSDB, and the
real Prometheus is started on it, on 127.0.0.1 with no scrape targets.

The window ends at the stack's evaluation instant: the last time the stack's
local clock read its `smoke_hour` setting (e.g. inside a stack's evening
peak, so panels that keep only peak hours have data), or now for a stack
without one. Prometheus evaluates rules only at the present, so recording
rules are backfilled over the window with `promtool tsdb create-blocks-from
rules` against the running server, one pass per level of rules built on rules,
and alerting rules are backfilled the same way as the `ALERTS` series they
raise (with `for` dropped). Prometheus restarts between passes to load the
new blocks.

Then every dashboard target runs as a range query, every recording rule as a
range query, and every alert expression as an instant query, all ending at
the evaluation instant. A query that errors, or a dashboard/recording query
that returns nothing, is a problem. In the healthy scenario only the Watchdog
may fire; in the fault scenario every other alert must fire. Exceptions are
declared in .obsgen-lint.yaml under the check ids `smoke-empty`,
`smoke-error`, `smoke-healthy-fires` and `smoke-fault-quiet`, each with its
reason; every finding names the Python `file:line` of its panel or alert when
smoke runs in the project that built the folder, and the snippet that
declares it an exception.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from itertools import islice, product

import datetime
import zoneinfo

import attr
import yaml

from obsgen import lint, promql, tools
from obsgen.checks.base import describe, panels
from obsgen.artefact import json_path
from obsgen.errors import Misuse, Problem, UserError

WINDOW = 30 * 60  # seconds of synthetic history
STEP = 15  # sample spacing, the stacks' scrape interval
QUERY_STEP = 60
START_TIMEOUT = 20
MAX_SERIES_PER_METRIC = 24
# The stack setting (a Quantity: the hour of day in the stack's timezone, 19.25 for 19:15) at which smoke's
# window ends. Range queries cover its last 20 minutes.
SMOKE_HOUR = "smoke_hour"

# Plausible values for label names no stack owns (HTTP, outcomes, exporters' own labels). A system's own
# values (routes, models, containers) come from its catalog's Metric examples; other labels get "a" and "b".
LABEL_VALUES = {
    "method": ["GET", "POST"],
    "status_code": ["200", "404", "500"],
    "code": ["200", "404", "500"],
    "result": ["success", "failure"],
    "status": ["success", "error"],
    "error_type": ["timeout", "TypeError"],
    "type": ["prompt", "completion"],
    "cpu": ["0", "1"],
    "mode": ["idle", "user", "system", "iowait"],
    "device": ["sda1"],
    "mountpoint": ["/"],
    "fstype": ["ext4"],
    "id": ["/docker/1"],
    "state": ["active", "suppressed"],
    "integration": ["slack", "email"],
    "alertmanager": ["http://alertmanager:9093/api/v2/alerts"],
    "rule_group": ["rules.yml;group"],
    "interval": ["15s"],
    "slice": ["inner_eval"],
    "version": ["v2"],
}
# Values that mean something went wrong: rare when healthy, dominant in the fault scenario.
BAD_VALUES = {"500", "503", "failure", "error", "timeout", "TypeError", "iowait", "suppressed"}
_BAD_NAME = re.compile(r"error|fail|drop|timeout|restart|invalid|discard|reject|oom|panic|missed|exceeded|corrupt")
_SECONDS_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
_BYTES_BUCKETS = (1e3, 1e4, 5e4, 1e5, 2.5e5, 5e5, 1e6, 5e6, 1e7)
_OTHER_BUCKETS = (1, 5, 10, 50, 100, 500, 1000)


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


# ---------------------------------------------------------------- synthetic data

def _label_values(label: str, jobs: list) -> list:
    if label == "job":
        return jobs
    return LABEL_VALUES.get(label, ["a", "b"])


def _bad(labels: dict) -> bool:
    return any(v in BAD_VALUES for k, v in labels.items() if k not in ("job", "instance"))


def _gauge(name: str, labels: dict, fault: bool, start: int, end: int):
    """A plausible gauge over time, from its name: sizes, availability, usage, booleans, start times."""
    n = name.lower()
    if any(word in n for word in ("successful", "discovered", "connected", "healthy")) or n.endswith("_up"):
        return lambda t: 0.0 if fault else 1.0
    if "start_time" in n:  # a restart every three minutes in the fault scenario
        return (lambda t: float(t - t % 180)) if fault else (lambda t: float(start - 86400))
    if "timestamp" in n or n.endswith("_time_seconds"):
        return lambda t: float(t - (86400 * 3 if fault else 60))
    if n.endswith("_bytes") and any(word in n for word in ("avail", "free")):
        total = 16 * 2 ** 30
        if fault:  # filling up: from 30% free to 3% free across the window
            return lambda t: total * (0.30 - 0.27 * (t - start) / max(1, end - start))
        return lambda t: total * 0.6
    level = _gauge_value(n, fault)
    return lambda t: level


def _gauge_value(n: str, fault: bool) -> float:
    if n.endswith("_bytes") or "memory" in n or "filesystem" in n:
        total = 16 * 2 ** 30
        if any(word in n for word in ("size", "total", "limit", "max")):
            return float(total)
        return total * (0.97 if fault else 0.3)
    if any(word in n for word in ("active", "connections", "in_use", "queue", "pending", "sessions", "alerts")):
        return 19.0 if fault else 4.0
    if "ratio" in n or "utilisation" in n or "utilization" in n:
        return 0.97 if fault else 0.2
    return 1.0


def _rate(name: str, labels: dict, fault: bool) -> float:
    """Per-second increase of a counter series."""
    n = name.lower()
    base = 5.0
    if "tokens" in n:
        base = 2000.0 if fault else 5.0  # fault: spend far past any daily budget
    elif n.endswith("_bytes_total"):
        base = 50_000.0
    elif "cpu_seconds" in n or "cpu_usage_seconds" in n:
        mode = labels.get("mode")
        busy = 0.97 if fault else 0.2
        share = {"idle": 1 - busy, "user": busy * 0.7, "system": busy * 0.25, "iowait": busy * 0.05}
        return share.get(mode, busy) if mode else busy
    if _BAD_NAME.search(n):
        return base * 0.8 if fault else 0.0
    if _bad(labels):
        return base * (0.8 if fault else 0.002)
    return base


def _buckets(unit: str, name: str) -> tuple:
    if unit == "seconds" or name.endswith("_seconds"):
        return _SECONDS_BUCKETS
    if unit == "bytes" or name.endswith("_bytes"):
        return _BYTES_BUCKETS
    return _OTHER_BUCKETS


def _typical(unit: str, name: str, fault: bool) -> float:
    if unit == "seconds" or name.endswith("_seconds"):
        return 25.0 if fault else 0.08
    if unit == "bytes" or name.endswith("_bytes"):
        return 3e6 if fault else 2e4
    return 300.0 if fault else 3.0


def _cdf(le: float, typical: float) -> float:
    # log-logistic: half of observations fall below `typical`, steeply.
    return le ** 4 / (le ** 4 + typical ** 4)


def _series_labels(metric, jobs_for, queried: dict) -> list:
    names = list(metric.labels)
    examples = getattr(metric, "examples", None) or {}
    # The catalog's example values where it has them (the real system's routes, models, containers).
    pools = [sorted(set(examples.get(l) or _label_values(l, [])) | queried.get((metric.name, l), set()))
             for l in names]
    combos = list(islice(product(*pools), MAX_SERIES_PER_METRIC))
    # Past the cap, make sure every value of every label still appears in some series.
    widest = max((len(p) for p in pools), default=0)
    combos += [tuple(p[i % len(p)] for p in pools) for i in range(widest)]
    combos = list(dict.fromkeys(combos))
    out = []
    for job, instance in jobs_for(metric):
        for combo in combos:
            out.append({"job": job, "instance": instance, **dict(zip(names, combo))})
    return out


def _fmt_labels(labels: dict) -> str:
    inner = ",".join(f'{k}="{_escape(str(v))}"' for k, v in sorted(labels.items()))
    return "{" + inner + "}"


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _le(bound: float) -> str:
    """A bucket boundary as Go client libraries write it (2, 0.5, 1e+06, +Inf), which queries match on."""
    return "+Inf" if bound == math.inf else f"{bound:g}"


def _num(value: float) -> str:
    return repr(round(value, 6)) if math.isfinite(value) else "+Inf"


def _cluster_label_sets(catalog) -> list:
    """The extra labels each synthetic series is written with, once per set.

    A catalog naming target labels beyond job and instance (a stack's cluster_label, see
    obsgen/clusters.py) gets every series in two clusters, as Mimir or Thanos hold them, so
    a query that neither selects nor aggregates by the cluster shows up; otherwise one empty
    set, and the data is what it always was.
    """
    extra = tuple(getattr(catalog, "target_labels", ()) or ())
    if not extra:
        return [{}]
    from obsgen.clusters import TEST_CLUSTERS

    return [{label: value for label in extra} for value in TEST_CLUSTERS]


def synthesize(catalog, targets: list, end: int, fault: bool, out, bounds=(), queried=None) -> int:
    """Write OpenMetrics for every catalogued metric and `up` to `out`; return the series count.

    `bounds` are extra histogram bucket boundaries, the `le` values queries name (an Apdex
    reads le="0.5" and le="2"), which a real application would have configured. `queried`
    maps (metric, label) to values queries select, so a `status=~"5.."` or a compose project
    name finds series, as it would on the real system.
    """
    queried = queried or {}
    times = list(range(end - WINDOW, end + 1, STEP))
    start = times[0]

    def jobs_for(metric):
        exporter = (metric.exporter or "").split(" ")[0]
        matching = [t for t in targets if t[0] == exporter]
        return matching or targets

    count = 0
    spread = _cluster_label_sets(catalog)

    def emit(name: str, labels: dict, value_at):
        nonlocal count
        for extra in spread:
            count += 1
            text = name + _fmt_labels({**labels, **extra})
            out.write("".join(f"{text} {_num(value_at(t))} {t}\n" for t in times))

    for job, instance in targets:
        # Fault: the target flaps (one scrape in four succeeds) and is down at the end.
        emit("up", {"job": job, "instance": instance},
             (lambda t: 1.0 if (end - t) % (4 * STEP) == 2 * STEP else 0.0) if fault else (lambda t: 1.0))
        emit("scrape_duration_seconds", {"job": job, "instance": instance}, lambda t: 0.05)
    for metric in sorted(catalog, key=lambda m: m.name):
        for labels in _series_labels(metric, jobs_for, queried):
            if metric.type == "counter":
                rate = _rate(metric.name, labels, fault)
                emit(metric.name, labels, lambda t, r=rate: 1000 + r * (t - start))
            elif metric.type == "gauge":
                emit(metric.name, labels, _gauge(metric.name, labels, fault, start, end))
            else:  # histogram or summary
                rate = _rate(metric.name, labels, fault)
                typical = _typical(metric.unit, metric.name, fault)
                if metric.type == "histogram":
                    for le in sorted(set(_buckets(metric.unit, metric.name)) | set(bounds)) + [math.inf]:
                        share = 1.0 if le == math.inf else _cdf(le, typical)
                        emit(f"{metric.name}_bucket", {**labels, "le": _le(le)},
                             lambda t, r=rate * share: r * (t - start))
                else:
                    for q in ("0.5", "0.9", "0.99"):
                        emit(metric.name, {**labels, "quantile": q}, lambda t, v=typical * (1 + float(q)): v)
                emit(f"{metric.name}_sum", labels, lambda t, r=rate * typical: r * (t - start))
                emit(f"{metric.name}_count", labels, lambda t, r=rate: r * (t - start))
    out.write("# EOF\n")
    return count


# ---------------------------------------------------------------- queries

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
    out = []
    for art in artefacts:
        if art.kind == "dashboard":
            for path, panel in panels(art):
                for index, target in enumerate(panel.get("targets") or []):
                    ds = target.get("datasource") or panel.get("datasource") or {}
                    if "expr" not in target or target.get("hide") or (isinstance(ds, dict) and ds.get("type") == "loki"):
                        continue
                    out.append(Query("dashboard", art, path + ("targets", index), _substitute(target["expr"], art.data)))
        elif art.kind == "rules":
            for g_index, group in enumerate(art.data.get("groups") or []):
                for r_index, rule in enumerate(group.get("rules") or []):
                    path = ("groups", g_index, "rules", r_index)
                    if "alert" in rule:
                        out.append(Query("alert", art, path, str(rule["expr"]), rule["alert"]))
                    else:
                        out.append(Query("recording", art, path, str(rule["expr"]), rule.get("record", "")))
    return out


def _is_watchdog(q: Query) -> bool:
    return q.name == "Watchdog" or q.expr.strip() == "vector(1)"


# ---------------------------------------------------------------- Prometheus

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


# ---------------------------------------------------------------- run

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


_LE = re.compile(r'\ble\s*=~?\s*"([0-9.eE+]+)"')


def _bounds(queries: list) -> set:
    out = set()
    for q in queries:
        for value in _LE.findall(q.expr):
            try:
                out.add(float(value))
            except ValueError:
                pass
    return out


_CANDIDATES = sorted({v for values in LABEL_VALUES.values() for v in values} | {"200", "404", "500", "503", "hit", "miss"})


def queried_values(queries: list, catalog) -> dict:
    """(metric family, label) -> label values that the queries' matchers select."""
    out: dict = {}
    for q in queries:
        try:
            facts = promql.analyse(q.expr)
        except promql.PromQLError:
            continue
        for sel in facts.selectors:
            series = catalog.series(sel.name) if sel.name else None
            if series is None:
                continue
            for label, op, value in sel.matchers:
                if label in ("job", "instance", "le", "__name__") or value == promql.VARIABLE_VALUE:
                    continue
                if op == "Equal" and value:
                    out.setdefault((series.metric.name, label), set()).add(value)
                elif op in ("Re", "EqualRegex"):
                    literal = [v for v in value.split("|") if re.fullmatch(r"[\w\-/:]+", v)]  # no metacharacters
                    try:
                        pattern = re.compile(value)
                    except re.error:
                        continue
                    hits = [v for v in literal + _CANDIDATES if pattern.fullmatch(v)][:2]
                    if hits and not pattern.fullmatch(""):
                        out.setdefault((series.metric.name, label), set()).update(hits)
    return out


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
        synthesize(unit.catalog, _targets(unit), end, fault, fh, _bounds(queries),
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
