"""The check registry: every check is shaped like pint's (id == module name), documented, and tool-backed
checks run only in lint."""

import importlib
import os
import pkgutil

import obsgen.checks
from obsgen.artefact import Artefact
from obsgen.checks import CHECKS, run_all
from obsgen.checks.base import Check, Context

HERE = os.path.dirname(os.path.abspath(__file__))


def test_every_check_has_an_id_severity_and_summary():
    ids = [c.id for c in CHECKS]
    assert len(ids) == len(set(ids))
    for check in CHECKS:
        assert check.id and check.severity in ("error", "warning", "info") and check.summary


def test_every_check_id_is_its_module_name():
    # One check per module, the module named for the id, so `obsgen/checks/<id>.py` and
    # `tests/checks/test_<id>.py` are where a reader looks.
    assert {c.id: type(c).__module__ for c in CHECKS if type(c).__module__ != f"obsgen.checks.{c.id.replace('-', '_')}"} == {}


def test_every_module_defining_a_check_is_registered():
    # A check module nobody added to CHECKS would never run, and the test below would not see it.
    registered = {type(c) for c in CHECKS}
    defined = set()
    for info in pkgutil.iter_modules(obsgen.checks.__path__):
        module = importlib.import_module(f"obsgen.checks.{info.name}")
        defined |= {v for v in vars(module).values()
                    if isinstance(v, type) and issubclass(v, Check) and v is not Check and v.__module__ == module.__name__}
    assert {c.__name__ for c in defined - registered} == set()


def test_every_check_module_has_its_test_module():
    # tests/checks/test_<module>.py holds the check's FIRES and QUIET tables.
    missing = sorted(f"tests/checks/test_{type(c).__module__.rsplit('.', 1)[1]}.py" for c in CHECKS
                     if not os.path.exists(os.path.join(HERE, f"test_{type(c).__module__.rsplit('.', 1)[1]}.py")))
    assert missing == []


def test_every_check_test_module_has_fires_and_quiet_tables():
    # The shape every check's tests share: FIRES (id, input, what the finding says) and QUIET (id, input) rows,
    # driven by test_fires and test_quiet.
    shapeless = []
    for check in CHECKS:
        name = f"test_{type(check).__module__.rsplit('.', 1)[1]}"
        if not os.path.exists(os.path.join(HERE, f"{name}.py")):
            continue  # reported by test_every_check_module_has_its_test_module
        module = importlib.import_module(name)
        fires, quiet = getattr(module, "FIRES", None), getattr(module, "QUIET", None)
        if not (fires and quiet and callable(getattr(module, "test_fires", None))
                and callable(getattr(module, "test_quiet", None))
                and all(len(row) == 3 and isinstance(row[0], str) for row in fires)
                and all(len(row) == 2 and isinstance(row[0], str) for row in quiet)):
            shapeless.append(name)
    assert shapeless == []


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
