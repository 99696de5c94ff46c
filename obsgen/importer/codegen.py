"""A small, deterministic printer of Python source for generated definitions.

Generated modules are values and calls, so this prints exactly those, in the
style black gives them: an expression that fits on its line stays there;
otherwise its items go one per line, indented four spaces, each with a trailing
comma. Strings use double quotes unless that needs more escapes, and a string
with line breaks that does not fit is split at them into adjacent literals. The
same input always gives the same bytes.
"""

from __future__ import annotations

import ast
import keyword
import math

LINE_LENGTH = 120
INDENT = "    "


class Call:
    """`name(arg, ..., key=value, ...)`; a `Comment` among the args becomes a line of its own."""

    def __init__(self, _name: str, *args, **kwargs) -> None:
        self.name = _name
        self.args = list(args)
        self.kwargs = kwargs


class Name:
    """A bare identifier or dotted expression, printed as is."""

    def __init__(self, text: str) -> None:
        self.text = text


class Comment:
    """A `# comment` line between the items of a call or list (printed only when the items break)."""

    def __init__(self, text: str) -> None:
        self.text = text


def string(value: str) -> str:
    text = repr(value)
    if text[0] == "'" and '"' not in value:
        text = '"' + text[1:-1] + '"'
    return text


def _number(value) -> str:
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return f'float("{value}")'
        if value.is_integer() and abs(value) < 1e16:
            return repr(value)
    return repr(value)


def _atom(value) -> str | None:
    """The one-line text of a value that has no items, else None."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, (int, float)):
        return _number(value)
    if isinstance(value, str):
        return string(value)
    if isinstance(value, Name):
        return value.text
    return None


def _items(value) -> tuple:
    """(open, close, [(prefix, item)]) for a container value."""
    if isinstance(value, Call):
        items = [("", a) for a in value.args] + [(f"{k}=", v) for k, v in value.kwargs.items()]
        return f"{value.name}(", ")", items
    if isinstance(value, dict):
        return "{", "}", [(f"{_flat(k)}: ", v) for k, v in value.items()]
    if isinstance(value, tuple):
        return "(", ")", [("", v) for v in value]
    if isinstance(value, list):
        return "[", "]", [("", v) for v in value]
    raise TypeError(f"cannot print {type(value).__name__}")


def _flat(value) -> str:
    """The value on one line (comments dropped)."""
    atom = _atom(value)
    if atom is not None:
        return atom
    opening, closing, items = _items(value)
    parts = [prefix + _flat(item) for prefix, item in items if not isinstance(item, Comment)]
    if isinstance(value, tuple) and len(parts) == 1:
        return f"({parts[0]},)"
    return opening + ", ".join(parts) + closing


def _has_comment(value) -> bool:
    if isinstance(value, (Call, dict, list, tuple)):
        return any(isinstance(item, Comment) or _has_comment(item) for _, item in _items(value)[2])
    return False


def expr(value, indent: int = 0, prefix: str = "", suffix: str = "") -> str:
    """`prefix + value + suffix` printed at `indent` levels, broken over lines as needed."""
    pad = INDENT * indent
    flat = _flat(value)
    if "\n" not in flat and len(pad) + len(prefix) + len(flat) + len(suffix) <= LINE_LENGTH and not _has_comment(value):
        return pad + prefix + flat + suffix
    if isinstance(value, str):
        return _long_string(value, indent, prefix, suffix)
    if _atom(value) is not None:
        return pad + prefix + flat + suffix
    opening, closing, items = _items(value)
    lines = [pad + prefix + opening]
    for item_prefix, item in items:
        if isinstance(item, Comment):
            lines.extend(INDENT * (indent + 1) + "# " + line for line in item.text.splitlines() or [""])
            continue
        lines.append(expr(item, indent + 1, item_prefix, ","))
    lines.append(pad + closing + suffix)
    return "\n".join(lines)


def _long_string(value: str, indent: int, prefix: str, suffix: str) -> str:
    pad = INDENT * indent
    pieces = value.splitlines(keepends=True)
    if len(pieces) < 2:
        return pad + prefix + string(value) + suffix
    inner = INDENT * (indent + 1)
    return "\n".join([pad + prefix + "("] + [inner + string(p) for p in pieces] + [pad + ")" + suffix])


def identifier(text: str, fallback: str = "item") -> str:
    """A Python identifier made from `text` (lower case, underscores)."""
    out = "".join(c if c.isalnum() else "_" for c in text.lower()).strip("_")
    while "__" in out:
        out = out.replace("__", "_")
    if not out:
        out = fallback
    if out[0].isdigit():
        out = f"{fallback}_{out}"
    if keyword.iskeyword(out):
        out += "_"
    return out


def module(docstring: str, imports: list, body: list) -> str:
    """A whole module: docstring, `from obsgen.api import ...` lines, two blank lines between top-level blocks."""
    doc = docstring.replace('"""', '\\"\\"\\"').rstrip()
    out = [f'"""{doc}\n"""' if "\n" in doc else f'"""{doc}"""', ""]
    out.extend(imports)
    for block in body:
        out.extend(["", "", block.rstrip("\n")])
    return "\n".join(out).rstrip("\n") + "\n"


def import_line(source: str, names) -> str:
    names = sorted(set(names), key=lambda n: (n.lower(), n))
    line = f"from {source} import {', '.join(names)}"
    if len(line) <= LINE_LENGTH:
        return line
    return f"from {source} import (\n" + "".join(f"{INDENT}{n},\n" for n in names) + ")"


def used_names(value, out: set | None = None) -> set:
    """Every call name used in `value` (to import exactly those)."""
    out = set() if out is None else out
    if isinstance(value, Call):
        out.add(value.name.split(".")[0])
    if isinstance(value, (Call, dict, list, tuple)):
        for _, item in _items(value)[2]:
            used_names(item, out)
    return out


def add_import(text: str, line: str) -> str:
    """`text` (a module a person wrote) with the import `line` after its last top-level import.

    Found with ast, so a parenthesised import over several lines stays whole; a module that does
    not parse gets the line at the top, and Python names the real mistake when it loads.
    """
    lines = text.split("\n")
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return "\n".join([line] + lines)
    ends = [node.end_lineno for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]
    if not ends:
        docstring = tree.body[0].end_lineno if tree.body and isinstance(tree.body[0], ast.Expr) else 0
        ends = [docstring]
    at = max(ends)
    return "\n".join(lines[:at] + [line] + lines[at:])
