"""Where a definition was written, so errors can point at the user's line.

Every model object records `defined_at` when it is constructed. The frame we
want is the first one that is not inside obsgen itself or the libraries it
builds on (attrs, grafanalib): that is the line in a stack, dashboard, rule
or alertmanager module that the user wrote.
"""

from __future__ import annotations

import os
import sys
from functools import lru_cache

import attr
import grafanalib

_LIBRARY_DIRS = tuple(
    os.path.dirname(os.path.abspath(m.__file__)) + os.sep
    for m in (sys.modules[__name__.split(".")[0]], attr, grafanalib)
)


def relative(path: str) -> str:
    """Path relative to the working directory when below it, for stable messages."""
    absolute = os.path.abspath(path)
    cwd = os.getcwd() + os.sep
    return absolute[len(cwd):] if absolute.startswith(cwd) else absolute


@lru_cache(maxsize=None)
def _user_file(filename: str, cwd: str) -> str | None:
    """How messages name a code file, or None for library code (cached: every object asks)."""
    if filename.startswith("<") or os.path.abspath(filename).startswith(_LIBRARY_DIRS):
        return None
    return relative(filename)


# Code objects of user functions marked with @helper: frames running them are skipped like library frames.
_HELPERS: set = set()


def helper(fn):
    """Mark a function of yours that builds definitions (a panel, a dashboard, an alert) for a caller.

    Objects it constructs record the line that called it as their `defined_at`, so errors
    and `obsgen list` point at the definition that used the helper rather than at the
    helper's body. Helpers may call helpers: every marked frame is skipped.
    Returns `fn` unchanged.
    """
    code = getattr(fn, "__code__", None)
    if code is None:
        raise TypeError(f"@helper marks a Python function, not {type(fn).__name__}")
    _HELPERS.add(code)
    return fn


def caller() -> str:
    """`file:line` of the innermost frame outside obsgen, attrs, grafanalib and functions marked @helper."""
    cwd = os.getcwd()  # part of the cache key: relative paths and messages depend on it
    frame = sys._getframe(1)
    while frame is not None:
        shown = None if frame.f_code in _HELPERS else _user_file(frame.f_code.co_filename, cwd)
        if shown is not None:
            return f"{shown}:{frame.f_lineno}"
        frame = frame.f_back
    return "<unknown>:0"


def here() -> "attr.Attribute":
    """An attrs field that records the caller's location at construction."""
    return attr.ib(factory=caller, eq=False, repr=False, kw_only=True)
