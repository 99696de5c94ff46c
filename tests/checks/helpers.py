"""Shared builders for tests/checks: minimal artefacts, the realworld fixtures, and running one check."""

from __future__ import annotations

import os

from obsgen import lint
from obsgen.artefact import Artefact
from obsgen.checks.base import Context

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "tests", "fixtures", "realworld")


def dashboard(*panels, variables=None, **extra) -> Artefact:
    data = {"uid": "d", "title": "D", "panels": list(panels),
            "templating": {"list": list(variables if variables is not None else [DS_VAR])}}
    data.update(extra)
    return Artefact("f/grafana/dashboards/d.json", "dashboard", data, {}, "f")


DS_VAR = {"name": "datasource", "type": "datasource", "query": "prometheus"}


def panel(expr="sum(rate(x_total[$__rate_interval]))", title="P", kind="timeseries", **extra) -> dict:
    data = {"type": kind, "title": title, "gridPos": {"x": 0, "y": 0, "w": 12, "h": 8},
            "datasource": {"type": "prometheus", "uid": "${datasource}"},
            "targets": [{"refId": "A", "expr": expr}]}
    data.update(extra)
    return data


def rules(*items, name="g", **group_extra) -> Artefact:
    group = {"name": name, "rules": list(items), **group_extra}
    return Artefact(f"f/prometheus/rules/{name}.yml", "rules", {"groups": [group]}, {}, "f")


def alert(name="AppDown", expr="up == 0", **fields) -> dict:
    return {"alert": name, "expr": expr, **fields}


def run(check, *artefacts, catalog=None) -> list:
    """The problems one check reports on these artefacts."""
    return list(check.problems(Context(list(artefacts), catalog)))


def fixture(name: str, check) -> list:
    """The problems one check reports on tests/fixtures/realworld/<name>, read as `obsgen lint` reads it."""
    unit = lint.read(os.path.join(FIXTURES, name))
    return list(check.problems(Context(unit.artefacts, unit.catalog, None, disk_root=os.getcwd())))
