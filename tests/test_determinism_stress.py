"""20 builds under random hash seeds, working directories, time zones and locales are byte-identical.

tests/test_output_contract.py tries two fixed seeds; this varies everything a build could
accidentally depend on at once: set/dict iteration (PYTHONHASHSEED), the working directory
(paths in messages and origins), the local time zone (timestamps) and the locale (sorting,
number formatting). The settings are drawn from a seeded generator and printed on failure,
so a difference is reproducible.
"""

from __future__ import annotations

import random

from conftest import ROOT, obsgen, tree

TIMEZONES = ("UTC", "Asia/Manila", "Pacific/Kiritimati", "America/St_Johns", "Asia/Kathmandu", "Etc/GMT+12")
LOCALES = ("C", "C.UTF-8", "POSIX", "en_US.UTF-8", "tr_TR.UTF-8", "de_DE.UTF-8")  # missing ones fall back to C


def test_twenty_builds_under_random_environments_are_byte_identical(tmp_path):
    rng = random.Random(20261124)
    reference = None
    for run in range(20):
        env = {
            "PYTHONHASHSEED": str(rng.randrange(0, 2**32)),
            "TZ": rng.choice(TIMEZONES),
            "LC_ALL": rng.choice(LOCALES),
            "LANG": rng.choice(LOCALES),
        }
        cwd = tmp_path / f"cwd-{run}" / ("deep/" * rng.randrange(0, 4))
        cwd.mkdir(parents=True)
        out = tmp_path / f"out-{run}"
        obsgen("--project", ROOT, "build", "--out", str(out / "build"), "--docs", str(out / "docs"),
               cwd=cwd, env=env, check=True)
        result = (tree(out / "build"), tree(out / "docs"))
        if reference is None:
            reference, reference_env = result, env
            assert reference[0] and reference[1]
            continue
        for root, got, want in zip(("build", "docs"), result, reference):
            differing = sorted(k for k in set(got) | set(want) if got.get(k) != want.get(k))
            assert not differing, f"run {run} {env} differs from {reference_env} in {root}/: {differing}"
