"""logql-streams: LogQL selectors and parser stages against the stack's declared log streams: a stream label or
value no stream has, a parser for another format, a filter on a label nothing extracts."""

import pytest

from cases import fires, given, quiet, rows, says
from obsgen.artefact import Artefact, Origin
from obsgen.checks.base import Context
from obsgen.checks.logql_streams import LogQLStreams
from obsgen.logql_pipeline import Matcher, Stage, selectors
from obsgen.model.catalog import Catalog
from obsgen.model.logs import LogStream

STREAMS = (
    LogStream({"service": "api", "container": "c-api"}, "plain"),
    LogStream({"service": "db", "container": "c-db"}, "json"),
    LogStream({"service": "cache", "container": "c-cache"}, ""),
    LogStream({"service": "proxy", "container": "c-proxy", "level": ("info", "error")}, "logfmt"),
)
CHECK = LogQLStreams()
LEVEL = '| regexp `(?i)\\b(?P<level>info|error)\\b` | label_format level="{{ .level | lower }}"'


class _Stack:
    log_streams = STREAMS


def _dash(expr, variables=()):
    panel = {"type": "logs", "title": "P", "targets": [{"expr": expr, "datasource": {"type": "loki", "uid": "${loki}"}}]}
    return Artefact("s/grafana/dashboards/f/u.json", "dashboard",
                    {"uid": "u", "title": "T", "panels": [panel], "templating": {"list": list(variables)}},
                    {("panels", 0, "targets", 0): Origin("dashboard 'T' / panel 'P'", "dashboards/s/logs.py:12")}, "s")


def _loki_var(query):
    return {"name": "v", "type": "query", "query": query, "datasource": {"type": "loki", "uid": "${loki}"}}


def _problems(art, stack=_Stack()):
    return list(LogQLStreams().problems(Context([art], None, stack)))


FIRES = [
    ("unknown stream label", '{severity="error"}', "selects stream label 'severity'"),
    ("unknown label beside known ones", '{service="api", job="x"}', "selects stream label 'job'"),
    ("unknown label in a negative matcher", '{service="api", env!="dev"}', "selects stream label 'env'"),
    ("a value no stream has", '{service="apii"}', 'no declared log stream has service="apii" (service takes: api, cache, db, proxy)'),
    ("a regex no value matches", '{service=~"web|worker"}', 'no declared log stream has service=~"web|worker"'),
    ("values of two different streams", '{service="api", container="c-db"}', "no single declared log stream matches"),
    ("json on plain lines", '{service="api"} | json', "`| json` parses json but the selected streams write plain lines"),
    ("logfmt on json lines", 'sum(rate({service="db"} | logfmt [5m]))', "`| logfmt` parses logfmt"),
    ("unpack on plain lines", '{service="api"} | unpack', "`| unpack` parses json"),
    ("level filter with nothing extracting it", '{service="api"} |= "x" | level="error"', "filters on label 'level'"),
    ("inside a metric query", 'sum by (service) (count_over_time({service=~"api|db", tier="x"} [$__auto]))',
     "selects stream label 'tier'"),
    ("second selector of a binary expression", 'sum(rate({service="api"}[1m])) / sum(rate({svc="api"}[1m]))',
     "selects stream label 'svc'"),
]
QUIET = [
    ("known label and value", '{service="api"}'),
    ("both labels of one stream", '{service="api", container="c-api"} |= "error"'),
    ("variables match anything", '{service=~"$service", container=~"$container"}'),
    ("regex over several streams", '{service=~"api|db"}'),
    ("negative matcher on a known label", '{service!="api"}'),
    ("json on json lines", '{service="db"} | json | level="error"'),
    ("json where one selected stream is json", '{service=~".+"} | json'),
    ("format unknown", '{service="cache"} | json'),
    ("logfmt on logfmt", '{service="proxy"} | logfmt'),
    ("level extracted by regexp first", '{service="api"} ' + LEVEL + ' | level=~"error|fatal"'),
    ("level shipped as a stream label", '{service="proxy", level="error"}'),
    ("level filter on a stream that ships level", '{service="proxy"} | level="error"'),
    ("pattern extracts", '{service="api"} | pattern `<ip> <status>` | status >= 500'),
    ("__error__ filter", '{service="db"} | json | __error__=""'),
    ("braces inside strings are not selectors", '{service="api"} | line_format "{{.msg}} {x=\\"y\\"}"'),
    ("label_format creates a label", '{service="api"} | label_format lvl="x" | lvl="x"'),
    ("malformed selector is logql-syntax's business", '{service="api"'),
    ("no selector at all", 'vector(1)'),
]


@pytest.mark.parametrize("expr, message", rows(FIRES))
def test_fires(expr, message):
    fires(CHECK, given(_dash(expr), catalog=None, stack=_Stack()),
          says(message, obj="dashboard 'T' / panel 'P'", where="dashboards/s/logs.py:12"))


@pytest.mark.parametrize("expr", rows(QUIET))
def test_quiet(expr):
    quiet(CHECK, given(_dash(expr), catalog=None, stack=_Stack()))


def test_loki_variables_list_only_stream_labels():
    bad = _dash('{service="api"}', [_loki_var("label_values(severity)"), _loki_var('label_values({service="api"}, pod)')])
    assert [p.message.split(",")[0] for p in _problems(bad)] == ["lists values of 'severity'", "lists values of 'pod'"]
    good = _dash('{service="api"}', [_loki_var("label_values(service)"),
                                    _loki_var('label_values({service=~"$service"}, container)')])
    assert _problems(good) == []


def test_without_declared_streams_nothing_is_checked():
    class Bare:
        log_streams = ()
    assert _problems(_dash('{anything="x"} | json'), Bare()) == []


def test_lint_reads_the_streams_from_the_catalog():
    catalog = Catalog.from_data({"metrics": [], "log_streams": [s.to_data() for s in STREAMS]})
    problems = list(LogQLStreams().problems(Context([_dash('{severity="error"}')], catalog, None)))
    assert len(problems) == 1 and "selects stream label 'severity'" in problems[0].message


def test_copilotos_streams_are_in_its_built_catalog_and_its_dashboards_pass():
    import os

    from obsgen import lint

    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    unit = lint.read(os.path.join(root, "build", "copilotos"))
    assert {s.labels["service"] for s in unit.catalog.log_streams} >= {("api",)}
    assert [p.line() for p in LogQLStreams().problems(Context(unit.artefacts, unit.catalog))] == []


def test_selectors_read_matchers_and_stages():
    [sel] = selectors('sum by (level) (count_over_time({a="b", c=~"d|e"} |= "x" ' + LEVEL + ' | level="error" [$__auto]))')
    assert sel.matchers == (Matcher("a", "=", "b"), Matcher("c", "=~", "d|e"))
    assert sel.stages == (Stage("line"), Stage("regexp", ("level",)), Stage("label_format", ("level",)),
                          Stage("filter", ("level",)))
    assert [s.stages for s in selectors('{a="b"} | json x="y.z", w | logfmt --strict')] == [
        (Stage("json", ("x", "w")), Stage("logfmt"))]
    assert [m.value for s in selectors('{a="q\\"uote", b=`raw\\n`}') for m in s.matchers] == ['q"uote', "raw\\n"]


def test_any_text_is_read_without_an_exception():
    from hypothesis import given, settings, strategies as st

    pieces = st.sampled_from(['{', '}', '(', ')', '[', ']', '|', '=', '!', '~', '"', '`', '\\', ' ', ',', 'a', 'level',
                              '| json', '| logfmt', '{service="api"}', '| regexp "(?P<x>.)"', '|=', '[5m]', '$v'])

    @settings(max_examples=300, deadline=None)
    @given(st.lists(pieces, max_size=30).map("".join))
    def read(text):
        for sel in selectors(text):
            LogQLStreams().selector_problems(sel, STREAMS)

    read()
