"""Running independent pieces of a build side by side in forked workers.

Stacks share nothing until their files are written, so each can be loaded,
compiled, checked and serialised in its own process. Fork, not spawn: a
worker inherits the modules already imported, which are most of a build's
start-up cost. Nothing is written by a worker; it sends its result back
through a pipe and the parent alone takes the output lock and writes.
"""

from __future__ import annotations

import os
import traceback
from typing import Callable, Sequence

from obsgen.errors import UserError


class WorkerCrashed(RuntimeError):
    """A worker hit a bug (not a user mistake); the message carries its traceback."""


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _outcome(fn: Callable, item) -> tuple:
    try:
        return "ok", fn(item)
    except UserError as err:
        return "user", err.problems
    except Exception:  # a bug: carried to the parent as text, since tracebacks do not pickle
        return "bug", traceback.format_exc()


def _child(fn: Callable, item, fd: int) -> None:
    import pickle  # here and in _collect: a one-stack build never pays for it

    code = 0
    try:
        with os.fdopen(fd, "wb") as pipe:
            pipe.write(pickle.dumps(_outcome(fn, item), protocol=pickle.HIGHEST_PROTOCOL))
    except BaseException:  # the parent sees an empty pipe and a non-zero status
        code = 70
    finally:
        os._exit(code)  # never return into the parent's code (atexit handlers, click's exit)


def _collect(pid: int, fd: int) -> tuple:
    import pickle

    with os.fdopen(fd, "rb") as pipe:
        data = pipe.read()  # read before waiting: a result larger than the pipe buffer blocks the child
    _pid, status = os.waitpid(pid, 0)
    if not data:
        return "bug", f"worker {pid} ended without a result (wait status {status})"
    return pickle.loads(data)


def _local(fn: Callable, item) -> tuple:
    # In this process a bug keeps its own traceback; only user mistakes are gathered.
    try:
        return "ok", fn(item)
    except UserError as err:
        return "user", err.problems


def run(fn: Callable, items: Sequence, jobs: int) -> list:
    """[fn(item) for item in items], up to `jobs` at a time; the first of each batch runs in this process.

    A UserError in any item is raised once all have run, with every item's problems in
    item order. A bug in a worker raises WorkerCrashed with the worker's traceback.
    """
    items = list(items)
    outcomes: list = [None] * len(items)
    if jobs < 2 or len(items) < 2 or not hasattr(os, "fork"):
        outcomes = [_local(fn, item) for item in items]
    else:
        pending = list(range(len(items)))
        while pending:
            batch, pending = pending[:jobs], pending[jobs:]
            children = []
            try:
                for index in batch[1:]:
                    read_fd, write_fd = os.pipe()
                    pid = os.fork()
                    if pid == 0:
                        os.close(read_fd)
                        _child(fn, items[index], write_fd)
                    os.close(write_fd)
                    children.append((index, pid, read_fd))
                outcomes[batch[0]] = _local(fn, items[batch[0]])
            finally:
                for index, pid, read_fd in children:  # always reaped, even when this process fails
                    outcomes[index] = _collect(pid, read_fd)
    problems, results = [], []
    for kind, value in outcomes:
        if kind == "bug":
            raise WorkerCrashed(value)
        if kind == "user":
            problems.extend(value)
        else:
            results.append(value)
    if problems:
        raise UserError(problems)
    return results
