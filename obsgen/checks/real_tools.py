"""Shared runner for the checks that hand files to the real promtool and amtool.

Each program runs once for a whole lint run, however many folders it spans: a
process start costs more than checking a file. Their output, stdout and stderr
read through one pipe so it keeps its order, is split into one block per file
(`Checking FILE`), and each block is judged on its own. Documents that exist
only inside a Kubernetes manifest are written to a temporary file first.
A finding names the program's version, so an old validator is told apart from
a real mistake.
"""

from __future__ import annotations

import os
import re
import tempfile

from obsgen import tools
from obsgen.serialize import to_yaml

_VERSIONS: dict = {}
_UNKNOWN_FIELD = re.compile(r"field (\S+) not found in type (\S+)")


def version(tool: str) -> str:
    """`promtool 2.53.3`, as the program reports itself (cached for the run)."""
    if tool not in _VERSIONS:
        ok, output = run(tool, ["--version"])
        match = re.search(r"version (\S+)", output) if ok else None
        _VERSIONS[tool] = f"{tool} {match.group(1).split('+')[0]}" if match else tool
    return _VERSIONS[tool]


def run(tool: str, args: list, cwd: str | None = None, timeout: int = 120) -> tuple:
    """(ok, output) with stdout and stderr interleaved. A missing tool is not ok, with the install hint as output."""
    try:
        binary = tools.require(tool)
    except FileNotFoundError as exc:
        return False, str(exc)
    import subprocess  # here, not at the top: the build imports every check but runs none of these

    try:
        proc = subprocess.run([binary, *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        return False, f"{tool} {' '.join(args)} timed out after {timeout}s"
    return proc.returncode == 0, proc.stdout.strip()


def summary(output: str, limit: int = 3) -> str:
    """The lines of a tool's output that say what is wrong, joined on one line."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    wanted = [l for l in lines if "FAILED" in l or not l.startswith(("Checking ", "SUCCESS", "Found:", "- "))] or lines
    wanted = [l for l in wanted if l != "FAILED:"] or wanted
    return " | ".join(wanted[:limit])


def explain(tool: str, text: str) -> str:
    """`text` prefixed with the program's version, with a hint where an older program may be the cause."""
    message = f"{version(tool)} rejected it: {text}"
    match = _UNKNOWN_FIELD.search(text)
    if match:
        message += (f" ({version(tool)} does not know the field {match.group(1)}; if a newer "
                    f"{'Prometheus' if tool == 'promtool' else 'Alertmanager'} added it, the file may be valid there)")
    return message


# amtool ends a failing run with this line, after the last file's block whether or not that file passed.
_RUN_TRAILER = re.compile(r"^amtool: error: failed to validate \d+ file")


def _blocks(output: str, quoted: bool) -> dict:
    """{file as the program named it: its lines} from `Checking FILE` headers."""
    header = re.compile(r"^Checking '(.+?)'(.*)$" if quoted else r"^Checking (.+?)\s*$")
    out, current = {}, None
    for line in output.splitlines():
        if _RUN_TRAILER.match(line):
            continue  # about the whole run, not the file whose block it follows
        match = header.match(line)
        if match:
            current = match.group(1)
            out[current] = [match.group(2).strip()] if quoted and match.group(2).strip() else []
        elif current is not None:
            out[current].append(line)
    return out


def batch(ctx, artefacts: list, tool: str, args: list, quoted: bool = False):
    """Run `tool args FILE...` once over `artefacts`; yield (artefact, its block of output) for each failing one.

    A run that fails without naming the file (a crash, a missing program) is yielded for every artefact.
    """
    found = on_disk(ctx, artefacts)
    if not found:
        return
    with tempfile.TemporaryDirectory(prefix="obsgen-lint-") as tmp:
        paths = []
        for index, (art, path) in enumerate(found):
            if path is None:  # a document unwrapped from a manifest: give the program a file of its own
                path = os.path.join(tmp, f"{index}-{os.path.basename(art.path)}")
                with open(path, "wb") as fh:
                    fh.write(to_yaml(_for_promtool(art)))
            paths.append(path)
        ok, output = run(tool, args + paths)
        if ok:
            return
        blocks = _blocks(output, quoted)
        for (art, _orig), path in zip(found, paths):
            lines = blocks.get(path)
            if lines is None:
                if not blocks:
                    yield art, output
                continue
            text = "\n".join(lines)
            if "FAILED" in text or "error" in text.lower():
                yield art, text.replace(path, art.path)


# Rule-file keys that Mimir, Cortex and Thanos rulers read and Prometheus does not: a copy without them
# is what promtool checks, so a misspelt Prometheus key still fails while a ruler's own keys pass.
_RULER_FILE_KEYS = ("namespace",)
_RULER_GROUP_KEYS = ("source_tenants", "partial_response_strategy", "evaluation_delay", "align_evaluation_time_on_interval")


def _ruler_keys(art) -> bool:
    data = art.data
    return art.kind == "rules" and isinstance(data, dict) and (
        any(k in data for k in _RULER_FILE_KEYS)
        or any(isinstance(g, dict) and any(k in g for k in _RULER_GROUP_KEYS) for g in data.get("groups") or []))


def _for_promtool(art):
    """The document promtool is given: a rule file without the ruler-only keys, anything else as it is."""
    if not _ruler_keys(art):
        return art.data
    data = {k: v for k, v in art.data.items() if k not in _RULER_FILE_KEYS}
    data["groups"] = [{k: v for k, v in g.items() if k not in _RULER_GROUP_KEYS} if isinstance(g, dict) else g
                      for g in art.data.get("groups") or []]
    return data


def on_disk(ctx, artefacts: list) -> list:
    """(artefact, absolute path, or None for a document that only exists inside a manifest)."""
    out = []
    for art in artefacts:
        if art.within or _ruler_keys(art):  # written out for the tool (see batch)
            out.append((art, None))
            continue
        path = ctx.disk_path(art)
        if path is not None and os.path.exists(path):
            out.append((art, os.path.abspath(path)))
    return out
