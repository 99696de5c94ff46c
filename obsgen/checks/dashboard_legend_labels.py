"""A legend `{{label}}` names a label its query's result carries.

`sum by (route) (...)` with the legend `{{subject}}` draws every series under
one name: Grafana finds no `subject` on any series and prints the word
`subject` itself (renderLegendFormat in Grafana's Prometheus datasource
substitutes the label's name when a series lacks it). The labels a result
carries come from obsgen.labelflow; where they cannot be known (no catalog,
an uncatalogued metric), this check says nothing.
"""

import re

from obsgen import labelflow
from obsgen.checks.base import Check, Finding, panels

# Grafana's legend syntax: `{{ name }}`, spaces allowed inside the braces.
_REFERENCE = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
_LABEL = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_]*$")


def references(legend: str) -> list:
    """Label names a legend format refers to, in order, without repeats (`__name__` and the like aside)."""
    out = []
    for match in _REFERENCE.finditer(legend):
        name = match.group(1)
        if _LABEL.match(name) and not name.startswith("__") and name not in out:
            out.append(name)
    return out


class DashboardLegendLabels(Check):
    id = "dashboard-legend-labels"
    severity = "error"
    summary = ("Every `{{label}}` in a Prometheus target's legend is a label its query's result carries, following labels "
               "from the catalog, scrape config and recording rules through aggregations, joins and functions.")
    example = "The legend `{{subject}}` on `sum by (route) (rate(shop_http_requests_total[$__rate_interval]))`."

    def run(self, ctx):
        flows = labelflow.of(ctx)
        for art in ctx.of_kind("dashboard"):
            for path, panel in panels(art):
                targets = panel.get("targets")
                for index, target in enumerate(targets if isinstance(targets, list) else []):
                    if not isinstance(target, dict) or not isinstance(target.get("legendFormat"), str):
                        continue
                    flow = flows.get((art.path, path + ("targets", index, "expr")))
                    if flow is None or not flow.result.known or labelflow.unfounded(flow):
                        continue
                    carried = ", ".join(sorted(flow.result.may)) or "no labels"
                    for name in references(target["legendFormat"]):
                        if flow.result.carries(name) is False:
                            yield Finding(art, path + ("targets", index, "legendFormat"),
                                          f"legend {{{{{name}}}}} names a label the query's result never carries "
                                          f"(it carries {carried})")
