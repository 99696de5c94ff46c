"""Every recorded series feeds, directly or through other recordings, a dashboard or an alert.

An unused recording rule costs evaluation time and TSDB series forever, and
usually means a typo, or a dashboard or alert that queries the raw expression
instead. A recording read only by other recordings is used only if one of them
is: a chain that ends in nothing is dead from end to end.

Whether a series is unused can only be known where every reader is in view.
obsgen's builds hold every dashboard and alert of their stack, so there an
unused recording is worth saying on every build. It stays a warning: a team
may record a series for a consumer outside the stack (federation, another
Grafana, capacity reports), and a build must not refuse that. Another
person's folder may publish recordings for dashboards provisioned elsewhere,
so this is a house convention: it runs there only when the folder opts in.
A folder of rules without dashboards is judged by nobody.
"""

import re

from obsgen import promql
from obsgen.checks.base import Check, Finding


class RuleRecordedUsed(Check):
    id = "rule-recorded-used"
    severity = "warning"
    house = True
    summary = ("In a folder with dashboards, every recording rule's series is read by a dashboard or an alert, "
               "directly or through other recording rules that are.")
    example = ("A recording rule `job:http_requests:rate5m` that no panel or alert reads, or that only feeds another "
               "recording nothing reads.")

    def run(self, ctx):
        if not ctx.of_kind("dashboard"):
            return
        recordings = [(art, path, rule["record"]) for art, path, _group, rule in ctx.rules()
                      if isinstance(rule.get("record"), str) and rule["record"]]
        if not recordings:
            return
        names = {name for _a, _p, name in recordings}
        rule_paths = {(id(art), path): name for art, path, name in recordings}
        roots, feeds = set(), {}  # names dashboards and alerts read; recording -> names its rules read
        for e in ctx.expressions():
            if e.language != "promql":
                continue
            record = rule_paths.get((id(e.artefact), e.path))
            read = _reads(e.expr, names)
            if record is None:
                roots |= read
            else:
                feeds.setdefault(record, set()).update(read)
        # An alert's annotation may read a series itself, through the template function `query`.
        for _art, _path, _group, rule in ctx.alerts():
            notes = rule.get("annotations")
            if isinstance(notes, dict):
                roots |= {n for n in names for text in notes.values() if isinstance(text, str) and _mentions(text, n)}
        live, frontier = set(), roots & names
        while frontier:
            live |= frontier
            frontier = {n for f in frontier for n in feeds.get(f, ()) if n not in live}
        readers = {}  # dead recording -> the dead recordings that read it
        for record, read in feeds.items():
            for name in read - live:
                readers.setdefault(name, set()).add(record)
        for art, path, name in recordings:
            if name in live:
                continue
            if name in readers:
                yield Finding(art, path, f"recorded series {name} is read only by recording rules that feed no "
                                         f"dashboard or alert ({', '.join(sorted(readers[name]))})")
            else:
                yield Finding(art, path, f"recorded series {name} is not used by any dashboard, alert or recording rule")


def _reads(expr: str, names: set) -> set:
    """The recorded names an expression reads; where it does not parse, every name its text mentions,
    so that a query this check cannot read never makes a series look unused."""
    try:
        return {s.name for s in promql.analyse(expr).selectors if s.name}
    except promql.PromQLError:
        return {n for n in names if _mentions(expr, n)}


def _mentions(text: str, name: str) -> bool:
    return re.search(rf"(?<![\w:]){re.escape(name)}(?![\w:])", text) is not None
