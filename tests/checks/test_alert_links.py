"""alert-links reads /d/<uid>/<slug> and judges only links into the linted Grafana."""

import pytest

from helpers import alert, dashboard, fixture, rules, run
from obsgen.checks.alert_links import AlertLinks, parse
from conftest import definition
import cases


@pytest.mark.parametrize("url,expected", [
    ("https://g.example/d/abc/my-slug?var-job=x", ("https://g.example", "abc")),
    ("https://g.example/grafana/d/abc", ("https://g.example/grafana", "abc")),
    ("/d/abc/slug", ("", "abc")),
    ("https://g.example/d-solo/abc/slug?panelId=2", ("https://g.example", "abc")),
    ("https://g.example/d/{{ $labels.uid }}/x", None),
    ("https://runbooks.example/page", None),
    (None, None),
    (["x"], None),
])
def test_parse(url, expected):
    assert parse(url) == expected


def test_the_realworld_fixture_reports_only_the_stale_uid_in_the_linted_grafana():
    [problem] = fixture("alert-links", AlertLinks())
    assert problem.obj == "group 'svc' / alert 'ServiceSlow'"
    assert "names uid 'svc-overveiw', which no dashboard here has" in problem.message


@pytest.mark.parametrize("urls,fires", [
    (["http://g/d/d/slug", "http://g/d/gone/slug"], True),  # same Grafana as a link that resolves
    (["http://g/d/gone"], False),  # nothing here says http://g is the linted Grafana
    (["https://grafana.com/d/x-kask/x"], False),
    (["/d/d", "/d/gone"], True),
])
def test_links(urls, fires):
    items = [alert(f"A{i}", annotations={"dashboard_url": u}) for i, u in enumerate(urls)]
    assert bool(run(AlertLinks(), dashboard(), rules(*items))) == fires


def test_one_stale_uid_linked_by_many_alerts_is_one_finding():
    items = [alert("Good", annotations={"dashboard_url": "/d/d"})] + \
        [alert(f"A{i}", annotations={"dashboard_url": f"/d/gone/x?i={i}"}) for i in range(4)]
    [problem] = run(AlertLinks(), dashboard(), rules(*items))
    assert problem.message == ("4 alerts (A0, A1, A2, ...) have a dashboard_url naming uid 'gone' (e.g. '/d/gone/x?i=0'), "
                               "which no dashboard here has")

STACK = definition("stacks.brainbytes").STACK


# Cases moved from tests/test_checks.py and tests/test_checks_lint.py (tests/checks/cases.py builders).

def test_alert_links_check():
    good = {"alert": "A", "expr": "up == 0", "labels": {"team": "engineering"},
            "annotations": {"dashboard_url": f"{STACK.grafana_url}/d/u"}}
    assert cases.found(AlertLinks(), cases.dash(uid="u"), cases.rules(good), stack=STACK) == []
    bad = {**good, "labels": {"team": "nobody"}, "annotations": {"dashboard_url": f"{STACK.grafana_url}/d/gone"}}
    messages = [p.message for p in cases.found(AlertLinks(), cases.dash(uid="u"), cases.rules(bad), stack=STACK)]
    assert any("names uid 'gone', which no dashboard here has" in m for m in messages)
    assert any("team 'nobody' is not one of the stack's teams" in m for m in messages)
