"""The data a preview draws: every dashboard target run against smoke's real Prometheus.

`obsgen smoke` backfills the healthy scenario, and every recording rule and alert over it, into
a real Prometheus (`smoke.serve`); here each Prometheus target runs as Grafana would send it
(variables substituted the way smoke does, instant or range as the target asks) and the raw
results are kept for the page. The range is the last SPAN seconds of the synthetic data, so
every panel, raw or recorded, covers the same stretch. Loki targets get synthetic lines,
marked as such: no Loki server is available to run LogQL.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from obsgen import lint, querylang, smoke

SPAN = 20 * 60  # seconds of synthetic data the graphs show
STEP = 30


def _shown_targets(unit, dashboards: list) -> tuple:
    """([(dashboard index, panel, target, expr)] for PromQL, the same for LogQL): the targets Grafana runs on load.

    The queries come from smoke's collection (`smoke.collect`, hence `Context.expressions`): the same
    walk, datasource resolution and variable substitution every check and `obsgen smoke` use. Only
    top-level panels are drawn: a collapsed row hides the panels it holds.
    """
    from obsgen.artefact import Artefact
    from obsgen.checks.base import Context

    arts = [Artefact(f"preview/{i}.json", "dashboard", dash, {}, "") for i, dash in enumerate(dashboards)]
    provisioning = [a for a in unit.artefacts if a.kind == "datasources"]  # what a datasource uid resolves to
    index = {id(a): i for i, a in enumerate(arts)}

    def shown(art, path):
        if id(art) not in index or len(path) != 4 or path[0] != "panels" or path[2] != "targets":
            return None
        panel = art.data["panels"][path[1]]
        return (index[id(art)], panel, panel["targets"][path[3]]) if isinstance(panel, dict) else None

    promql = [(*hit, q.expr) for q in smoke.collect(arts + provisioning) if q.kind == "dashboard"
              for hit in [shown(q.artefact, q.path)] if hit]
    logql = [(*hit, found.expr) for found in Context(arts + provisioning).expressions()
             if found.language == querylang.LOGQL for hit in [shown(found.artefact, found.path[:-1])]
             if hit and not hit[2].get("hide")]
    return promql, logql


def _request(base: str, expr: str, instant: bool, start: int, end: int) -> dict:
    if instant:
        url = f"{base}/api/v1/query?" + urllib.parse.urlencode({"query": expr, "time": end})
    else:
        url = f"{base}/api/v1/query_range?" + urllib.parse.urlencode(
            {"query": expr, "start": start, "end": end, "step": STEP})
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:  # loopback only
            body = json.loads(resp.read().decode())
    except urllib.error.HTTPError as exc:
        try:
            return {"error": json.loads(exc.read().decode()).get("error", str(exc))}
        except ValueError:
            return {"error": str(exc)}
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return {"error": str(exc)}
    return body.get("data") or {}


def _series(data: dict, times: list, instant: bool) -> list:
    """[{metric, values}] with values aligned to `times` (range) or one value (instant)."""
    out = []
    index = {t: i for i, t in enumerate(times)}
    for item in data.get("result") or []:
        if instant:
            value = item.get("value") or [None, None]
            values = [_number(value[1])]
        else:
            values = [None] * len(times)
            for ts, v in item.get("values") or []:
                i = index.get(int(float(ts)))
                if i is not None:
                    values[i] = _number(v)
        out.append({"metric": item.get("metric") or {}, "values": values})
    out.sort(key=lambda s: sorted(s["metric"].items()))
    return out


def _number(text):
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return value if value == value and abs(value) != float("inf") else None


_MATCHER = re.compile(r'(\w+)\s*(=~|!=|!~|=)\s*"((?:[^"\\]|\\.)*)"')
LEVELS = ("info", "info", "warn", "info", "error", "info", "debug")


def synthetic_logs(expr: str, end: int, count: int = 14) -> list:
    """Lines a stream selected by `expr` could hold, each saying it is synthetic."""
    selector = expr[expr.find("{") + 1:expr.find("}")] if "{" in expr else ""
    labels = {}
    for name, op, value in _MATCHER.findall(selector):
        if op == "=":
            labels[name] = value
        elif op == "=~" and not value.startswith("$") and re.fullmatch(r"[\w\-]+(\|[\w\-]+)*", value):
            labels[name] = value.split("|")[0]
    line_filter = re.search(r'\|=\s*"([^"]*)"', expr)
    stream = " ".join(f"{k}={v}" for k, v in sorted(labels.items()))
    lines = []
    for i in range(count):
        level = "error" if line_filter and "error" in line_filter.group(1) else LEVELS[i % len(LEVELS)]
        word = line_filter.group(1) if line_filter else "request handled"
        lines.append({"ts": end - i * 7, "level": level, "labels": labels,
                      "line": " ".join(filter(None, ["[synthetic]", f"level={level}", stream, f'msg="{word} #{count - i}"']))})
    return lines


_BY = re.compile(r"\bby\s*\(([^)]*)\)")


def _log_label_values(label: str, selector: dict) -> list:
    if label in selector:
        return [selector[label]]
    if label == "level":
        return ["info", "warn", "error"]
    return smoke.LABEL_VALUES.get(label, [f"{label}-a", f"{label}-b"])[:2]


def synthetic_volume(expr: str, times: list) -> list:
    """Series a LogQL metric query could return: one per combination of its `by (...)` labels."""
    selector = expr[expr.find("{") + 1:expr.find("}")] if "{" in expr else ""
    fixed = {name: value for name, op, value in _MATCHER.findall(selector) if op == "="}
    grouping = _BY.search(expr)
    labels = [l.strip() for l in grouping.group(1).split(",") if l.strip()] if grouping else []
    combos = [{}]
    for label in labels:
        combos = [{**c, label: v} for c in combos for v in _log_label_values(label, fixed)]
    errors_only = "error" in expr and ("level=~" in expr or '|= "error"' in expr)
    out = []
    for i, metric in enumerate(combos[:12]):
        base = (0.2 if errors_only or metric.get("level") == "error" else 2.0) * (1 + i % 3)
        out.append({"metric": metric, "values": [round(base * (1 + 0.15 * ((t // 3 + i) % 4)), 3) for t in times]})
    return out


def fetch_unit(unit, dashboards: list, fault: bool = False, span: int = SPAN) -> list:
    """Panel data for each of `dashboards` (parsed JSON, in order) of one built stack, over the
    last `span` seconds of the synthetic data. One Prometheus serves them all."""
    queries = smoke.collect(unit.artefacts)
    promql, logql = _shown_targets(unit, dashboards)
    with tempfile.TemporaryDirectory(prefix="obsgen-preview-") as workdir:
        with smoke.serve(unit, queries, fault, workdir) as (prom, first, end):
            start = max(first, end - span)
            times = list(range(start, end + 1, STEP))
            jobs = [(index, panel.get("id"), target, expr, bool(target.get("instant")) and not target.get("range"))
                    for index, panel, target, expr in promql]

            def run(job):
                index, pid, target, expr, instant = job
                data = _request(prom.base, expr, instant, start, end)
                return index, pid, {"refId": target.get("refId", "A"), "legendFormat": target.get("legendFormat", ""),
                                  "format": target.get("format", "time_series"), "instant": instant,
                                  "error": data.get("error", ""), "series": _series(data, times, instant)}

            with ThreadPoolExecutor(max_workers=4) as pool:
                results = list(pool.map(run, jobs))
    out = [{"times": times, "panels": {}, "span": span, "scenario": "fault" if fault else "healthy"} for _d in dashboards]
    for index, panel, target, expr in logql:
        entry = out[index]["panels"].setdefault(str(panel.get("id")), {"targets": [], "logs": []})
        if panel.get("type") == "logs":
            entry["logs"] += synthetic_logs(expr, end)
        else:  # a LogQL metric query: no Loki to run it, so synthetic series, marked as such
            entry["targets"].append({"refId": target.get("refId", "A"), "legendFormat": target.get("legendFormat", ""),
                                     "format": "time_series", "instant": False, "error": "", "synthetic": True,
                                     "series": synthetic_volume(expr, times)})
    for index, pid, result in results:
        out[index]["panels"].setdefault(str(pid), {"targets": [], "logs": []})["targets"].append(result)
    return out


def dashboards_of(stack_dir: str) -> tuple:
    """(lint unit, [(path, parsed dashboard)]) of a built stack folder."""
    unit = lint.read(stack_dir)
    found = [(a.path, a.data) for a in unit.artefacts if a.kind == "dashboard" and isinstance(a.data, dict)]
    return unit, sorted(found, key=lambda item: item[0])


def stack_name(stack_dir: str) -> str:
    return os.path.basename(os.path.normpath(stack_dir))
