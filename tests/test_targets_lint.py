"""`obsgen lint` reads the kubernetes target back: a planted PromQL typo is found at the manifest's line."""

from __future__ import annotations

import os
import re

from conftest import obsgen
from targets_support import every_target, files_of  # noqa: F401

RULE = "brainbytes/kubernetes/prometheusrules/brainbytes-availability.yaml"
GOOD, BAD = 'expr: up{job="prometheus"} == 0', 'expr: up{job="prometheus" == 0'


def test_planted_promql_typo_in_a_prometheusrule_is_found_with_file_and_line(every_target, tmp_path):
    for path, data in files_of(every_target, "kubernetes").items():
        dest = tmp_path / path
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data.replace(GOOD.encode(), BAD.encode()) if path == RULE else data)
    lines = (tmp_path / RULE).read_text().splitlines()
    typo = next(i for i, line in enumerate(lines, 1) if BAD in line)
    alert = next(i for i, line in enumerate(lines, 1) if line.strip() == "- alert: PrometheusDown")
    folder = tmp_path / "brainbytes" / "kubernetes"
    proc = obsgen("lint", str(folder), "--no-tools", cwd=str(tmp_path))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    found = [l for l in proc.stdout.splitlines() if l.startswith("error[promql-syntax]")]
    assert len(found) == 1, proc.stdout
    where = re.search(r"\((\S+):(\d+):\d+\)", found[0])
    assert where and os.path.normpath(os.path.join(str(tmp_path), where.group(1))) == str(tmp_path / RULE)
    # The rule's line or the expression's own line: either is inside the planted rule.
    assert alert <= int(where.group(2)) <= typo
    assert "PrometheusDown" in found[0]
