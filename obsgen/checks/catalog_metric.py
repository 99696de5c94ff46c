"""Every metric a query names is catalogued (or recorded), with the labels it uses.

A panel that queries a metric nobody exports shows "No data"; a label typo
makes an alert that never fires. Both are caught here, before commit.
"""

from obsgen import promql
from obsgen.checks.base import Check, Finding
from obsgen.model.catalog import TARGET_LABELS

# Series Prometheus itself creates for every target or alert.
_SYNTHETIC = {
    "up": set(TARGET_LABELS),
    "scrape_duration_seconds": set(TARGET_LABELS),
    "scrape_samples_scraped": set(TARGET_LABELS),
    "scrape_samples_post_metric_relabeling": set(TARGET_LABELS),
    "scrape_series_added": set(TARGET_LABELS),
}
_ALERTS_LABELS = None  # ALERTS carries every alert label; any label is allowed


def _labels_for(name, ctx, recorded):
    """Label names a series carries, or None when any label may appear."""
    if name in _SYNTHETIC:
        return _SYNTHETIC[name] | set(getattr(ctx.catalog, "target_labels", ()))
    if name in ("ALERTS", "ALERTS_FOR_STATE"):
        return _ALERTS_LABELS
    if name in recorded:
        return None  # a recorded series' labels depend on its expression
    series = ctx.catalog.series(name) if ctx.catalog is not None else None
    return set(series.labels) if series is not None else False


class CatalogMetric(Check):
    id = "catalog-metric"
    severity = "error"
    summary = "Every selector names a metric in the stack's catalog or a recording rule; labels exist on it."
    example = "`rate(shop_http_request_total[5m])` (the metric is `..._requests_total`), `sum by (status) (...)` when the label is `status_code`, or `up{job=\"backend\"}` when the scrape job is `shop-backend`."

    def run(self, ctx):
        if ctx.catalog is None:
            return
        recorded = ctx.recorded()
        jobs = ctx.jobs()
        for e, facts in ctx.promql_facts():
            known = {}
            for sel in facts.selectors:
                if sel.name is None or promql.VARIABLE_NAME in sel.name:
                    continue  # no name, or a name a dashboard variable supplies
                labels = _labels_for(sel.name, ctx, recorded)
                if labels is False:
                    yield Finding(e.artefact, e.path, f"metric {sel.name!r} is not in the catalog or any recording rule")
                    continue
                known[sel] = labels
                for label, op, value in sel.matchers:
                    if label == "job" and op == "Equal" and jobs is not None \
                            and promql.VARIABLE_VALUE not in value and value not in jobs:
                        yield Finding(e.artefact, e.path, f"job {value!r} is not a scrape job (have: {', '.join(sorted(jobs))})")
                    if labels is not None and label not in labels and label != "__name__" \
                            and not label.startswith(promql.VARIABLE_NAME):
                        yield Finding(e.artefact, e.path,
                                      f"label {label!r} does not exist on {sel.name} (has: {', '.join(sorted(labels))})")
            for grouping in facts.groupings:
                pools = [known.get(s) for s in grouping.selectors if s in known]
                if not pools or any(p is None for p in pools):
                    continue
                available = set().union(*pools) | facts.created_labels
                for label in grouping.labels:
                    if label not in available and not label.startswith(promql.VARIABLE_NAME):
                        names = ", ".join(sorted({s.name for s in grouping.selectors if s.name}))
                        yield Finding(e.artefact, e.path, f"label {label!r} in {grouping.clause} does not exist on {names}")
