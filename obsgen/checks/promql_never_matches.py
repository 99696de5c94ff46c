"""A binary operation whose two sides can never match returns nothing, always.

`rate(a_total[5m]) / rate(b_total[5m])` matches series whose labels agree
exactly; when one side always carries `code` and the other never does, no
pair ever matches and the panel or alert is silently empty. `on(...)` or
`ignoring(...)` says what to match on. Label sets come from
obsgen.labelflow; where either side's is not known, this check says nothing.
"""

import re

from obsgen import labelflow, promql
from obsgen.checks.base import Check, Finding

_LONG = 120
_EMPTY_BRACES = re.compile(r"(?<=[a-zA-Z0-9_:])\{\}")


def _show(binary, expr: str) -> str:
    """The operation as the parser prints it, or just its operator where Grafana variables were substituted."""
    if promql.variables(expr):
        return f"the `{binary.op}` here"
    text = _EMPTY_BRACES.sub("", " ".join(binary.text.split()))
    return f"`{text}`" if len(text) <= _LONG else f"`{text[: _LONG - 3]}...`"


class PromQLNeverMatches(Check):
    id = "promql-never-matches"
    severity = "error"
    summary = ("A binary operation (arithmetic, comparison, `and`) between two vectors has sides that can match: no label "
               "that one side always carries and the other never does is part of the match (all labels, or `on`/`ignoring`).")
    example = ("`sum by (route, code) (rate(x_total[5m])) / sum by (route) (rate(x_total[5m]))`: the left side always "
               "carries `code`, the right never does, so the ratio is always empty.")

    def run(self, ctx):
        for e, flow in labelflow.expressions(ctx):
            if labelflow.unfounded(flow):
                continue  # a label named but never carried: catalog-metric or rule-recorded-labels says so
            for binary in flow.binaries:
                if not binary.text:
                    continue
                found = labelflow.never_matches(binary.left, binary.right, binary.matching, binary.names)
                if found is None:
                    continue
                label, side = found
                other = "right" if side == "left" else "left"
                hint = f"ignoring({label})" if binary.matching is None else f"a different {binary.matching}(...)"
                yield Finding(e.artefact, e.path,
                              f"{_show(binary, e.expr)} always returns nothing: the {side} side always carries "
                              f"{label!r} and the {other} side never does (match with {hint} or aggregate it away)")
                break  # the innermost such operation; those around it are empty because of it
