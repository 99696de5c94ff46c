"""Functions fit the metric type: counters are rated, never read raw; histograms are read through buckets.

`rate(memory_bytes[5m])` on a gauge and `sum(requests_total)` on a counter both
give numbers that look plausible and mean nothing; neither fails to parse.
"""

from obsgen.checks.base import Check, Finding

COUNTER_ONLY = ("rate", "irate", "increase")
# Functions that read a counter's samples meaningfully without rating them.
COUNTER_SAFE = COUNTER_ONLY + ("resets", "absent", "absent_over_time", "present_over_time", "timestamp", "changes")


class MetricType(Check):
    id = "metric-type"
    severity = "error"
    summary = ("rate/irate/increase apply only to counters; counters are never used raw; histogram_quantile reads "
               "`_bucket` series and keeps `le`; `_sum`/`_count` come only from histograms or summaries.")
    example = "`rate(shop_sessions_active[5m])` rates a gauge; `sum(shop_http_requests_total)` reads a counter raw."

    def run(self, ctx):
        if ctx.catalog is None:
            return
        for e, facts in ctx.promql_facts():
            for message in _problems(facts, ctx.catalog):
                yield Finding(e.artefact, e.path, message)


def _problems(facts, catalog):
    rated = {}
    for use in facts.uses:
        rated.setdefault(use.selector, set()).add(use.function)
    seen = set()
    for sel in facts.selectors:
        if sel.name is None or sel in seen:
            continue
        seen.add(sel)
        series = catalog.series(sel.name)
        if series is None:
            base = sel.name.rsplit("_", 1)[0]
            if sel.name.endswith(("_sum", "_count", "_bucket")) and base in catalog:
                yield (f"{sel.name}: {base} is a {catalog[base].type}, so it has no {sel.name[len(base):]} series; "
                       "only histograms and summaries do")
            continue
        functions = rated.get(sel, set())
        for fn in sorted(functions & set(COUNTER_ONLY)):
            if series.kind != "counter":
                yield f"{fn}() applied to {sel.name}, a {series.metric.type}; {fn} only makes sense on counters"
        if series.kind == "counter" and not functions & set(COUNTER_SAFE):
            yield (f"counter {sel.name} is used raw; its value only grows and resets on restart, "
                   "so wrap it in rate() or increase()")
    for labels, selectors in facts.quantiles:
        for sel in selectors:
            if sel.name is None or ":" in sel.name:
                continue
            series = catalog.series(sel.name)
            if series is not None and not (series.metric.type == "histogram" and sel.name.endswith("_bucket")):
                yield f"histogram_quantile reads {sel.name}, which is not a histogram's _bucket series"
        if labels is not None:
            clause, names = labels
            if (clause == "by" and "le" not in names) or (clause == "without" and "le" in names):
                yield f"histogram_quantile's aggregation drops `le` ({clause} ({', '.join(names)})); keep le in by()"
