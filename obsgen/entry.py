"""The `obsgen` console command: the CLI, tuned for a short-lived process.

Python's cyclic garbage collector runs many times while modules are imported and,
at fleet scale, walks millions of live objects during the build, finding nothing
to free: at 1000 services this tuning saves 3 to 5 s of CPU of 10 to 14 (docs/benchmarks.md, section 5).
This module is the target of the console script and of `python -m obsgen`, so the
tuning applies to the command and never to a program that imports obsgen as a library.
The interpreter's normal exit (atexit handlers, teardown) is kept: skipping it saved
0.2 to 0.8 s of CPU at 1000 services (docs/benchmarks.md, section 5).
"""

from __future__ import annotations

import gc


def main() -> None:
    gc.disable()  # importing creates hundreds of thousands of objects and no garbage
    from obsgen.cli import main as run

    gc.freeze()  # the imported modules live until exit: later collections need not scan them
    # On for the build itself, whose short-lived cycles would otherwise pile up, but with full
    # collections rare: each walks every live object (millions for a fleet of 1000 services,
    # making the build's cost grow faster than the fleet) and they found nothing to free.
    gc.set_threshold(700, 10, 1000)
    gc.enable()
    run()
