"""Every PromQL expression parses, after Grafana variables are substituted.

A dashboard target with an empty expression runs no query, so there is
nothing to parse; a variable query is parsed for the PromQL inside Grafana's
`label_values(...)`/`query_result(...)`.
"""

from obsgen import promql
from obsgen.checks.base import Check, Finding


class PromQLSyntax(Check):
    id = "promql-syntax"
    severity = "error"
    summary = "PromQL in dashboards and rules parses (promql-parser, after Grafana variable substitution)."
    example = "`sum(rate(shop_http_requests_total[$__rate_interval])` in a panel: the parenthesis is never closed."

    def run(self, ctx):
        for e in ctx.expressions():
            if e.language != "promql":
                continue
            text = e.expr
            if e.artefact.kind == "dashboard":
                if e.path and e.path[0] == "templating":
                    text = promql.variable_query(text)
                if text is None or not text.strip():
                    continue
            try:
                promql.parse(text)
            except promql.PromQLError as exc:
                yield Finding(e.artefact, e.path, f"PromQL does not parse: {exc} in {text!r}")
