"""Every LogQL expression parses with Grafana's official grammar (@grafana/lezer-logql, via Node).

Variable queries are Grafana's, not LogQL (`label_values({}, job)`): only the
stream selector inside is parsed, and an empty `{}` is Grafana's "any stream".
"""

from obsgen import logql
from obsgen.checks.base import Check, Finding


def _queries(ctx):
    """(Expression, the LogQL to parse) for every LogQL expression that holds a query."""
    for e in ctx.expressions():
        if e.language != "logql":
            continue
        text = e.expr
        if e.path and e.path[0] == "templating":
            text = logql.variable_selector(text)
        if text is not None and text.strip():
            yield e, text


class LogQLSyntax(Check):
    id = "logql-syntax"
    severity = "error"
    summary = ("LogQL in Loki dashboard targets and the stream selectors of Loki variable queries parse with "
               "Grafana's own @grafana/lezer-logql grammar (one Node process per run).")
    example = 'A Loki panel querying `sum(rate({job="api"} |= "error" [5m])` (a parenthesis is never closed).'
    needs_tools = True

    def run(self, ctx):
        found = list(_queries(ctx))
        if not found:
            return
        try:
            results = logql.check([text for _e, text in found])
        except logql.LogQLUnavailable as exc:
            yield Finding(found[0][0].artefact, found[0][0].path, f"cannot check {len(found)} LogQL expression(s): {exc}")
            return
        for (e, text), issues in zip(found, results):
            if issues:
                yield Finding(e.artefact, e.path, f"LogQL does not parse: {issues[0].describe()} in {text!r}")
