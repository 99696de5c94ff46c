"""The YAML text serialize.to_yaml's libyaml path writes, produced without PyYAML's representer.

PyYAML builds a node per value and resolves every scalar's tag in Python before
libyaml's C emitter sees it; for a seed build that is most of the time spent
writing rule files. This module writes the same bytes directly for the data
obsgen emits: dicts with string keys, lists, strings, ints, floats, booleans
and null, in block style with sorted keys.

It predicts libyaml's choice of scalar style (plain, single-quoted, literal
block) only where that choice is certain. Anything else (a character libyaml
escapes, a key it would write as a complex key, a block scalar needing an
indentation or keep indicator) raises Unusual, and the caller uses libyaml for
the whole document. tests/test_serialize.py holds the two paths to identical
output on generated data.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import yaml


class Unusual(Exception):
    """Data whose YAML text this module does not predict; use libyaml."""


# The resolvers the dumper consults (first character -> [(tag, regex)]): a string that
# one of them matches would read back as a bool, number, null or date, so it is quoted.
_RESOLVERS = yaml.resolver.Resolver.yaml_implicit_resolvers
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
# libyaml's printable set without line breaks (U+2028/9 count as breaks there). Tabs, other
# controls, U+0085, U+FEFF and characters beyond U+FFFF are escaped by libyaml, so they are Unusual.
# Most text is ASCII and checked by a small pattern; a class spanning the whole BMP would
# cost 3 ms to compile on every start.
_ASCII_LINE = re.compile("[ -~]*")
_ASCII_LINES = re.compile("[\n -~]*")


def _printable(ch: str) -> bool:
    o = ord(ch)
    return 0x20 <= o <= 0x7E or (0xA0 <= o <= 0xD7FF and o not in (0x2028, 0x2029)) or \
        (0xE000 <= o <= 0xFFFD and o != 0xFEFF)


def _line_ok(text: str) -> bool:
    if text.isascii():
        return _ASCII_LINE.fullmatch(text) is not None
    return all(map(_printable, text))


def _lines_ok(text: str) -> bool:
    if text.isascii():
        return _ASCII_LINES.fullmatch(text) is not None
    return all(ch == "\n" or _printable(ch) for ch in text)


def _reads_as_str(text: str) -> bool:
    resolvers = list(_RESOLVERS.get(text[0] if text else "", ())) + list(_RESOLVERS.get(None, ()))
    return not any(regex.match(text) for _tag, regex in resolvers)


def _plain_ok(text: str) -> bool:
    """Whether libyaml writes this single-line, printable, non-empty string unquoted."""
    if text[0] == " " or text[-1] == " " or text.startswith(("---", "...")):
        return False
    first = text[0]
    if first in _INDICATORS:
        # -x, ?x and :x are plain in block context; the rest of the indicators never start one.
        if first not in "-?:" or len(text) == 1 or text[1] == " ":
            return False
    if ": " in text or " #" in text or text[-1] == ":":
        return False
    return _reads_as_str(text)


@lru_cache(maxsize=1 << 16)  # label names, keys and values repeat across every rule and test
def _simple(text: str) -> str:
    """A single-line string as libyaml writes it: plain or single-quoted."""
    if not _line_ok(text):
        raise Unusual
    if text and _plain_ok(text):
        return text
    return "'" + text.replace("'", "''") + "'"


def _literal(text: str, indent: str) -> str:
    """A multi-line string as a literal block whose lines sit at `indent`."""
    if text[0] in " \n" or text.endswith("\n\n"):
        raise Unusual  # libyaml adds an indentation or keep indicator here
    if not _lines_ok(text):
        raise Unusual
    header = "|" if text.endswith("\n") else "|-"
    lines = text[:-1].split("\n") if text.endswith("\n") else text.split("\n")
    return header + "".join("\n" + indent + line if line else "\n" for line in lines)


def _float(value: float) -> str:
    if value != value:
        return ".nan"
    if value in (float("inf"), float("-inf")):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value).lower()
    return text.replace("e", ".0e", 1) if "." not in text and "e" in text else text


def _scalar(value: Any, indent: str, block_str: bool) -> str:
    """A scalar value; `indent` is where a literal block's lines go."""
    if isinstance(value, str):
        if "\n" in value and block_str:
            return _literal(value, indent)
        if "\n" in value:
            raise Unusual
        return _simple(value)
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if type(value) is int:
        return int.__repr__(value)
    if type(value) is float:
        return _float(value)
    if type(value) in (dict, list) and not value:
        return "{}" if type(value) is dict else "[]"
    raise Unusual


def _key(key: Any) -> str:
    if type(key) is not str or "\n" in key or len(key) > 128:
        raise Unusual  # libyaml writes long or multi-line keys as complex `? key` entries
    return _simple(key)


def dump(data: Any, block_str) -> str:
    """The document libyaml writes for `data`; `block_str(text)` says which strings are literal blocks."""
    out: list = []
    put = out.append

    def mapping(value: dict, indent: str, first: str) -> None:
        prefix = first
        for key in sorted(value):
            item = value[key]
            put(prefix + _key(key) + ":")
            prefix = indent
            kind = type(item)
            if kind is dict and item:
                put("\n")
                mapping(item, indent + "  ", indent + "  ")
            elif kind is list and item:
                put("\n")
                sequence(item, indent, indent)  # PyYAML does not indent a list under its key
            else:
                put(" " + _scalar(item, indent + "  ", isinstance(item, str) and block_str(item)) + "\n")

    def sequence(value: list, indent: str, first: str) -> None:
        prefix = first
        for item in value:
            put(prefix + "-")
            prefix = indent
            kind = type(item)
            if kind is dict and item:
                mapping(item, indent + "  ", " ")
            elif kind is list and item:
                sequence(item, indent + "  ", " ")
            else:
                put(" " + _scalar(item, indent + "  ", isinstance(item, str) and block_str(item)) + "\n")

    if type(data) is dict and data:
        mapping(data, "", "")
    elif type(data) is list and data:
        sequence(data, "", "")
    else:
        raise Unusual  # a bare scalar document ends with `...` markers; libyaml handles those
    return "".join(out)
