"""dashboard-providers: fire and quiet cases, across provisioning files."""

import pytest

from obsgen.artefact import Artefact
from obsgen.checks.base import Context
from obsgen.checks.dashboard_providers import DashboardProviders


def _run(*files):
    arts = [Artefact(f"s/grafana/provisioning/dashboards/{i}.yaml", "dashboard-provider", {"apiVersion": 1, "providers": p}, {}, "s")
            for i, p in enumerate(files)]
    return [p.message for p in DashboardProviders().problems(Context(arts))]


A = {"name": "a", "type": "file", "folder": "A", "folderUid": "fa", "options": {"path": "/d/a"}}
B = {"name": "b", "type": "file", "folder": "B", "folderUid": "fb", "options": {"path": "/d/b"}}

CASES = [
    ([[A, B]], 0),
    ([[A], [{**B, "name": "a"}]], 1),                                  # one name in two files
    ([[A], [{**B, "name": "a", "orgId": 2}]], 0),                      # names are per organisation
    ([[{**A, "options": {}}]], 1),                                     # no path
    ([[{**A, "options": {"folder": "/d/a"}}]], 0),                     # the deprecated spelling still loads
    ([[{**A, "type": "other", "options": {}}]], 0),                    # not a file provider
    ([[{**A, "options": {"path": "/d", "foldersFromFilesStructure": True}}]], 1),
    ([[{**A, "folderUid": "", "options": {"path": "/d", "foldersFromFilesStructure": True}}]], 0),
    ([[A, {**B, "folderUid": "fa"}]], 1),                              # one folder uid for two providers
    ([[{**A, "folderUid": "general"}]], 1),
    ([[None, {"name": ["x"]}]], 1),                                    # odd types: only the missing path is sure
]


@pytest.mark.parametrize("files, count", CASES)
def test_cases(files, count):
    assert len(_run(*files)) == count
