"""Synthetic series for every catalogued metric, once healthy and once with faults everywhere.

Counters only grow, histograms have consistent buckets/_sum/_count, every label takes
plausible values (the catalog's examples first, then the values the queries select) and
every scrape job appears. Written as OpenMetrics for `promtool tsdb create-blocks-from`.
"""

from __future__ import annotations

import math
import re
from itertools import islice, product

from obsgen import promql

WINDOW = 30 * 60  # seconds of synthetic history
STEP = 15  # sample spacing, the stacks' scrape interval
MAX_SERIES_PER_METRIC = 24
# Plausible values for label names no stack owns (HTTP, outcomes, exporters' own labels). A system's own
# values (routes, models, containers) come from its catalog's Metric examples; other labels get "a" and "b".
LABEL_VALUES = {
    "method": ["GET", "POST"],
    "status_code": ["200", "404", "500"],
    "code": ["200", "404", "500"],
    "result": ["success", "failure"],
    "status": ["success", "error"],
    "error_type": ["timeout", "TypeError"],
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


_LE = re.compile(r'\ble\s*=~?\s*"([0-9.eE+]+)"')


def bounds_of(queries: list) -> set:
    """Histogram bucket bounds the queries select (`le="0.5"`), so synthetic histograms carry them."""
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
