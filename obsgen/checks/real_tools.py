"""Shared runner for the checks that hand files on disk to the real promtool and amtool."""

from __future__ import annotations

import os

from obsgen import tools


def run(tool: str, args: list, cwd: str | None = None, timeout: int = 60) -> tuple:
    """(ok, output). A missing tool is not ok, with the install hint as output."""
    try:
        binary = tools.require(tool)
    except FileNotFoundError as exc:
        return False, str(exc)
    import subprocess  # here, not at the top: the build imports every check but runs none of these

    try:
        proc = subprocess.run([binary, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return False, f"{tool} {' '.join(args)} timed out after {timeout}s"
    return proc.returncode == 0, (proc.stdout + proc.stderr).strip()


def summary(output: str, limit: int = 3) -> str:
    """The lines of a tool's output that say what is wrong, joined on one line."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    wanted = [l for l in lines if "FAILED" in l or not l.startswith(("Checking ", "SUCCESS"))] or lines
    return " | ".join(wanted[:limit])


def on_disk(ctx, artefacts: list) -> list:
    """(artefact, absolute path) for artefacts that exist on disk in this lint run."""
    out = []
    for art in artefacts:
        path = ctx.disk_path(art)
        if path is not None and os.path.exists(path):
            out.append((art, os.path.abspath(path)))
    return out
