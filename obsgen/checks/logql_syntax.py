"""Every LogQL expression parses with Grafana's official grammar (@grafana/lezer-logql, via Node)."""

from obsgen import logql
from obsgen.checks.base import Check, Finding


class LogQLSyntax(Check):
    id = "logql-syntax"
    severity = "error"
    summary = "LogQL in Loki dashboard targets parses with Grafana's own @grafana/lezer-logql grammar (one Node process per run)."
    example = 'A Loki panel querying `sum(rate({job="api"} |= "error" [5m])` (a parenthesis is never closed).'
    needs_tools = True

    def run(self, ctx):
        found = [e for e in ctx.expressions() if e.language == "logql"]
        if not found:
            return
        try:
            results = logql.check([e.expr for e in found])
        except logql.LogQLUnavailable as exc:
            yield Finding(found[0].artefact, found[0].path, f"cannot check {len(found)} LogQL expression(s): {exc}")
            return
        for e, issues in zip(found, results):
            if issues:
                yield Finding(e.artefact, e.path, f"LogQL does not parse: {issues[0].describe()} in {e.expr!r}")
