"""The `obsgen` console command: the CLI, tuned for a short-lived process.

`obsgen build` runs in pre-commit hooks and on every push, so start-up and exit
are a large share of its cost. Python's cyclic garbage collector runs many
times while modules are imported, and at exit the interpreter tears down every
module and object one by one; neither finds anything to free here. This module
is the target of the console script and of `python -m obsgen`, so the tuning
applies to the command and never to a program that imports obsgen as a library.
"""

from __future__ import annotations

import gc
import os
import sys


def main() -> None:
    gc.disable()  # importing creates hundreds of thousands of objects and no garbage
    from obsgen.cli import main as run

    gc.freeze()  # the imported modules live until exit: later collections need not scan them
    # On for the build itself, whose short-lived cycles would otherwise pile up, but with full
    # collections rare: each walks every live object (millions for a fleet of 1000 services,
    # making the build's cost grow faster than the fleet) and they found nothing to free.
    gc.set_threshold(700, 10, 1000)
    gc.enable()
    try:
        run()
        code = 0
    except SystemExit as exc:
        code = exc.code
    # Exit as sys.exit would (an int is the status, None is 0, anything else is printed and is 1),
    # but without the interpreter's teardown: every file is written and closed by now.
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`obsgen list | head`) or stream: nothing left to say
            pass
    os._exit(code)
