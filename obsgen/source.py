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


def caller() -> str:
    """`file:line` of the innermost frame outside obsgen, attrs and grafanalib."""
    cwd = os.getcwd()  # part of the cache key: relative paths and messages depend on it
    frame = sys._getframe(1)
    while frame is not None:
        shown = _user_file(frame.f_code.co_filename, cwd)
        if shown is not None:
            return f"{shown}:{frame.f_lineno}"
        frame = frame.f_back
    return "<unknown>:0"


def here() -> "attr.Attribute":
    """An attrs field that records the caller's location at construction."""
    return attr.ib(factory=caller, eq=False, repr=False, kw_only=True)
