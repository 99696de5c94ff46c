"""alert-links: a dashboard_url into the linted Grafana names a dashboard uid that exists here (it reads
/d/<uid>/<slug> and judges only links into the linted Grafana); with a stack, the team label is one of its teams."""

import pytest

from cases import alert, dashboard, fixture, given, rules, says, table_tests
from conftest import definition
from obsgen.checks.alert_links import AlertLinks, parse

CHECK = AlertLinks()
STACK = definition("stacks.brainbytes").STACK
STALE = "names uid 'gone', which no dashboard here has"


def linking(*urls):
    """A dashboard of uid `d` and one alert per url linking to it."""
    return (dashboard(), rules(*[alert(f"A{i}", annotations={"dashboard_url": u}) for i, u in enumerate(urls)]))


def stacked(uid, team):
    rule = {"alert": "A", "expr": "up == 0", "labels": {"team": team},
            "annotations": {"dashboard_url": f"{STACK.grafana_url}/d/{uid}"}}
    return given(dashboard(uid="u"), rules(rule), stack=STACK)


FIRES = [
    ("stale uid in the Grafana of a link that resolves", linking("http://g/d/d/slug", "http://g/d/gone/slug"),
     says(STALE, obj="group 'g' / alert 'A1'")),
    ("stale relative link", linking("/d/d", "/d/gone"), STALE),
    ("one stale uid linked by many alerts is one finding", linking("/d/d", *[f"/d/gone/x?i={i}" for i in range(4)]),
     says("4 alerts (A1, A2, A3, ...) have a dashboard_url naming uid 'gone' (e.g. '/d/gone/x?i=0'), "
          "which no dashboard here has")),
    ("stack's Grafana: stale uid and a team the stack does not have", stacked("gone", "nobody"),
     says("team 'nobody' is not one of the stack's teams", STALE)),
]
QUIET = [
    ("nothing here says http://g is the linted Grafana", linking("http://g/d/gone")),
    ("grafana.com is not the linted Grafana", linking("https://grafana.com/d/x-kask/x")),
    ("stack's Grafana, uid and team known", stacked("u", "engineering")),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)


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
    [problem] = fixture("alert-links", CHECK)
    assert problem.obj == "group 'svc' / alert 'ServiceSlow'"
    assert "names uid 'svc-overveiw', which no dashboard here has" in problem.message
