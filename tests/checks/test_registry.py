"""The check registry: every check is shaped like pint's (id == module name), documented, and tool-backed
checks run only in lint."""

from obsgen.artefact import Artefact
from obsgen.checks import CHECKS, run_all
from obsgen.checks.base import Context


def test_every_check_has_an_id_severity_and_summary():
    ids = [c.id for c in CHECKS]
    assert len(ids) == len(set(ids))
    for check in CHECKS:
        assert check.id and check.severity in ("error", "warning", "info") and check.summary


def test_every_check_id_is_its_module_name():
    # One check per module, the module named for the id, so `obsgen/checks/<id>.py` and
    # `tests/checks/test_<id>.py` are where a reader looks.
    assert {c.id: type(c).__module__ for c in CHECKS if type(c).__module__ != f"obsgen.checks.{c.id.replace('-', '_')}"} == {}


def test_every_check_has_an_example_for_the_docs():
    for check in CHECKS:
        assert check.example.strip(), check.id


def test_build_skips_checks_that_need_tools_and_lint_runs_them():
    tool_checks = {c.id for c in CHECKS if c.needs_tools}
    assert {"promtool-config", "promtool-rules", "amtool-config", "logql-syntax"} <= tool_checks
    bad = Artefact("s/grafana/dashboards/f/d.json", "dashboard", {"title": "D", "uid": "d", "panels": [
        {"type": "logs", "title": "L", "targets": [{"expr": "{job=", "datasource": {"type": "loki", "uid": "$datasource"}}]}]},
        {}, "s")
    assert not [p for p in run_all(Context([bad])) if p.code == "logql-syntax"]
    assert [p for p in run_all(Context([bad]), tools=True) if p.code == "logql-syntax"]
