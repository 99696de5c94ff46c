"""Stacks built side by side: the same output as one at a time, every stack's mistakes reported,
and a worker's bug surfaced with its traceback instead of a silent or partial build."""

import os

import pytest

from conftest import obsgen, tree
from obsgen import parallel
from obsgen.errors import Problem, UserError


def test_results_come_back_in_item_order_from_every_worker():
    items = list(range(7))
    pids = parallel.run(lambda i: (i, os.getpid()), items, jobs=3)
    assert [i for i, _pid in pids] == items
    # Batches of three: the first of each runs here, the other two in a fresh worker each.
    here = os.getpid()
    assert [pid == here for _i, pid in pids] == [True, False, False, True, False, False, True]
    assert len({pid for _i, pid in pids if pid != here}) == 4
    assert parallel.run(lambda i: i * i, items, jobs=1) == [i * i for i in items]


def test_user_mistakes_from_all_workers_are_reported_together_in_item_order():
    def fn(name):
        if name == "fine":
            return name
        raise UserError([Problem("definition", name, "stack", f"stacks/{name}.py:1", "broken")])

    with pytest.raises(UserError) as err:
        parallel.run(fn, ["a", "fine", "b"], jobs=3)
    assert [p.stack for p in err.value.problems] == ["a", "b"]


def test_a_bug_in_a_worker_carries_its_traceback():
    def fn(i):
        if i == 1:
            raise KeyError("missing-thing")
        return i

    with pytest.raises(parallel.WorkerCrashed, match="KeyError: 'missing-thing'"):
        parallel.run(fn, [0, 1], jobs=2)


def test_a_worker_that_dies_is_a_crash_not_an_empty_result():
    with pytest.raises(parallel.WorkerCrashed, match="without a result"):
        parallel.run(lambda i: os._exit(3) if i else i, [0, 1], jobs=2)


def test_parallel_and_serial_builds_write_identical_trees(tmp_path):
    for jobs in ("1", "2"):
        obsgen("build", "-j", jobs, "--out", str(tmp_path / jobs / "build"), "--docs", str(tmp_path / jobs / "docs"),
               check=True)
    assert tree(tmp_path / "1") == tree(tmp_path / "2")


def test_two_broken_stacks_are_both_reported_and_nothing_is_written(project, tmp_path):
    for stack in ("brainbytes", "copilotos"):
        with open(project / "stacks" / f"{stack}.py", "a") as fh:
            fh.write("\nraise ValueError('broken on purpose')\n")
    out = tmp_path / "out"
    proc = obsgen("--project", str(project), "build", "-j", "2", "--out", str(out), "--docs", str(tmp_path / "docs"))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert [line.split()[1] for line in lines] == ["brainbytes:", "copilotos:"], lines
    assert all("broken on purpose" in line for line in lines)
    assert not out.exists()
