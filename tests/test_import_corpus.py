"""Every dashboard and rule file of ../shared/realworld imports, builds, and round-trips; docs/import.md says so.

The whole corpus runs in one process (import, execute the module, compile, render,
check), so it stays within make test's budget.
"""

from __future__ import annotations

import glob
import os
import subprocess

import pytest
import yaml

from conftest import ROOT
from obsgen import tools
from obsgen.importer import report

CORPUS = os.path.join(os.path.dirname(ROOT), "shared", "realworld")

pytestmark = pytest.mark.skipif(not os.path.isdir(CORPUS),
                                reason=f"real-world corpus not found at {CORPUS} (../shared/realworld)")


@pytest.fixture(scope="module")
def results():
    return report.results(CORPUS)


def _corpus_groups() -> list:
    """"<file> group '<name>'" for every rule group of every YAML file in the corpus, read here on its own."""
    out = []
    for path in sorted(glob.glob(os.path.join(CORPUS, "**", "*.y*ml"), recursive=True)):
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
        if isinstance(data, dict):
            out += [f"{os.path.relpath(path, CORPUS)} group {g['name']!r}" for g in data.get("groups") or []]
    return out


@pytest.mark.slow
def test_every_corpus_file_imports_and_the_stack_builds(results):
    dashboards, rules, _fired, _files = results  # report.results raises on any file that does not import or build
    every_dashboard = glob.glob(os.path.join(CORPUS, "**", "dashboards", "**", "*.json"), recursive=True)
    assert sorted(name for name, _ in dashboards) == sorted(os.path.relpath(p, CORPUS) for p in every_dashboard)
    assert sorted(name for name, _ in rules) == sorted(_corpus_groups())


def test_every_dashboard_round_trips_exactly(results):
    assert [(name, difference) for name, difference in results[0] if difference] == []


def test_rules_round_trip_exactly(results):
    assert [(name, difference) for name, difference in results[1] if difference] == []


def test_docs_import_md_lists_the_current_report(results):
    """Stale numbers or exceptions fail here; `make import-report` rewrites the block."""
    with open(os.path.join(ROOT, "docs", "import.md"), encoding="utf-8") as fh:
        doc = fh.read()
    start, end = doc.index(report.BEGIN), doc.index(report.END) + len(report.END)
    assert doc[start:end] == report.render_block(*results[:3]), "docs/import.md is stale: run make import-report"


def test_promtool_accepts_every_imported_rule_file(results, tmp_path):
    """The rebuilt rule files are valid Prometheus: one promtool run over all of them."""
    paths = []
    for path, data in sorted(results[3].items()):
        if "/prometheus/rules/" in path:
            target = tmp_path / os.path.basename(path)
            target.write_bytes(data)
            paths.append(str(target))
    # One file per group name (two mixins may share one): every group is checked.
    assert len(paths) == len({name.split(" group ", 1)[1] for name, _ in results[1]})
    proc = subprocess.run([tools.require("promtool"), "check", "rules", *paths], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
