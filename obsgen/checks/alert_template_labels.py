"""An alert's `$labels.x` names a label of its expression's result.

Prometheus fills `$labels` (and `.Labels`) from the series the alert
expression returned, nothing else (rules/alerting.go; promtool's own tests
show it). A label aggregated away, misspelt, or set only as one of the alert's
static `labels:` (or `alertname`) renders as an empty string in every
notification. The labels a result carries come from obsgen.labelflow; where
they cannot be known, this check says nothing.
"""

import re

from obsgen import labelflow
from obsgen.checks.base import Check, Finding

_ACTION = re.compile(r"\{\{(.*?)\}\}", re.S)
_DOLLAR = re.compile(r"\$labels\.([a-zA-Z_][a-zA-Z0-9_]*)")
_DOT = re.compile(r"(?<![\w$)\].])\.Labels\.([a-zA-Z_][a-zA-Z0-9_]*)")
_INDEX = re.compile(r"\bindex\s+(?:\$labels|(?<![\w$)\].])\.Labels)\s+(?:\"([^\"]*)\"|`([^`]*)`)")
# Inside range/with the dot is something else (a query result, a value): `.Labels` is not the alert's.
_REBINDS = re.compile(r"\{\{-?\s*(range|with)\b")


def references(text: str) -> list:
    """Label names a template reads from the alert's result labels, in order, without repeats."""
    out = []
    dot = not _REBINDS.search(text)
    for action in _ACTION.finditer(text):
        body = action.group(1)
        found = _DOLLAR.findall(body)
        if dot:
            found += _DOT.findall(body)
        found += [a or b for a, b in _INDEX.findall(body) if dot or "$labels" in body]
        for name in found:
            if name and name not in out:
                out.append(name)
    return out


class AlertTemplateLabels(Check):
    id = "alert-template-labels"
    severity = "error"
    summary = ("Every `$labels.x` (or `.Labels.x`) in an alert's annotations and labels is a label its expression's "
               "result carries; Prometheus renders anything else, including the alert's own static labels, as empty.")
    example = ("`{{ $labels.route }}` in the description of an alert on `sum by (job) (...)`, or `{{ $labels.severity }}` "
               "where severity is a static label.")

    def run(self, ctx):
        flows = labelflow.of(ctx)
        for art, path, _group, rule in ctx.alerts():
            if not isinstance(rule, dict):
                continue
            flow = flows.get((art.path, path))
            if flow is None or not flow.result.known or labelflow.unfounded(flow):
                continue
            static = rule.get("labels") if isinstance(rule.get("labels"), dict) else {}
            carried = ", ".join(sorted(flow.result.may)) or "no labels"
            for section in ("labels", "annotations"):
                values = rule.get(section)
                if not isinstance(values, dict):
                    continue
                for key, text in sorted(values.items(), key=lambda kv: str(kv[0])):
                    for name in references(str(text)):
                        if flow.result.carries(name) is not False:
                            continue
                        if name in static or name == "alertname":
                            why = (f"is a static label of the alert, not of its result; Prometheus fills $labels from the "
                                   f"result only, so it renders empty (the result carries {carried})")
                        else:
                            why = f"is not a label of the alert's result (it carries {carried})"
                        yield Finding(art, path + (section, key), f"{section[:-1]} {key!r}: $labels.{name} {why}")
