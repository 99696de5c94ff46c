"""Atomic, locked writes of a generated tree, and the drift check.

The new tree is prepared beside the output as a hard-link clone of it, the
changes are applied there, and the two directories are exchanged with one
renameat2(RENAME_EXCHANGE) call. A build killed at any point leaves either
the old tree or the new one. Files obsgen did not generate come across as
hard links, untouched. A manifest records what obsgen generated and for which
stack, so a file it no longer generates is removed and nothing else is.

Where renameat2 is missing (macOS, non-Linux systems) or the file system refuses
RENAME_EXCHANGE, the tree is replaced file by file, still under the lock: every
changed file is written and fsynced in the staging directory first, then moved
over its old version with os.replace (atomic per file), files no longer generated
are removed, and the manifest is replaced last. A build killed there leaves every
file whole (its old or its new content, never a mix), but the tree may hold some
files old and some new; the manifest is then still the old one, so
`obsgen build --check` reports the drift and the next build completes it.
OBSGEN_WRITE=per-file forces this mode (tests; file systems where the swap misbehaves).
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import threading
from contextlib import ExitStack, contextmanager
from typing import Iterator, Mapping

MANIFEST = ".obsgen-manifest.json"
_STAGING_PREFIX = ".obsgen-staging-"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class WriteError(Exception):
    """The output tree could not be written (permissions, disk full...)."""


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read(path: str) -> bytes | None:
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None


def read_manifest(root: str) -> dict:
    """{relative path: {"sha256": ..., "stack": ...}} of what obsgen wrote last."""
    raw = _read(os.path.join(root, MANIFEST))
    if raw is None:
        return {}
    try:
        files = json.loads(raw)["files"]
        assert all(isinstance(v, dict) and "stack" in v for v in files.values())
        return files
    except (ValueError, KeyError, TypeError, AssertionError):
        raise WriteError(f"{os.path.join(root, MANIFEST)} is not an obsgen manifest; refusing to guess what to remove")


def _manifest(entries: Mapping[str, dict]) -> bytes:
    body = {"generator": "obsgen", "files": dict(sorted(entries.items()))}
    return (json.dumps(body, indent=2, sort_keys=True) + "\n").encode()


_HELD = threading.local()  # parent directory -> depth, so a lock this thread holds is re-entrant


@contextmanager
def locked(root: str) -> Iterator[None]:
    """Exclusive lock on the output's parent directory, so two builds never interleave."""
    with _locked_dir(os.path.dirname(os.path.abspath(root))):
        yield


@contextmanager
def _locked_dir(parent: str) -> Iterator[None]:
    # flock on a directory: released by the kernel if the build is killed, so a
    # SIGKILLed build never leaves a stale lock behind.
    held = _HELD.__dict__
    if held.get(parent):
        held[parent] += 1
        try:
            yield
        finally:
            held[parent] -= 1
        return
    os.makedirs(parent, exist_ok=True)
    fd = os.open(parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        held[parent] = 1
        yield
    finally:
        held.pop(parent, None)
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _exchange(a: str, b: str) -> None:
    # ctypes and shutil are imported where used: a build that changes nothing needs neither.
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        raise OSError(errno.ENOSYS, "renameat2 is not available on this system", b)
    if renameat2(_AT_FDCWD, a.encode(), _AT_FDCWD, b.encode(), _RENAME_EXCHANGE) != 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err), b)


def _clone(src: str, dst: str) -> None:
    """Copy a tree as hard links (symlinks as symlinks) so no file is rewritten."""
    import shutil

    for dirpath, dirnames, filenames in os.walk(src):
        target_dir = os.path.normpath(os.path.join(dst, os.path.relpath(dirpath, src)))
        os.makedirs(target_dir, exist_ok=True)
        shutil.copystat(dirpath, target_dir)
        for name in filenames + [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]:
            source = os.path.join(dirpath, name)
            target = os.path.join(target_dir, name)
            if os.path.islink(source):
                os.symlink(os.readlink(source), target)
            else:
                os.link(source, target)


def _write_file(path: str, data: bytes) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".obsgen-tmp"
    with open(tmp, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)  # replaces the directory entry, never writes through a hard link


# errno values meaning "no directory exchange here": no renameat2 (ENOSYS), or a file system
# that does not support RENAME_EXCHANGE (EINVAL, EOPNOTSUPP).
_NO_EXCHANGE = {errno.ENOSYS, errno.EINVAL, getattr(errno, "EOPNOTSUPP", errno.ENOSYS),
                getattr(errno, "ENOTSUP", errno.ENOSYS)}


def per_file_mode() -> bool:
    """True when OBSGEN_WRITE=per-file asks for the portable mode even where the swap works."""
    return os.environ.get("OBSGEN_WRITE", "") == "per-file"


def _fsync(path: str) -> None:
    """Flush a file's (or a directory's entries') data to disk, where the system allows it."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:  # some systems cannot fsync a directory; the renames are still atomic
        pass
    finally:
        os.close(fd)


def _replace_per_file(staging: str, root: str, changes: dict) -> None:
    """Move each changed file from staging over the live one, remove stale files, then the manifest.

    Each os.replace is atomic, so every file is whole at every moment; the manifest goes
    last, so until the tree is complete it still describes the previous build.
    """
    for rel in changes["write"] + [MANIFEST]:
        _fsync(os.path.join(staging, rel))  # its bytes on disk before its name goes live
    for rel in changes["write"]:
        target = os.path.join(root, rel)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.replace(os.path.join(staging, rel), target)
    for rel in changes["remove"]:
        try:
            os.unlink(os.path.join(root, rel))
        except FileNotFoundError:
            pass
    _prune_empty_dirs(root, changes["remove"])
    for directory in sorted({os.path.dirname(os.path.join(root, rel)) for rel in changes["write"]}):
        _fsync(directory)
    os.replace(os.path.join(staging, MANIFEST), os.path.join(root, MANIFEST))
    _fsync(root)


def _prune_empty_dirs(root: str, rel_paths) -> None:
    for rel in rel_paths:
        directory = os.path.dirname(os.path.join(root, rel))
        while os.path.abspath(directory) != os.path.abspath(root):
            try:
                os.rmdir(directory)
            except OSError:
                break
            directory = os.path.dirname(directory)


def _staging_dirs(root: str) -> list:
    parent = os.path.dirname(root)
    base = f"{_STAGING_PREFIX}{os.path.basename(root)}-"
    return [os.path.join(parent, n) for n in os.listdir(parent) if n.startswith(base)]


def _owned(entry: dict, rel: str, stacks: set, scope) -> bool:
    """Whether this build owns a manifest entry: its stack is built, and its target too (`scope`)."""
    return entry["stack"] in stacks and (scope is None or scope(rel))


def plan(root: str, files: Mapping[str, bytes], stacks: set, scope=None) -> dict:
    """What writing `files` for `stacks` would change: {"write": [...], "remove": [...]}.

    `scope(rel)` narrows what the build owns when it builds only some targets (`--target`):
    another target's files are neither removed nor reported.
    """
    previous = read_manifest(root)
    writes = sorted(rel for rel, data in files.items() if _read(os.path.join(root, rel)) != data)
    removes = sorted(
        rel for rel, entry in previous.items()
        if rel not in files and _owned(entry, rel, stacks, scope) and os.path.lexists(os.path.join(root, rel))
    )
    return {"write": writes, "remove": removes}


def write_trees(trees: Mapping[str, tuple], stacks: set, scope=None) -> dict:
    """Write several roots ({root: (files, owners)}) under one lock, so two builds never interleave.

    Each root is swapped in atomically on its own; holding every root's lock for
    the whole write means a concurrent build cannot land its build/ between our
    build/ and our docs/. Locks are taken in sorted order so two builds cannot deadlock.
    """
    roots = {os.path.abspath(root): root for root in trees}
    try:
        with ExitStack() as stack:
            for parent in sorted({os.path.dirname(r) for r in roots}):
                stack.enter_context(_locked_dir(parent))
            return {given: _write_tree(absolute, *trees[given], stacks, scope) for absolute, given in roots.items()}
    except OSError as exc:
        # Nothing was swapped in for the root that failed: its previous tree is intact.
        where = f" ({exc.filename})" if exc.filename else ""
        raise WriteError(f"cannot write {', '.join(sorted(trees))}: {exc.strerror}{where}; "
                         "the previous output is unchanged") from None


def _write_tree(root: str, files: Mapping[str, bytes], owners: Mapping[str, str], stacks: set, scope=None) -> dict:
    with locked(root):
        for leftover in _staging_dirs(root):  # from a build that was killed
            _remove_tree(leftover)
        previous = read_manifest(root)
        entries = {rel: e for rel, e in previous.items() if not _owned(e, rel, stacks, scope)}
        entries.update({rel: {"sha256": _digest(data), "stack": owners[rel]} for rel, data in files.items()})
        manifest = _manifest(entries)
        changes = plan(root, files, stacks, scope)
        if not changes["write"] and not changes["remove"] and _read(os.path.join(root, MANIFEST)) == manifest:
            return changes
        staging = os.path.join(os.path.dirname(root), f"{_STAGING_PREFIX}{os.path.basename(root)}-{os.getpid()}")
        try:
            if os.path.isdir(root):
                _clone(root, staging)
            else:
                os.makedirs(staging)
            for rel in changes["remove"]:
                os.unlink(os.path.join(staging, rel))
            _prune_empty_dirs(staging, changes["remove"])
            for rel in changes["write"]:
                _write_file(os.path.join(staging, rel), files[rel])
            _write_file(os.path.join(staging, MANIFEST), manifest)
            if per_file_mode() and os.path.isdir(root):
                _replace_per_file(staging, root, changes)
            elif os.path.isdir(root):
                try:
                    _exchange(staging, root)
                except OSError as exc:
                    if exc.errno not in _NO_EXCHANGE:
                        raise
                    _replace_per_file(staging, root, changes)
            else:
                os.rename(staging, root)
        finally:
            _remove_tree(staging)
        return changes


def _remove_tree(path: str) -> None:
    if os.path.lexists(path):
        import shutil

        shutil.rmtree(path, ignore_errors=True)


def drift(root: str, files: Mapping[str, bytes], stacks: set, scan: bool, scope=None) -> list:
    """Lines describing how `root` differs from `files`; empty when it matches.

    With `scan`, files under `<root>/<stack>/` that obsgen did not generate are
    reported too: Prometheus and Grafana would load them alongside ours.
    """
    lines = []
    changes = plan(root, files, stacks, scope)
    for rel in changes["write"]:
        state = "modified" if os.path.lexists(os.path.join(root, rel)) else "missing"
        lines.append(f"{state}: {rel}")
    lines += [f"stale: {rel} (no longer generated)" for rel in changes["remove"]]
    if scan:
        for stack in sorted(stacks):
            for dirpath, _dirs, names in os.walk(os.path.join(root, stack)):
                for name in names:
                    rel = os.path.relpath(os.path.join(dirpath, name), root).replace(os.sep, "/")
                    if rel not in files and rel not in changes["remove"] and (scope is None or scope(rel)):
                        lines.append(f"added: {rel} (not generated by obsgen)")
    return sorted(lines)
