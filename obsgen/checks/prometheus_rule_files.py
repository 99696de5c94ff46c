"""`rule_files` in prometheus.yml load exactly the rule files that exist.

A rule file that no `rule_files` pattern matches is never loaded: its alerts
pass every test and never fire. A pattern matching nothing is usually a typo.
An absolute entry names where the deployment mounts rules; only its file
names are compared, and when nothing here matches it, nothing is said.
"""

import glob
import os
import posixpath
import re

from obsgen.checks.base import Check, Finding


def _glob(pattern: str):
    """A regex for a Prometheus rule_files glob (filepath.Match: `*` stays within one path segment)."""
    out = ""
    for ch in pattern:
        out += "[^/]*" if ch == "*" else "[^/]" if ch == "?" else re.escape(ch)
    return re.compile(out + r"\Z")


def _key(base: str, entry: str) -> tuple:
    """How one rule_files entry picks rule files: (is it a glob, what it compares, against a path or a name).

    An absolute path is where the files are mounted in the container, so only file names are
    compared; anything else is relative to prometheus.yml's folder.
    """
    by_name = entry.startswith("/")
    text = posixpath.basename(entry) if by_name else posixpath.normpath(posixpath.join(base, entry))
    return ("*" in text or "?" in text), text, by_name


class PrometheusRuleFiles(Check):
    id = "prometheus-rule-files"
    severity = "error"
    summary = "Every rule file is matched by a `rule_files` entry of prometheus.yml, and every entry matches a rule file."
    example = "`rule_files: [rules/*.yaml]` when the rule files end in `.yml`, or a new group file missing from the list."

    def run(self, ctx):
        rules = [a for a in ctx.of_kind("rules")]
        by_path = {posixpath.normpath(r.path) for r in rules}
        by_name = {posixpath.basename(r.path) for r in rules}
        for config in ctx.of_kind("prometheus"):
            base = posixpath.dirname(config.path)
            listed = config.data.get("rule_files")
            entries = [str(e) for e in listed] if isinstance(listed, list) else []
            keys = [_key(base, e) for e in entries]
            # Plain entries are looked up, globs matched: a fleet lists thousands of files by name.
            literal_paths = {text for is_glob, text, named in keys if not is_glob and not named}
            literal_names = {text for is_glob, text, named in keys if not is_glob and named}
            globs = [(_glob(text), named) for is_glob, text, named in keys if is_glob]

            def loaded(path: str) -> bool:
                name = posixpath.basename(path)
                return posixpath.normpath(path) in literal_paths or name in literal_names or any(
                    regex.match(name if named else posixpath.normpath(path)) for regex, named in globs)

            on_disk = ctx.disk_path(config)
            for index, (entry, (is_glob, text, named)) in enumerate(zip(entries, keys)):
                if named:
                    continue  # mounted from wherever the deployment says: nothing here can tell it is missing
                if on_disk is not None:
                    # Prometheus reads any file name (dockprom's `alert.rules`), lint only .yml/.yaml/.json.
                    found = glob.glob(os.path.join(os.path.dirname(on_disk), entry))
                    if any(os.path.isfile(f) for f in found):
                        continue
                if is_glob:
                    regex = _glob(text)
                    hit = any(regex.match(posixpath.basename(r.path) if named else posixpath.normpath(r.path))
                              for r in rules)
                else:
                    hit = text in (by_name if named else by_path)
                if not hit:
                    yield Finding(config, ("rule_files", index), f"rule_files entry {entry!r} matches no rule file")
            for art in rules:
                if not loaded(art.path):
                    yield Finding(art, (), f"rule file {art.path} is not loaded by any rule_files entry of {config.path}")
