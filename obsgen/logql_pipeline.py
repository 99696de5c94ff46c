"""Stream selectors and pipeline stages of a LogQL expression, for checks against declared log streams.

The official grammar (obsgen/logql.py, in Node) decides whether a query parses;
this reads what a query selects and how it parses lines, in Python, so the
build can check it without Node. It is a scanner, not a full parser: it knows
LogQL's three string forms ("...", `...` and none other), finds every stream
selector `{...}` outside strings, reads its matchers, and follows the pipeline
after it up to the range `[...]`, an unmatched `)` or the end. On text it does
not understand it returns what it has read so far; the syntax check reports
the rest.
"""

from __future__ import annotations

import re

import attr

PARSERS = ("json", "logfmt", "regexp", "pattern", "unpack")
OTHER_STAGES = ("line_format", "label_format", "decolorize", "drop", "keep", "unwrap", "distinct")
_IDENT = re.compile(r"[a-zA-Z_][a-zA-Z0-9_]*")
_OPS = ("=~", "!~", "!=", "=")
_NAMED_GROUP = re.compile(r"\(\?P?<([a-zA-Z_][a-zA-Z0-9_]*)>")
_PATTERN_NAME = re.compile(r"<([a-zA-Z_][a-zA-Z0-9_]*)>")


@attr.s(frozen=True, auto_attribs=True)
class Matcher:
    label: str
    op: str  # =, !=, =~, !~
    value: str


@attr.s(frozen=True, auto_attribs=True)
class Stage:
    """One pipeline stage: a parser (json, logfmt, regexp, pattern, unpack), another named stage, a line
    filter ("line"), or a label filter ("filter", with the labels it names)."""

    kind: str
    labels: tuple = ()  # labels a label filter reads, or labels a stage extracts (regexp, pattern, label_format, json a=)


@attr.s(frozen=True, auto_attribs=True)
class Selector:
    matchers: tuple
    stages: tuple
    offset: int  # of the `{` in the expression


def _string(text: str, i: int) -> tuple:
    """(value, index after) of the string starting at text[i] ("..." with escapes, or `...` raw)."""
    quote = text[i]
    j = i + 1
    out = []
    while j < len(text):
        c = text[j]
        if quote == '"' and c == "\\" and j + 1 < len(text):
            nxt = text[j + 1]
            out.append({"n": "\n", "t": "\t", '"': '"', "\\": "\\"}.get(nxt, "\\" + nxt))
            j += 2
            continue
        if c == quote:
            return "".join(out), j + 1
        out.append(c)
        j += 1
    return "".join(out), len(text)  # unterminated: logql-syntax reports it


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _matchers(text: str, i: int) -> tuple:
    """Matchers of the selector whose `{` is at i, and the index after its `}` (None when malformed)."""
    out = []
    i += 1
    while True:
        i = _skip_space(text, i)
        if i >= len(text):
            return tuple(out), None
        if text[i] == "}":
            return tuple(out), i + 1
        if text[i] == ",":
            i += 1
            continue
        m = _IDENT.match(text, i)
        if not m:
            return tuple(out), None
        label, i = m.group(), _skip_space(text, m.end())
        op = next((o for o in _OPS if text.startswith(o, i)), None)
        if op is None:
            return tuple(out), None
        i = _skip_space(text, i + len(op))
        if i >= len(text) or text[i] not in "\"`":
            return tuple(out), None
        value, i = _string(text, i)
        out.append(Matcher(label, op, value))


def _filter_labels(text: str, start: int, end: int) -> tuple:
    """Label names a label-filter stage compares, e.g. `level="error" or status >= 500`."""
    names = []
    i = start
    while i < end:
        c = text[i]
        if c in "\"`":
            _value, i = _string(text, i)
            continue
        m = _IDENT.match(text, i)
        if m:
            word = m.group()
            j = _skip_space(text, m.end())
            if word not in ("and", "or") and j < end and text[j] in "=!<>":
                names.append(word)
            i = m.end()
            continue
        i += 1
    return tuple(names)


def _pipeline(text: str, i: int) -> tuple:
    """Stages after a selector, from i to the end of its pipeline."""
    stages = []
    depth = 0
    stage_start = None
    current = None

    def close(end):
        if current == "filter":
            stages.append(Stage("filter", _filter_labels(text, stage_start, end)))

    while i < len(text):
        c = text[i]
        if c in "\"`":
            value, after = _string(text, i)
            if current in ("regexp",):
                stages[-1] = Stage("regexp", stages[-1].labels + tuple(_NAMED_GROUP.findall(value)))
            elif current == "pattern":
                stages[-1] = Stage("pattern", stages[-1].labels + tuple(n for n in _PATTERN_NAME.findall(value) if n != "_"))
            i = after
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            if depth == 0:
                break
            depth -= 1
        elif c == "[" and depth == 0:
            break
        elif (c == "|" or c == "!" and current != "filter") and depth == 0 and i + 1 < len(text) \
                and text[i + 1] in "=~>":
            close(i)
            current = "line"
            stages.append(Stage("line"))
            i += 2
            continue
        elif c == "|" and depth == 0:
            close(i)
            j = _skip_space(text, i + 1)
            m = _IDENT.match(text, j)
            word = m.group() if m else ""
            if word in PARSERS or word in OTHER_STAGES:
                current = word
                stages.append(Stage(word, _assigned(text, m.end(), word)))
                i = m.end()
            else:
                current, stage_start = "filter", j
                i = j
            continue
        i += 1
    close(i)
    return tuple(stages)


def _assigned(text: str, i: int, stage: str) -> tuple:
    """Labels `label_format a="..."`, `json a="..."` or `logfmt a` create (read up to the next `|`)."""
    if stage not in ("label_format", "json", "logfmt"):
        return ()
    names = []
    while i < len(text):
        i = _skip_space(text, i)
        if i < len(text) and text[i] == "-":  # logfmt flags: --strict, --keep-empty
            while i < len(text) and not text[i].isspace():
                i += 1
            continue
        m = _IDENT.match(text, i)
        if not m:
            break
        j = _skip_space(text, m.end())
        names.append(m.group())
        if j < len(text) and text[j] == "=":
            j = _skip_space(text, j + 1)
            if j < len(text) and text[j] in "\"`":
                _value, j = _string(text, j)
            else:
                m2 = _IDENT.match(text, j)
                j = m2.end() if m2 else j
        i = _skip_space(text, j)
        if i < len(text) and text[i] == ",":
            i += 1
            continue
        break
    return tuple(names)


def selectors(expr: str) -> list:
    """Every stream selector in a LogQL expression, with its matchers and pipeline stages."""
    out = []
    i = 0
    while i < len(expr):
        c = expr[i]
        if c in "\"`":
            _value, i = _string(expr, i)
            continue
        if c == "{":
            matchers, after = _matchers(expr, i)
            if after is None:
                i += 1
                continue
            out.append(Selector(matchers, _pipeline(expr, after), i))
            i = after
            continue
        i += 1
    return out
