"""The check tests' one vocabulary: artefacts as a build writes them or lint reads them, running a check
(`found`), the realworld fixtures (`fixture`), and the FIRES/QUIET table driver (`rows`, `fires`).

Every test module under tests/checks has the same shape:

    FIRES = [("id", input, want), ...]    # want: a message fragment, or says(...)
    QUIET = [("id", input), ...]

where `input` is an artefact, a tuple of artefacts, or `given(...)` when the catalog, stack or disk root
matter, and two parametrised tests run them through `fires(CHECK, input, want)` and `quiet(CHECK, input)`.
"""

from __future__ import annotations

import os

import attr
import pytest

from obsgen import lint
from obsgen.artefact import Artefact, Origin
from obsgen.checks.base import Context
from obsgen.model.catalog import Catalog, Metric

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "tests", "fixtures", "realworld")

CATALOG = Catalog([
    Metric("app_requests_total", "counter", "h", ("route", "code")),
    Metric("app_duration_seconds", "histogram", "h", ("route",), "seconds"),
    Metric("app_memory_bytes", "gauge", "h", (), "bytes"),
])
DS_VAR = {"name": "datasource", "type": "datasource", "query": "prometheus", "current": {"value": "prom"}}
# A first panel defined at a Python line, as a build's dashboards are.
PANEL_ORIGIN = {("panels", 0): Origin("dashboard 'T' / panel 'P'", "dashboards/s/x.py:7")}


# --- artefacts -------------------------------------------------------------------------------------------

def dashboard(*panels, variables=(DS_VAR,), title="D", uid="d", path=None, origins=None, **extra) -> Artefact:
    """A dashboard file of stack `s`; `extra` adds top-level keys (e.g. `__inputs`)."""
    data = {"uid": uid, "title": title, "panels": list(panels), "templating": {"list": list(variables)}, **extra}
    return Artefact(path or f"s/grafana/dashboards/f/{uid}.json", "dashboard", data, origins or {}, "s")


def panel(expr="sum(rate(app_requests_total[$__rate_interval]))", title="P", uid="${datasource}", kind="timeseries",
          **extra) -> dict:
    """A panel as obsgen builds one: described, with a unit, following the datasource variable."""
    data = {"type": kind, "title": title, "description": "d", "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
            "fieldConfig": {"defaults": {"unit": "reqps"}}, "datasource": {"type": "prometheus", "uid": uid},
            "targets": [{"refId": "A", "expr": expr, "datasource": {"type": "prometheus", "uid": uid}}]}
    data.update(extra)
    return data


def at(x=0, w=12, y=0, h=8) -> dict:
    """A panel's gridPos."""
    return {"x": x, "y": y, "w": w, "h": h}


def rules(*items, name="g", interval=None, path=None, **group_extra) -> Artefact:
    """A rule file of stack `s` holding one group."""
    group = {"name": name, "rules": list(items), **group_extra}
    if interval:
        group["interval"] = interval
    return Artefact(path or f"s/prometheus/rules/{name}.yml", "rules", {"groups": [group]}, {}, "s")


def alert(name="AppDown", expr="up == 0", **overrides) -> dict:
    """An alert meeting the house conventions; `labels` and `annotations` overrides merge into its own."""
    rule = {"alert": name, "expr": expr, "for": "5m",
            "labels": {"severity": "critical", "team": "web"},
            "annotations": {"summary": "s", "description": "{{ $labels.job }} is down",
                            "runbook_url": "https://runbooks.example/app-down"}}
    for key, value in overrides.items():
        if key in ("labels", "annotations") and isinstance(value, dict):
            rule[key] = {**rule[key], **value}
        else:
            rule[key] = value
    return rule


def bare(name="AppDown", expr="up == 0", **fields) -> dict:
    """An alert with nothing but what is given, for checks that read one field."""
    return {"alert": name, "expr": expr, **fields}


def record(name, expr, **fields) -> dict:
    return {"record": name, "expr": expr, **fields}


def prom(**data) -> Artefact:
    base = {"global": {"evaluation_interval": "15s"}, "scrape_configs": [{"job_name": "app"}], "rule_files": ["rules/*.yml"]}
    return Artefact("s/prometheus/prometheus.yml", "prometheus", {**base, **data}, {}, "s")


def am(routes=(), receivers=None, inhibit=None, default="default", **data) -> Artefact:
    """alertmanager.yml with a root route to `default` and `routes` below it; `data` adds top-level keys."""
    config = {"route": {"receiver": default, "routes": list(routes)},
              "receivers": receivers if receivers is not None else [
                  {"name": "default", "webhook_configs": [{"url": "http://x"}]},
                  {"name": "web", "webhook_configs": [{"url": "http://x"}]}], **data}
    if inhibit:
        config["inhibit_rules"] = inhibit
    return Artefact("s/alertmanager/alertmanager.yml", "alertmanager", config, {}, "s")


def alertmanager(data) -> Artefact:
    """alertmanager.yml holding exactly `data`."""
    return Artefact("s/alertmanager/alertmanager.yml", "alertmanager", data, {}, "s")


def datasources(*items, index=None) -> Artefact:
    name = "datasources" if index is None else str(index)
    return Artefact(f"s/grafana/provisioning/datasources/{name}.yaml", "datasources",
                    {"apiVersion": 1, "datasources": list(items)}, {}, "s")


# --- running a check -------------------------------------------------------------------------------------

@attr.s(frozen=True, auto_attribs=True)
class Given:
    """A table row's input when more than the artefacts matters."""

    artefacts: tuple
    catalog: object = CATALOG
    stack: object = None
    disk_root: str | None = None


def given(*artefacts, catalog=CATALOG, stack=None, disk_root=None) -> Given:
    return Given(tuple(artefacts), catalog, stack, disk_root)


def found(check, *artefacts, catalog=CATALOG, stack=None, disk_root=None) -> list:
    """The check's problems (findings resolved to object and file:line) on these artefacts.

    A single `Given` or tuple of artefacts is unpacked, so a table row's input can be passed as it is.
    """
    if len(artefacts) == 1 and isinstance(artefacts[0], Given):
        g = artefacts[0]
        artefacts, catalog, stack, disk_root = g.artefacts, g.catalog, g.stack, g.disk_root
    elif len(artefacts) == 1 and isinstance(artefacts[0], (tuple, list)):
        artefacts = tuple(artefacts[0])
    return list(check.problems(Context(list(artefacts), catalog, stack, disk_root=disk_root)))


def fixture(name: str, check) -> list:
    """The problems one check reports on tests/fixtures/realworld/<name>, read as `obsgen lint` reads it."""
    unit = lint.read(os.path.join(FIXTURES, name))
    return list(check.problems(Context(unit.artefacts, unit.catalog, None, disk_root=os.getcwd())))


# --- the FIRES/QUIET tables ------------------------------------------------------------------------------

@attr.s(frozen=True, auto_attribs=True)
class Says:
    """What the findings of one FIRES row must say: one message fragment per finding, in order."""

    messages: tuple
    obj: str | None = None  # the first finding's object
    where: str | None = None  # how the first finding's `where` ends
    severity: str | None = None  # every finding's severity
    count: int | None = None  # the first finding's count of grouped objects


def says(*messages, obj=None, where=None, severity=None, count=None) -> Says:
    return Says(tuple(messages), obj, where, severity, count)


def rows(table) -> list:
    """pytest params from ("id", *values) rows, the id naming the case."""
    return [pytest.param(*row[1:], id=row[0]) for row in table]


def check_id(check) -> str:
    """The id a check must carry: its module's name, `_` read as `-`."""
    return type(check).__module__.rsplit(".", 1)[1].replace("_", "-")


def table_tests(check, fires_table, quiet_table) -> tuple:
    """The two tests every check module runs, bound to its check and tables:
    `test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)`."""

    @pytest.mark.parametrize("inputs, want", rows(fires_table))
    def test_fires(inputs, want):
        fires(check, inputs, want)

    @pytest.mark.parametrize("inputs", rows(quiet_table))
    def test_quiet(inputs):
        quiet(check, inputs)

    return test_fires, test_quiet


def tool_table_tests(check, path: str, kind: str, fires_table, quiet_table, tool: str) -> tuple:
    """`judged, test_fires, test_quiet` for a check that runs a real program (promtool, amtool): every row's
    file is written under one folder and judged by one run, as `obsgen lint` runs it; a finding names the
    program's version (`tool`, e.g. "promtool 2.") and says it rejected the file."""

    @pytest.fixture(scope="module")
    def judged(tmp_path_factory):
        root = tmp_path_factory.mktemp(check_id(check))
        files = on_disk(root, path, kind, fires_table + quiet_table)
        problems = by_file(found(check, *files.values(), catalog=None, disk_root=str(root)))
        return {name: problems.get(art.path, []) for name, art in files.items()}

    @pytest.mark.parametrize("name, want", [pytest.param(n, w, id=n) for n, _d, w in fires_table])
    def test_fires(judged, name, want):
        problems = expect(check, judged[name], want)
        assert problems[0].message.startswith(tool) and " rejected it: " in problems[0].message

    @pytest.mark.parametrize("name", [pytest.param(n, id=n) for n, _d in quiet_table])
    def test_quiet(judged, name):
        assert [p.line() for p in judged[name]] == []

    return judged, test_fires, test_quiet


def fires(check, inputs, want) -> list:
    """Assert the check reports exactly what `want` (a fragment or `says(...)`) describes; return the problems."""
    return expect(check, found(check, inputs), want)


def expect(check, problems, want) -> list:
    """Assert `problems`, reported by `check`, are exactly what `want` describes (for checks run once per table)."""
    want = want if isinstance(want, Says) else says(want)
    assert len(problems) == len(want.messages), [p.line() for p in problems]
    assert {p.code for p in problems} == {check_id(check)}
    for problem, fragment in zip(problems, want.messages):
        assert fragment in problem.message, problem.message
    first = problems[0]
    if want.obj is not None:
        assert first.obj == want.obj, first.line()
    if want.where is not None:
        assert first.where.endswith(want.where), first.line()
    if want.severity is not None:
        assert {p.severity for p in problems} == {want.severity}, [p.line() for p in problems]
    if want.count is not None:
        assert first.count == want.count, (first.count, first.line())
    return problems


def quiet(check, inputs) -> None:
    assert [p.line() for p in found(check, inputs)] == []


def on_disk(root, path: str, kind: str, table) -> dict:
    """{row id: Artefact} for tables of checks that run a real program on files: each row's data is written
    to `root`/<n>/`path` (as lint reads a folder), so one run of the program judges every row."""
    from obsgen.serialize import to_yaml

    out = {}
    for index, (name, data, *_want) in enumerate(table):
        rel = f"{index}/{path}"
        full = os.path.join(str(root), rel)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as fh:
            fh.write(data if isinstance(data, bytes) else to_yaml(data))
        out[name] = Artefact(rel, kind, data, {}, str(index))
    return out


def by_file(problems) -> dict:
    """{file: its problems}, for a check run once over many files."""
    out: dict = {}
    for problem in problems:
        out.setdefault(problem.where.split(" ")[0].split(":")[0], []).append(problem)
    return out
