"""Every PromQL expression parses, after Grafana variables are substituted."""

from obsgen import promql
from obsgen.checks.base import Check, Finding


class PromQLSyntax(Check):
    id = "promql-syntax"
    severity = "error"
    summary = "PromQL in dashboards and rules parses (promql-parser, after Grafana variable substitution)."
    example = "`sum(rate(brainbytes_http_requests_total[$__rate_interval])` in a panel: the parenthesis is never closed."

    def run(self, ctx):
        for e in ctx.expressions():
            if e.language != "promql":
                continue
            try:
                promql.parse(e.expr)
            except promql.PromQLError as exc:
                yield Finding(e.artefact, e.path, f"PromQL does not parse: {exc} in {e.expr!r}")
