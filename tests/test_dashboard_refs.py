"""Alerts name their dashboard by slug or Dashboard object; the compiler makes the uid and the URL."""

from __future__ import annotations

import attr
import pytest

from obsgen.api import Row
from obsgen.compile.prometheus import alert_annotations, alert_dashboard_uid
from obsgen.errors import UserError
from obsgen.loader import load
from conftest import ROOT


@pytest.fixture(scope="module")
def brainbytes():
    (proj,) = load(ROOT, "brainbytes")
    return proj


def _alert(proj, name):
    return next(a for g in proj.groups for a in g.alerts if a.name == name)


def test_a_slug_becomes_the_uid_and_url(brainbytes):
    stack, alert = brainbytes.stack, _alert(brainbytes, "BackendHighErrorRatio")
    assert alert.dashboard == "error-analysis"
    assert alert_annotations(stack, alert)["dashboard_url"] == "http://localhost:3003/d/brainbytes-error-analysis"


def test_a_dashboard_object_is_named_by_its_slug(brainbytes):
    stack, alert = brainbytes.stack, _alert(brainbytes, "BackendHighErrorRatio")
    board = next(d for d in brainbytes.dashboards if d.slug == "system-overview")
    moved = attr.evolve(alert, dashboard=board)
    assert moved.dashboard == "system-overview"
    assert alert_dashboard_uid(stack, moved) == "brainbytes-system-overview"


def test_a_uid_in_place_of_the_slug_is_refused_naming_the_alert_and_its_line(brainbytes):
    stack, alert = brainbytes.stack, _alert(brainbytes, "BackendHighErrorRatio")
    with pytest.raises(UserError) as refused:
        alert_dashboard_uid(stack, attr.evolve(alert, dashboard="brainbytes-error-analysis"))
    (problem,) = refused.value.problems
    assert problem.line() == (
        f"error[definition] brainbytes: alert 'BackendHighErrorRatio' ({alert.defined_at}): dashboard "
        "'brainbytes-error-analysis' is a uid; name the dashboard by its slug ('error-analysis') or pass the "
        "Dashboard object, and the build makes the uid")
    assert alert.defined_at.startswith("rules/brainbytes/") and alert.defined_at.split(":")[1].isdigit()
    # The annotations (and so the build) refuse it too, rather than writing the copied uid.
    with pytest.raises(UserError):
        alert_annotations(stack, attr.evolve(alert, dashboard="brainbytes-error-analysis"))
    assert alert_dashboard_uid(stack, attr.evolve(alert, dashboard=None)) is None


@pytest.mark.parametrize("ref", ["", 42, Row("r", [])])
def test_a_reference_that_is_neither_slug_nor_dashboard_is_refused(brainbytes, ref):
    with pytest.raises(ValueError, match="slug"):
        attr.evolve(_alert(brainbytes, "BackendHighErrorRatio"), dashboard=ref)


def test_every_alert_links_to_a_dashboard_of_its_stack(brainbytes):
    uids = {f"brainbytes-{d.slug}" for d in brainbytes.dashboards}
    linked = {alert_dashboard_uid(brainbytes.stack, a) for g in brainbytes.groups for a in g.alerts}
    # Every BrainBytes alert names a dashboard, and between them they link to all six.
    assert linked == uids
