"""Writes are atomic and locked: a killed build, a concurrent build, a full or read-only disk never leave a mixed tree.

tests/test_output_contract.py kills a build after a few wall-clock delays. Here the kill
lands deterministically *before each file-system operation* the writer makes (link,
write, rename, unlink, mkdir, the final exchange...), so every step of the write is
covered, not just the ones a timer happens to hit.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pathlib
import shutil
import subprocess
import sys
import threading
import time

import pytest

from conftest import ROOT, obsgen, tree
from obsgen import writer

BASE = os.path.join(ROOT, "tests", "bad", "_base")

# The writer's kill points, run in one driver process. It builds the next version's output once,
# as `obsgen build` does, then for each point resets the work tree to the old output and forks a
# child that wraps the writer's file-system calls and SIGKILLs itself just before operation N
# (N=0: never, to count the operations). Forking from a process that already holds the build
# makes every point cheap, so every operation is covered, not a sample of them.
DRIVER = r"""
import builtins, hashlib, json, os, shutil, signal, sys
from obsgen import pipeline, writer

project, ref, work, points = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
outputs, owners, stacks = pipeline.build_stacks(project, None, 1, [], None)
roots = {name: os.path.join(work, name) for name in ("build", "docs")}
trees = {roots[name]: (outputs[name], owners[name]) for name in roots}


def reset():
    for name, root in roots.items():
        shutil.rmtree(root, ignore_errors=True)
        shutil.copytree(os.path.join(ref, "old-" + name), root)
    for leftover in [n for n in os.listdir(work) if n.startswith(".obsgen-staging-")]:
        shutil.rmtree(os.path.join(work, leftover))


def digests(root):
    out = {}
    for dirpath, _dirs, names in os.walk(root):
        for name in names:
            full = os.path.join(dirpath, name)
            with open(full, "rb") as fh:
                out[os.path.relpath(full, root)] = hashlib.sha256(fh.read()).hexdigest()
    return out


def child(target, log):
    count = 0
    def step(name):
        nonlocal count
        count += 1
        os.write(log, (name + "\n").encode())
        if count == target:
            os.kill(os.getpid(), signal.SIGKILL)
    def wrap(owner, name):
        real = getattr(owner, name)
        def wrapped(*a, **k):
            step(name)
            return real(*a, **k)
        setattr(owner, name, wrapped)
    for name in ("link", "symlink", "replace", "rename", "unlink", "rmdir", "makedirs", "mkdir"):
        wrap(os, name)
    wrap(shutil, "copystat")
    wrap(shutil, "rmtree")
    wrap(writer, "_exchange")
    real_open = builtins.open
    def counted_open(file, mode="r", *a, **k):
        if any(c in mode for c in "wax+"):
            step("open-for-write")
        return real_open(file, mode, *a, **k)
    writer.open = counted_open  # only the writer's own writes are counted
    writer.write_trees(trees, stacks)


results = []
for target in points:
    reset()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        try:
            child(target, write)
            os._exit(0)
        except BaseException as exc:
            os.write(2, f"{type(exc).__name__}: {exc}\n".encode())
            os._exit(1)
    os.close(write)
    with os.fdopen(read) as fh:
        ops = fh.read().splitlines()
    _pid, status = os.waitpid(pid, 0)
    results.append({"point": target, "killed": os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL,
                    "exit": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None, "ops": ops,
                    "build": digests(roots["build"]), "docs": digests(roots["docs"]),
                    "staging": [n for n in os.listdir(work) if n.startswith(".obsgen-staging-")]})
json.dump(results, sys.stdout)
"""


def _project(dest, *, title="Mini / Overview", with_alertmanager=True):
    shutil.copytree(BASE, dest, ignore=shutil.ignore_patterns("__pycache__"))
    path = dest / "dashboards" / "mini" / "__init__.py"
    path.write_text(path.read_text().replace('title="Mini / Overview"', f'title="{title}"'))
    if not with_alertmanager:
        os.unlink(dest / "alertmanager" / "mini.py")
    return dest


def _kill_points(project, ref, work, points, env=None) -> list:
    """One result per kill point: whether the child died, the operations it got to, and the trees it left."""
    proc = subprocess.run([sys.executable, "-c", DRIVER, str(project), str(ref), str(work), json.dumps(points)],
                          cwd=project, env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture
def scratch(tmp_path):
    """A work folder in memory where there is one: the kill points test the order of operations, and
    fsync on a real disk would make covering every one of them slow."""
    if not os.path.isdir("/dev/shm") or not os.access("/dev/shm", os.W_OK):
        yield tmp_path / "work"
        return
    import tempfile

    path = tempfile.mkdtemp(prefix="obsgen-atomicity-", dir="/dev/shm")
    try:
        yield pathlib.Path(path) / "work"
    finally:
        shutil.rmtree(path, ignore_errors=True)


def _digests(path) -> dict:
    return {rel: hashlib.sha256(data).hexdigest() for rel, data in tree(path).items()}


@pytest.fixture(scope="module")
def old_and_new(tmp_path_factory):
    """An output written from one version of the definitions, and the definitions of the next version.

    The next version changes a dashboard (a rewrite), drops the Alertmanager config (removals and
    emptied folders) and so touches both roots, build/ and docs/.
    """
    tmp_path = tmp_path_factory.mktemp("versions")  # read-only for the tests: each writes under its own tmp_path
    old_project = _project(tmp_path / "old")
    new_project = _project(tmp_path / "new", title="Mini / Overview v2", with_alertmanager=False)
    ref = tmp_path / "ref"
    obsgen("build", "--out", str(ref / "old-build"), "--docs", str(ref / "old-docs"), cwd=old_project, check=True)
    obsgen("build", "--out", str(ref / "new-build"), "--docs", str(ref / "new-docs"), cwd=new_project, check=True)
    states = {
        "old": (tree(ref / "old-build"), tree(ref / "old-docs")),
        "new": (tree(ref / "new-build"), tree(ref / "new-docs")),
    }
    assert states["old"][0] != states["new"][0] and states["old"][1] != states["new"][1]
    return ref, new_project, states


def _reset(ref, work):
    for name in ("build", "docs"):
        shutil.rmtree(work / name, ignore_errors=True)
        shutil.copytree(ref / f"old-{name}", work / name)
    for leftover in [n for n in os.listdir(work) if n.startswith(".obsgen-staging-")]:
        shutil.rmtree(work / leftover)


def test_sigkill_before_every_write_step_leaves_each_tree_old_or_new(scratch, old_and_new):
    ref, project, _states = old_and_new
    states = {k: (_digests(ref / f"{k}-build"), _digests(ref / f"{k}-docs")) for k in ("old", "new")}
    work = scratch
    work.mkdir()
    [clean] = _kill_points(project, ref, work, [0])
    assert not clean["killed"] and clean["exit"] == 0 and (clean["build"], clean["docs"]) == states["new"]
    ops = clean["ops"]
    exchanges = [i + 1 for i, op in enumerate(ops) if op == "_exchange"]
    assert len(exchanges) == 2, ops  # one swap per root: build/ then docs/
    seen = set()
    for run in _kill_points(project, ref, work, list(range(1, len(ops) + 1))):
        n = run["point"]
        assert run["killed"] and run["ops"] == ops[:n], f"op {n} ({ops[n - 1]}): not killed there: {run}"
        build_state = next((k for k, v in states.items() if v[0] == run["build"]), None)
        docs_state = next((k for k, v in states.items() if v[1] == run["docs"]), None)
        assert build_state and docs_state, f"killed before op {n} ({ops[n - 1]}): a tree is neither old nor new"
        seen.add((build_state, docs_state))
        # Until the first exchange everything is old; from it on, build/ is new.
        assert build_state == ("old" if n <= exchanges[0] else "new"), n
        assert docs_state == ("old" if n <= exchanges[1] else "new"), n
    assert seen == {("old", "old"), ("new", "old"), ("new", "new")}
    # The next build cleans up whatever staging directories the last kill left and completes.
    obsgen("build", "--out", str(work / "build"), "--docs", str(work / "docs"), cwd=project, check=True)
    assert (_digests(work / "build"), _digests(work / "docs")) == states["new"]
    assert not [n for n in os.listdir(work) if n.startswith(".obsgen-staging-")]


def test_a_build_waits_for_the_lock_and_never_writes_under_another(tmp_path, old_and_new):
    ref, project, states = old_and_new
    work = tmp_path / "work"
    work.mkdir()
    _reset(ref, work)
    with writer.locked(str(work / "build")):  # what a concurrent build holds while it writes
        proc = subprocess.Popen([sys.executable, "-m", "obsgen", "build", "--out", str(work / "build"),
                                 "--docs", str(work / "docs")], cwd=project,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(1.5)  # a build takes ~0.3 s: it is waiting, not slow
        assert proc.poll() is None, "the build did not wait for the lock"
        assert (tree(work / "build"), tree(work / "docs")) == states["old"]
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert (tree(work / "build"), tree(work / "docs")) == states["new"]


def test_concurrent_builds_of_different_definitions_never_mix_a_tree(tmp_path, old_and_new):
    ref, new_project, states = old_and_new
    old_project = ref.parent / "old"
    work = tmp_path / "work"
    work.mkdir()
    # One race of two real builds: the lock test above forces the interleaving deterministically;
    # this one shows two whole processes on one tree still end with one version.
    _reset(ref, work)
    # Start from a third state so both builds have work to do.
    (work / "build" / "mini" / "catalog.yaml").write_text("# hand edit\n")
    procs = [subprocess.Popen([sys.executable, "-m", "obsgen", "build", "--out", str(work / "build"),
                               "--docs", str(work / "docs")], cwd=p, stderr=subprocess.PIPE, text=True)
             for p in (old_project, new_project)]
    for p in procs:
        assert p.wait(timeout=60) == 0, p.stderr.read()
    assert tree(work / "build") in (states["old"][0], states["new"][0])
    assert tree(work / "docs") in (states["old"][1], states["new"][1])
    manifest = (work / "build" / writer.MANIFEST).read_bytes()
    assert manifest in (states["old"][0][writer.MANIFEST], states["new"][0][writer.MANIFEST])


def test_write_trees_holds_every_root_until_all_are_written(tmp_path):
    """Two writers of build/ and docs/ at once: each ends with both roots from one writer, never a mix."""
    roots = {"build": str(tmp_path / "build"), "docs": str(tmp_path / "docs")}
    results, errors = [], []

    def write(tag: str) -> None:
        try:
            for _ in range(20):
                trees = {root: ({f"{name}/x.txt": f"{tag}\n".encode()}, {f"{name}/x.txt": "s"}) for name, root in roots.items()}
                writer.write_trees(trees, {"s"})
                with writer.locked(roots["build"]):
                    results.append({open(os.path.join(r, n, "x.txt")).read() for n, r in roots.items()})
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(tag,)) for tag in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    assert results and all(len(seen) == 1 for seen in results), "a reader under the lock saw build/ and docs/ from different writers"


@contextlib.contextmanager
def _tmpfs(path, size: str):
    """A real, tiny file system: full and read-only conditions are the kernel's, not simulated."""
    path.mkdir()
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True, text=True)
    if proc.returncode != 0:
        yield None
        return
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def _fill(directory) -> None:
    fd = os.open(os.path.join(directory, "filler"), os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError:
        pass  # ENOSPC: the file system is full
    finally:
        os.close(fd)


def test_full_disk_is_a_clear_error_and_the_old_tree_survives(tmp_path, old_and_new):
    ref, project, states = old_and_new
    with _tmpfs(tmp_path / "fs", "2m") as fs:
        if fs is not None:
            work = fs
            _reset(ref, work)
            _fill(work)  # no space left for the files this build rewrites
            proc = obsgen("build", "--out", str(work / "build"), "--docs", str(work / "docs"), cwd=project)
        else:
            # No mount privilege: cap the file size instead, which fails writes the same way (EFBIG).
            work = tmp_path / "work"
            work.mkdir()
            _reset(ref, work)
            import resource
            proc = subprocess.run([sys.executable, "-m", "obsgen", "build", "--out", str(work / "build"),
                                   "--docs", str(work / "docs")], cwd=project, capture_output=True, text=True,
                                  preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (64, 64)))
        assert proc.returncode == 1, proc.stderr
        assert "Traceback" not in proc.stderr
        assert proc.stderr.startswith("error[write] cannot write ") and "the previous output is unchanged" in proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1
        assert "No space left on device" in proc.stderr or "File too large" in proc.stderr
        assert (tree(work / "build"), tree(work / "docs")) == states["old"]
        assert not [n for n in os.listdir(work) if n.startswith(".obsgen-staging-")]


def test_read_only_output_is_a_clear_error_and_the_old_tree_survives(tmp_path, old_and_new):
    ref, project, states = old_and_new
    with _tmpfs(tmp_path / "fs", "4m") as fs:
        if fs is not None:
            work = fs
            _reset(ref, work)
            subprocess.run(["mount", "-o", "remount,ro", str(work)], check=True)
            expected = "Read-only file system"
        else:
            # No mount privilege: an immutable directory refuses new entries even to root.
            work = tmp_path / "work"
            work.mkdir()
            _reset(ref, work)
            subprocess.run(["chattr", "+i", str(work)], check=True)
            expected = "Operation not permitted"
        try:
            proc = obsgen("build", "--out", str(work / "build"), "--docs", str(work / "docs"), cwd=project)
        finally:
            if fs is None:
                subprocess.run(["chattr", "-i", str(work)], check=True)
        assert proc.returncode == 1, proc.stderr
        assert "Traceback" not in proc.stderr
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error[write] cannot write ") and expected in lines[0], proc.stderr
        assert (tree(work / "build"), tree(work / "docs")) == states["old"]


def _whole_files(now: dict, old: dict, new: dict) -> list:
    """Paths whose content is neither their old nor their new content (a half-written or foreign file)."""
    return sorted(rel for rel, data in now.items() if data not in {old.get(rel), new.get(rel)} - {None})


def test_per_file_fallback_killed_before_every_step_leaves_every_file_whole(scratch, old_and_new):
    """Where renameat2 is missing, a kill can leave old and new files side by side, but never a half-written one."""
    ref, project, _states = old_and_new
    states = {k: (_digests(ref / f"{k}-build"), _digests(ref / f"{k}-docs")) for k in ("old", "new")}
    work = scratch
    work.mkdir()
    forced = {"OBSGEN_WRITE": "per-file"}
    [clean] = _kill_points(project, ref, work, [0], env=forced)
    ops = clean["ops"]
    assert "_exchange" not in ops, "the forced fallback still swapped directories"
    assert not clean["killed"] and (clean["build"], clean["docs"]) == states["new"]
    mixed = False
    for run in _kill_points(project, ref, work, list(range(1, len(ops) + 1)), env=forced):
        n = run["point"]
        assert run["killed"] and run["ops"] == ops[:n], f"op {n} ({ops[n - 1]}): not killed there: {run}"
        for index, name in enumerate(("build", "docs")):
            now, old, new = run[name], states["old"][index], states["new"][index]
            assert not _whole_files(now, old, new), f"killed before op {n} ({ops[n - 1]}): {name}/ has half-written files"
            assert not [rel for rel in now if rel.endswith(".obsgen-tmp")], n
            # The manifest goes last: until the whole tree is new it still describes the old one.
            if now != new:
                assert now.get(writer.MANIFEST) == old.get(writer.MANIFEST), f"op {n}: new manifest over a partial tree"
            mixed |= now not in (old, new)
    assert mixed, "no kill point landed between two file replacements"
    obsgen("build", "--out", str(work / "build"), "--docs", str(work / "docs"), cwd=project, check=True,
           env=forced)
    assert (_digests(work / "build"), _digests(work / "docs")) == states["new"]
    assert not [n for n in os.listdir(work) if n.startswith(".obsgen-staging-")]


def test_without_renameat2_the_writer_replaces_file_by_file(tmp_path, monkeypatch):
    """The Linux swap is tried first; ENOSYS (no renameat2: macOS) or EINVAL (file system) falls back."""
    import errno

    calls = []

    def missing(a, b):
        calls.append((a, b))
        raise OSError(errno.ENOSYS, "renameat2 is not available on this system", b)

    root = str(tmp_path / "build")
    writer.write_trees({root: ({"s/a.txt": b"one\n", "s/b.txt": b"gone\n"}, {"s/a.txt": "s", "s/b.txt": "s"})}, {"s"})
    monkeypatch.setattr(writer, "_exchange", missing)
    changes = writer.write_trees({root: ({"s/a.txt": b"two\n"}, {"s/a.txt": "s"})}, {"s"})
    assert calls, "the directory swap was not tried first"
    assert changes[root] == {"write": ["s/a.txt"], "remove": ["s/b.txt"]}
    assert tree(root) == {"s/a.txt": b"two\n", writer.MANIFEST: tree(root)[writer.MANIFEST]}
    assert writer.read_manifest(root) == {"s/a.txt": {"sha256": writer._digest(b"two\n"), "stack": "s"}}
    assert not [n for n in os.listdir(tmp_path) if n.startswith(".obsgen-staging-")]
