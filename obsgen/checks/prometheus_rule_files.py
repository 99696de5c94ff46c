"""`rule_files` in prometheus.yml load exactly the rule files that exist.

A rule file that no `rule_files` pattern matches is never loaded: its alerts
pass every test and never fire. A pattern matching nothing is usually a typo.
"""

import posixpath
import re

from obsgen.checks.base import Check, Finding


def _glob(pattern: str):
    """A regex for a Prometheus rule_files glob (filepath.Match: `*` stays within one path segment)."""
    out = ""
    for ch in pattern:
        out += "[^/]*" if ch == "*" else "[^/]" if ch == "?" else re.escape(ch)
    return re.compile(out + r"\Z")


def _pattern(base: str, entry: str):
    """A predicate on artefact paths for one rule_files entry, relative to prometheus.yml's folder."""
    if entry.startswith("/"):
        # An absolute path is where the files are mounted in the container: compare file names only.
        name = _glob(posixpath.basename(entry))
        return lambda path: bool(name.match(posixpath.basename(path)))
    full = _glob(posixpath.normpath(posixpath.join(base, entry)))
    return lambda path: bool(full.match(posixpath.normpath(path)))


class PrometheusRuleFiles(Check):
    id = "prometheus-rule-files"
    severity = "error"
    summary = "Every rule file is matched by a `rule_files` entry of prometheus.yml, and every entry matches a rule file."
    example = "`rule_files: [rules/*.yaml]` when the rule files end in `.yml`, or a new group file missing from the list."

    def run(self, ctx):
        rules = [a for a in ctx.of_kind("rules")]
        for config in ctx.of_kind("prometheus"):
            base = posixpath.dirname(config.path)
            entries = config.data.get("rule_files") or []
            patterns = [_pattern(base, str(e)) for e in entries]
            for index, (entry, pattern) in enumerate(zip(entries, patterns)):
                if not any(pattern(r.path) for r in rules):
                    yield Finding(config, ("rule_files", index), f"rule_files entry {entry!r} matches no rule file")
            for art in rules:
                if not any(match(art.path) for match in patterns):
                    yield Finding(art, (), f"rule file {art.path} is not loaded by any rule_files entry of {config.path}")
