"""Deterministic serialisation: sorted keys, stable quoting, a final newline.

Mapping key order never carries meaning in these formats, so keys are sorted;
list order is kept because it does (rule order, panel order, route order).
"""

from __future__ import annotations

import json
from typing import Any

import yaml

from obsgen import yaml_fast


class Unserialisable(ValueError):
    """A value no UTF-8 file can hold; `path` is its JSON path inside the data."""

    def __init__(self, path: tuple, message: str):
        super().__init__(message)
        self.path = path


def _check_text(data: Any, path: tuple = ()) -> None:
    """Raise Unserialisable at the first string that is not valid Unicode text (a lone surrogate).

    Such strings come from bytes decoded with `surrogateescape`. Only called once
    encoding has failed, so the common case pays nothing for the search.
    """
    if isinstance(data, str):
        try:
            data.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise Unserialisable(path, f"text {data!r} is not valid UTF-8 (character {exc.object[exc.start]!r} "
                                       f"at position {exc.start}); decode bytes with the right encoding") from None
    elif isinstance(data, dict):
        for key, value in data.items():
            _check_text(key, path)
            _check_text(value, path + (key,))
    elif isinstance(data, (list, tuple)):
        for index, value in enumerate(data):
            _check_text(value, path + (index,))


# libyaml's emitter is an order of magnitude faster; the pinned PyYAML wheels ship it.
# Output must not depend on which emitter a machine has, so there is no fallback.
class _Dumper(yaml.CSafeDumper):
    """Safe dumper that never emits aliases and writes multi-line strings as blocks."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _block(value: str) -> bool:
    # Block style only where it round-trips: no trailing spaces or tabs per line.
    return "\n" in value and not any(line != line.rstrip() for line in value.split("\n")) and "\t" not in value


def _str(dumper: yaml.CSafeDumper, value: str):
    if _block(value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str)


def to_yaml(data: Any) -> bytes:
    try:
        return _to_yaml(data)
    except UnicodeEncodeError:
        _check_text(data)  # raises Unserialisable naming where the bad text is
        raise


def _to_yaml(data: Any) -> bytes:
    try:
        return yaml_fast.dump(data, _block).encode("utf-8")
    except yaml_fast.Unusual:
        return _libyaml(data)


def _libyaml(data: Any) -> bytes:
    text = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=True,
        allow_unicode=True,
        default_flow_style=False,
        width=1 << 30,  # never fold long lines (PromQL, descriptions)
        indent=2,
    )
    return text.encode("utf-8")


def to_json(data: Any) -> bytes:
    """The bytes of `json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False)` plus a newline."""
    try:
        try:
            text = _indented(data)
        except _Unusual:
            text = json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False)
        return (text + "\n").encode("utf-8")
    except UnicodeEncodeError:
        _check_text(data)
        raise


class _Unusual(Exception):
    """Data _indented leaves to the standard library (tuples, non-string keys, odd types)."""


_quote = json.encoder.encode_basestring  # the C escaper json.dumps itself uses


def _indented(data: Any) -> str:
    # json.dumps drops to a pure-Python encoder whenever indent is set; dashboards are the
    # largest files a build writes, and this walk is twice as fast for the same text.
    # Only JSON-native types are handled; anything else raises _Unusual for the slow path.
    out: list = []
    put = out.append

    def value(v: Any, indent: str) -> None:
        if isinstance(v, str):
            put(_quote(v))
        elif v is True:
            put("true")
        elif v is False:
            put("false")
        elif v is None:
            put("null")
        elif type(v) is int:
            put(int.__repr__(v))
        elif type(v) is float:
            put(json.dumps(v))
        elif type(v) is dict:
            if not v:
                put("{}")
                return
            inner = indent + "  "
            sep = "{" + inner
            for key in sorted(v):  # mixed key types raise TypeError, as json.dumps does
                if type(key) is not str:
                    raise _Unusual
                put(sep)
                put(_quote(key))
                put(": ")
                value(v[key], inner)
                sep = "," + inner
            put(indent + "}")
        elif type(v) is list:
            if not v:
                put("[]")
                return
            inner = indent + "  "
            sep = "[" + inner
            for item in v:
                put(sep)
                value(item, inner)
                sep = "," + inner
            put(indent + "]")
        else:
            raise _Unusual

    value(data, "\n")
    return "".join(out)


def to_text(text: str) -> bytes:
    try:
        return (text if text.endswith("\n") else text + "\n").encode("utf-8")
    except UnicodeEncodeError:
        _check_text(text)
        raise


def load_yaml(stream):
    """Safe YAML loading through libyaml, the reading twin of to_yaml's emitter."""
    return yaml.load(stream, Loader=yaml.CSafeLoader)
