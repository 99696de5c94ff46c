"""The import report's pieces that do not need the corpus."""

from __future__ import annotations

from obsgen.checks import CHECKS
from obsgen.importer import report


def test_every_fix_names_a_registered_check():
    assert set(report.FIXES) <= {check.id for check in CHECKS}


def test_the_block_lists_exceptions_and_marks_house_conventions():
    text = report.render_block([("a/one.json", ""), ("b/two.json", "panel 0 ('x'): unit 's' became 'ms'")],
                               [("r.yaml group 'g'", "")], {"dashboard-panel-meta": 2, "catalog-metric": 5})
    assert "**1 of 2** (50.0%)" in text and "**1 of 1**" in text
    assert "| `b/two.json` | panel 0 ('x'): unit 's' became 'ms' |" in text
    lines = text.splitlines()
    assert lines.index(next(l for l in lines if "`catalog-metric`" in l)) < lines.index(
        next(l for l in lines if "`dashboard-panel-meta`" in l))  # most affected first
    assert "| `dashboard-panel-meta` | 2 | yes |" in text and "| `catalog-metric` | 5 | no |" in text


def test_rewrite_replaces_only_the_generated_block():
    doc = f"intro\n{report.BEGIN}\nold\n{report.END}\noutro\n"
    assert report.rewrite(doc, f"{report.BEGIN}\nnew\n{report.END}") == f"intro\n{report.BEGIN}\nnew\n{report.END}\noutro\n"
