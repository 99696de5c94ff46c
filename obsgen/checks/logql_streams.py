"""LogQL in dashboards selects only the log streams the stack ships, and parses lines in their format.

Loki answers a selector naming a label no stream carries, or a value no
stream has, with nothing at all: the panel is empty and looks like a quiet
system. `| json` on plain lines yields only `__error__` lines. No Loki server
can be installed here, so this is checked offline against the streams the
stack declares (`Stack.log_streams`, written to catalog.yaml as `log_streams`
for `obsgen lint`). Folders that declare no streams are not checked.
"""

import re

from obsgen.checks.base import Check, Finding
from obsgen.logql_pipeline import selectors
from obsgen.model import logs

_FORMAT_OF = {"json": "json", "unpack": "json", "logfmt": "logfmt"}
_LABEL_VALUES = re.compile(r"^\s*label_values\((.*)\)\s*$", re.S)


def _matches(op: str, pattern: str, value: str) -> bool:
    if op in ("=", "!="):
        return (value == pattern) == (op == "=")
    try:
        hit = re.fullmatch(pattern, value) is not None
    except re.error:
        return True  # not ours to judge; stay quiet
    return hit == (op == "=~")


def _literal(matcher) -> bool:
    return "$" not in matcher.value  # a Grafana variable can take any value


def _stream_matches(stream, matcher) -> bool:
    # A stream without the label has it empty, as Loki sees it.
    return any(_matches(matcher.op, matcher.value, v) for v in stream.labels.get(matcher.label, ("",)))


def _shown(matchers) -> str:
    return "{" + ", ".join(f'{m.label}{m.op}"{m.value}"' for m in matchers) + "}"


def streams_of(ctx) -> tuple:
    if ctx.stack is not None:
        return tuple(getattr(ctx.stack, "log_streams", ()) or ())
    return tuple(getattr(ctx.catalog, "log_streams", ()) or ())


class LogQLStreams(Check):
    id = "logql-streams"
    severity = "error"
    summary = ("LogQL stream selectors name only labels and values of the stack's declared log streams, and "
               "`| json` / `| logfmt` parse only streams written in that format.")
    example = ('A Loki panel querying `{level="error"}` when Promtail ships only `service` and `container`: '
               'Loki returns nothing and the panel looks like a quiet system.')

    def run(self, ctx):
        streams = streams_of(ctx)
        if not streams:
            return
        for e in ctx.expressions():
            if e.language != "logql":
                continue
            for sel in selectors(e.expr):
                for message in self.selector_problems(sel, streams):
                    yield Finding(e.artefact, e.path, f"{message} in {e.expr!r}")
        yield from self._variables(ctx, streams)

    def selector_problems(self, sel, streams) -> list:
        names = logs.label_names(streams)
        carried = ", ".join(sorted(names))
        unknown = sorted({m.label for m in sel.matchers} - names)
        if unknown:
            return [f"selects stream label {label!r}, which no declared log stream carries (they carry: {carried})"
                    for label in unknown]
        out = []
        selected = [s for s in streams if all(_stream_matches(s, m) for m in sel.matchers if _literal(m))]
        if not selected:
            for m in sel.matchers:
                if _literal(m) and m.op in ("=", "=~") and not any(_stream_matches(s, m) for s in streams):
                    values = ", ".join(logs.label_values(streams, m.label))
                    out.append(f'no declared log stream has {m.label}{m.op}"{m.value}" ({m.label} takes: {values})')
            if not out:
                out.append(f"no single declared log stream matches {_shown(sel.matchers)}")
            return out
        available, anything = logs.label_names(selected), False
        for stage in sel.stages:
            needed = _FORMAT_OF.get(stage.kind)
            formats = {s.format for s in selected}
            if needed and "" not in formats and needed not in formats:
                written = ", ".join(sorted(formats))
                out.append(f"`| {stage.kind}` parses {needed} but the selected streams write {written} lines")
            if stage.kind in ("json", "logfmt", "unpack") and not stage.labels:
                anything = True  # every field of the line becomes a label
            if stage.kind == "filter" and not anything:
                for label in stage.labels:
                    if label not in available and not label.startswith("__"):
                        out.append(f"filters on label {label!r}, which the selected log streams do not carry and "
                                   f"no earlier stage extracts")
            available |= set(stage.labels) if stage.kind != "filter" else set()
        return out

    def _variables(self, ctx, streams):
        """Loki template variables `label_values(label)` and `label_values({...}, label)` name stream labels."""
        names = logs.label_names(streams)
        for art in ctx.of_kind("dashboard"):
            templating = art.data.get("templating") if isinstance(art.data, dict) else None
            for index, var in enumerate((templating or {}).get("list") or [] if isinstance(templating, dict) else []):
                ds = var.get("datasource") if isinstance(var, dict) else None
                query = var.get("query") if isinstance(var, dict) else None
                if not (isinstance(ds, dict) and ds.get("type") == "loki" and isinstance(query, str)):
                    continue
                m = _LABEL_VALUES.match(query)
                if not m:
                    continue
                label = m.group(1).rsplit(",", 1)[-1].strip()
                if re.fullmatch(r"[a-zA-Z_][a-zA-Z0-9_]*", label) and label not in names:
                    yield Finding(art, ("templating", "list", index),
                                  f"lists values of {label!r}, which no declared log stream carries "
                                  f"(they carry: {', '.join(sorted(names))})")
