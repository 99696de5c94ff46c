"""Issue 19's last done-when item: every corpus dashboard and rule file imports, and the imported stack builds.

A project from `obsgen init` + `obsgen new stack shop` (in-process) imports every dashboard and rule
file of ../shared/realworld/mixins. The import declares the metrics the stack lacks in
stacks/_shop_imported.py and adds it, and the indexes of what it wrote, at the scaffold's marked
places; the one edit left to the user is the one the build asks for, a Loki datasource for the
log dashboards. The build then exits 0, printing findings on imported content as warnings
with one summary line, and promtool accepts every built rule file.
"""

from __future__ import annotations

import glob
import os
import subprocess

import pytest

from conftest import ROOT, obsgen_in_process

MIXINS = os.path.join(ROOT, "..", "shared", "realworld", "mixins")


@pytest.mark.slow
def test_the_whole_corpus_imports_and_the_imported_stack_builds(tmp_path):
    if not os.path.isdir(MIXINS):
        pytest.skip(f"{MIXINS} is absent: the real-world mixin corpus is shared, not in the repository")
    dashboards = sorted(glob.glob(os.path.join(MIXINS, "*", "dashboards", "*.json")))
    rules = sorted(glob.glob(os.path.join(MIXINS, "*", "alerts.yaml")) +
                   glob.glob(os.path.join(MIXINS, "*", "rules.yaml")))
    assert dashboards and rules
    project = tmp_path / "acme"
    assert obsgen_in_process("init", str(project), "--obsgen-source", ROOT).returncode == 0
    assert obsgen_in_process("--project", str(project), "new", "stack", "shop").returncode == 0
    stack = project / "stacks" / "shop.py"
    text = stack.read_text()
    ds = 'Datasource("Prometheus", "prometheus", "shop-prometheus", "http://prometheus:9090", default=True),'
    assert text.count(ds) == 1
    stack.write_text(text.replace(ds, ds + ' Datasource("Loki", "loki", "shop-loki", "http://loki:3100"),'))

    proc = obsgen_in_process("--project", str(project), "import", "dashboard", *dashboards, "--stack", "shop")
    assert proc.returncode == 0, proc.stderr
    assert f"{project}/stacks/shop.py: the catalog now includes _shop_imported.METRICS" in proc.stdout
    proc = obsgen_in_process("--project", str(project), "import", "rules", *rules, "--stack", "shop")
    assert proc.returncode == 0, proc.stderr
    assert "metrics the imported content reads are declared in" in proc.stdout
    catalog = (project / "stacks" / "_shop_imported.py").read_text()
    assert "TYPES WERE INFERRED" in catalog
    assert 'name="node_cpu_seconds_total",\n        type="counter"' in catalog
    assert "instance:node_num_cpu:sum" not in catalog  # a recording rule's output is not declared
    # The scaffold's hand-written indexes mark where the import adds what it wrote.
    for kind, function in (("dashboards", "dashboards"), ("rules", "groups")):
        index = (project / kind / "shop" / "__init__.py").read_text()
        assert f"from {kind}.shop import _imported\n" in index and f" + _imported.{function}(stack)" in index

    proc = obsgen_in_process("build", cwd=project)
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = proc.stderr.splitlines()
    assert not [l for l in lines if l.startswith("error")]
    assert lines[-1].endswith(" findings on imported content: bring it up to the conventions, see docs/import.md")
    assert int(lines[-1].split()[0]) == sum(1 for l in lines if l.startswith("warning[") and "route-unused" not in l)
    assert len(glob.glob(str(project / "build" / "shop" / "grafana" / "dashboards" / "*" / "*.json"))) == \
        len(dashboards) + 1  # and the scaffold's own
    built = sorted(glob.glob(str(project / "build" / "shop" / "prometheus" / "rules" / "*.yml")))
    assert len(built) == len(glob.glob(str(project / "rules" / "shop" / "[!_]*.py"))) + 1  # and shop-app.yml
    # promtool reads the rule files as Prometheus would load them. (`--lint-fatal`, which `obsgen test`
    # uses, also rejects one corpus group for a duplicate rule its authors wrote: a finding for them.)
    check = subprocess.run(["promtool", "check", "rules", *built], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout[-2000:] + check.stderr[-2000:]
