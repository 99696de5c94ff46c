"""Every check, house conventions included, on a fresh build of both stacks: exactly the known findings.

`obsgen lint build` (in `make test`) fails on errors only, so a new warning would pass it unseen; this
pins the whole list. The conventions themselves live in the checks (tests/checks holds each one's cases);
the tool-backed checks are left to `obsgen test` and `obsgen lint build`, which run them on build/.
"""

import os

from conftest import ROOT
from obsgen import lint

# Product has no critical alert yet, so its three critical routes wait for one (alertmanager/brainbytes.py).
PRODUCT_CRITICAL = [
    ("brainbytes", "route (severity='critical') to 'escalation' is reached by no alert"),
    ("brainbytes", "route (severity='critical') to 'oncall-after-hours' is reached by no alert"),
    ("brainbytes", "route (severity='critical') to 'product-critical' is reached by no alert"),
]
# The stack's Alertmanager config as written, as a Kubernetes Secret, and as Mimir's tenant config.
AM_FILES = ("brainbytes/alertmanager/alertmanager.yml", "brainbytes/kubernetes/alertmanager/secret.yaml",
            "brainbytes/mimir/alertmanager/alertmanager.yaml")


def test_a_fresh_build_has_exactly_the_known_findings(built):
    build, _docs = built
    report = lint.lint([str(build)], tools=False, config_file=os.path.join(ROOT, ".obsgen-lint.yaml"))
    found = sorted((p.severity, p.code, os.path.relpath(p.file, build), p.stack, p.message) for p in report.problems)
    assert found == sorted(("warning", "route-unused", path, stack, message)
                           for path in AM_FILES for stack, message in PRODUCT_CRITICAL)
    assert report.skipped == [] and report.excluded == []
    # Both stacks and each delivery target were linted as units of their own, house conventions included.
    assert len(report.units) == 10 and lint.obsgen_build(str(build / "brainbytes"))
