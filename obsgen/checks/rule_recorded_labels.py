"""Matchers and `by (...)` on a recorded series name labels the recording carries.

A recording rule keeps only the labels its expression leaves (its `by`, its
static `labels:`). `job:http_requests:rate5m{route="/login"}` on a recording
aggregated by job selects nothing; `sum by (route) (job:http_requests:rate5m)`
sums everything into one series with no route. Label sets come from
obsgen.labelflow, resolved through recording rules in dependency order.
"""

from obsgen import labelflow
from obsgen.checks.base import Check, Finding


def _carried(series) -> str:
    return ", ".join(sorted(series.may)) or "no labels"


class RuleRecordedLabels(Check):
    id = "rule-recorded-labels"
    severity = "error"
    summary = ("Every label a selector requires (`=\"x\"`, `=~\".+\"`, `!=\"\"`) on a recording rule's series, and every "
               "`by (...)` label aggregating it, is a label that recording carries.")
    example = ("`job:shop_http_requests:rate5m{route=\"/api/chat\"}` when that recording is `sum by (job) (...)`: "
               "the selector matches nothing.")

    def run(self, ctx):
        for e, flow in labelflow.expressions(ctx):
            seen = set()
            for sel in flow.selected:
                if sel.source != "recording" or not sel.series.known:
                    continue
                for alternative in sel.matchers:
                    for name, op, value in alternative:
                        if name == "__name__" or name in sel.series.may or labelflow.matches_empty(op, value) is not False:
                            continue
                        key = (sel.name, name)
                        if key not in seen:
                            seen.add(key)
                            yield Finding(e.artefact, e.path,
                                          f"{sel.name} has no label {name!r} (the recording carries {_carried(sel.series)}), "
                                          f"so `{name}{_OPS.get(op, op)}\"{value}\"` selects nothing")
            for group in flow.grouped:
                if group.clause != "by" or not group.operand.known:
                    continue
                recorded = sorted({s.name for s in group.selected if s.source == "recording"})
                if not recorded:
                    continue
                for name in group.names:
                    if name not in group.operand.may and (group, name) not in seen:
                        seen.add((group, name))
                        yield Finding(e.artefact, e.path,
                                      f"{group.op} by ({name}) over {', '.join(recorded)}: no series there carries "
                                      f"{name!r} (they carry {_carried(group.operand)})")


_OPS = {"Equal": "=", "NotEqual": "!=", "Re": "=~", "NotRe": "!~"}
