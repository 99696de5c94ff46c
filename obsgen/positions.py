"""Where a JSON path sits in the text of a JSON or YAML file: (line, column), both 1-based.

`obsgen lint` reports findings in files read from disk at `file:line:column`, so an
editor or a CI annotation lands on the offending value. Positions are worked out
only for files that have a finding: most files have none, and parsing for positions
costs more than parsing for data.
"""

from __future__ import annotations

import bisect
import json
import re

import yaml

_WS = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_SCALAR = re.compile(r"[^,\]\}\s]+")


def _line_starts(text: str) -> list:
    starts = [0]
    pos = text.find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return starts


def _line_col(starts: list, offset: int) -> tuple:
    line = bisect.bisect_right(starts, offset)
    return line, offset - starts[line - 1] + 1


class JSONPositions:
    """Offsets of every value in a JSON document, keyed by JSON path (a tuple of keys and indexes)."""

    def __init__(self, text: str):
        self.text = text
        self.offsets: dict = {}
        self._starts = None
        try:
            self._value(_WS.match(text, 0).end(), ())
        except (IndexError, ValueError):
            pass  # a document json.load accepted but this scanner did not: keep what was found

    def _skip(self, pos: int) -> int:
        return _WS.match(self.text, pos).end()

    def _value(self, pos: int, path: tuple) -> int:
        self.offsets[path] = pos
        char = self.text[pos]
        if char == "{":
            pos = self._skip(pos + 1)
            if self.text[pos] == "}":
                return pos + 1
            while True:
                match = _STRING.match(self.text, pos)
                if match is None:
                    raise ValueError(pos)
                key = json.loads(match.group())
                pos = self._skip(match.end())
                if self.text[pos] != ":":
                    raise ValueError(pos)
                pos = self._value(self._skip(pos + 1), path + (key,))
                pos = self._skip(pos)
                if self.text[pos] == ",":
                    pos = self._skip(pos + 1)
                    continue
                if self.text[pos] == "}":
                    return pos + 1
                raise ValueError(pos)
        if char == "[":
            pos = self._skip(pos + 1)
            if self.text[pos] == "]":
                return pos + 1
            index = 0
            while True:
                pos = self._skip(self._value(pos, path + (index,)))
                index += 1
                if self.text[pos] == ",":
                    pos = self._skip(pos + 1)
                    continue
                if self.text[pos] == "]":
                    return pos + 1
                raise ValueError(pos)
        if char == '"':
            match = _STRING.match(self.text, pos)
            if match is None:
                raise ValueError(pos)
            return match.end()
        match = _SCALAR.match(self.text, pos)
        if match is None:
            raise ValueError(pos)
        return match.end()

    def locate(self, path: tuple) -> tuple | None:
        for cut in range(len(path), -1, -1):
            offset = self.offsets.get(tuple(path[:cut]))
            if offset is not None:
                if self._starts is None:
                    self._starts = _line_starts(self.text)
                return _line_col(self._starts, offset)
        return None


def _yaml_walk(node, path: tuple, out: dict) -> None:
    out[path] = node
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                k = key.value
                try:
                    k = int(k) if key.tag.endswith(":int") else k
                except ValueError:
                    pass
                _yaml_walk(value, path + (k,), out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _yaml_walk(item, path + (index,), out)


def yaml_nodes(text: str) -> list:
    """{JSON path: node} for every document of a YAML stream (empty documents included, as None)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    out = []
    for node in yaml.compose_all(text, Loader=loader):
        nodes: dict = {}
        if node is not None:
            _yaml_walk(node, (), nodes)
        out.append(nodes)
    return out


def node_locate(nodes: dict, path: tuple) -> tuple | None:
    for cut in range(len(path), -1, -1):
        node = nodes.get(tuple(path[:cut]))
        if node is not None:
            return node.start_mark.line + 1, node.start_mark.column + 1
    return None


class Embedded:
    """Positions inside a string value of a manifest (a dashboard in a ConfigMap, rules in a Secret...).

    A block scalar (`|`) keeps the embedded text's lines, so a position inside it maps to a
    line of the manifest; any other string style (quoted, folded, base64) maps to where
    the value starts.
    """

    def __init__(self, manifest_text: str, node, inner_text: str, inner_kind: str):
        self.node = node
        self.inner_text = inner_text
        self.inner_kind = inner_kind
        self._inner = None
        self._manifest_lines = manifest_text.splitlines()

    def _inner_locate(self, path: tuple):
        if self._inner is None:
            if self.inner_kind == "json":
                self._inner = JSONPositions(self.inner_text).locate
            else:
                try:
                    docs = yaml_nodes(self.inner_text)
                except yaml.YAMLError:
                    docs = []
                nodes = docs[0] if docs else {}
                self._inner = lambda p: node_locate(nodes, p)
        return self._inner(path)

    def locate(self, path: tuple) -> tuple | None:
        start = (self.node.start_mark.line + 1, self.node.start_mark.column + 1)
        if getattr(self.node, "style", None) != "|":
            return start
        inner = self._inner_locate(path)
        if inner is None:
            return start
        line, column = inner
        first = self.node.start_mark.line + 1  # 0-based index of the block's first content line
        indent = 0
        for text in self._manifest_lines[first:]:
            if text.strip():
                indent = len(text) - len(text.lstrip(" "))
                break
        return first + line, indent + column
