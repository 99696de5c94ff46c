"""Headless Chromium: screenshots of preview pages."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

from obsgen.errors import Misuse

NAMES = ("chromium", "chromium-browser", "google-chrome")
TIMEOUT = 60
HINT = "install it with tools/install-tools.sh (Debian: apt-get install chromium)"


def binary() -> str:
    for name in NAMES:
        path = shutil.which(name)
        if path:
            return path
    raise Misuse(f"chromium not found; {HINT}")


def headless(args: list, profile: str) -> subprocess.CompletedProcess:
    """Headless Chromium with `args`, in the throwaway profile folder `profile`."""
    # --no-sandbox: the sandbox needs user namespaces, absent when running as root in containers.
    # A throwaway profile keeps runs independent; virtual time lets the page's timers finish.
    argv = [binary(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--mute-audio",
            "--no-first-run", "--disable-extensions", "--disable-dev-shm-usage", f"--user-data-dir={profile}",
            "--virtual-time-budget=3000", "--force-device-scale-factor=1", *args]
    try:
        return subprocess.run(argv, capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"chromium did not finish within {TIMEOUT}s: {' '.join(args)}") from None


def screenshot(page: str, png: str, width: int, height: int) -> None:
    with tempfile.TemporaryDirectory(prefix="obsgen-chromium-") as profile:
        if os.path.exists(png):
            os.remove(png)
        proc = headless([f"--screenshot={os.path.abspath(png)}", f"--window-size={width},{height}",
                     "file://" + os.path.abspath(page)], profile)
    if not os.path.exists(png):
        raise RuntimeError(f"chromium wrote no screenshot of {page}: {proc.stderr.strip()[-400:]}")
