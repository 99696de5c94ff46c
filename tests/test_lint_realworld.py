"""`obsgen lint` over every third-party mixin folder in ../shared/realworld, in one run as a user would.

No internal error, one valid JSON document, exit 0 or 1; and docs/realworld.md, which
explains every remaining class of error on this corpus, matches what lint reports now.
"""

from __future__ import annotations

import os
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, os.path.join(ROOT, "tools"))
import realworld  # noqa: E402  (tools/realworld.py, the generator of docs/realworld.md)

pytestmark = pytest.mark.skipif(not os.path.isdir(realworld.CORPUS),
                                reason="../shared/realworld/mixins is absent: the third-party corpus is not here")


@pytest.fixture(scope="module")
def corpus():
    return realworld.lint_corpus()


def test_lint_on_every_mixin_folder_has_no_internal_error(corpus):
    status, data = corpus
    assert status in (0, 1)
    assert data["summary"]["folders"] == len(os.listdir(realworld.CORPUS))
    assert not [p for p in data["problems"] if p["code"] == "internal-error"]


def test_docs_realworld_explains_what_lint_reports_now(corpus):
    _status, data = corpus
    with open(realworld.DOC) as fh:
        assert fh.read() == realworld.render(data, realworld.load_notes()), "run `make realworld`"
