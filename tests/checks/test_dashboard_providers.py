"""dashboard-providers: dashboard provider files Grafana refuses or misreads, across provisioning files: one
name twice in an organisation, a file provider with no path, a folder uid twice or reserved, a folder uid
beside foldersFromFilesStructure."""

from cases import says, table_tests
from obsgen.artefact import Artefact
from obsgen.checks.dashboard_providers import DashboardProviders

CHECK = DashboardProviders()


def files(*providers):
    """One provisioning file per list of providers."""
    return tuple(Artefact(f"s/grafana/provisioning/dashboards/{i}.yaml", "dashboard-provider",
                          {"apiVersion": 1, "providers": p}, {}, "s") for i, p in enumerate(providers))


A = {"name": "a", "type": "file", "folder": "A", "folderUid": "fa", "options": {"path": "/d/a"}}
B = {"name": "b", "type": "file", "folder": "B", "folderUid": "fb", "options": {"path": "/d/b"}}

FIRES = [
    ("one name in two files", files([A], [{**B, "name": "a"}]), says(
     "dashboard provider 'a' is also declared by s/grafana/provisioning/dashboards/0.yaml provider 0; providers with "
     "one name remove each other's dashboards on every scan", where="1.yaml $.providers[0]")),
    ("no path", files([{**A, "options": {}}]),
     "dashboard provider 'a' has no options.path; Grafana fails to start the provider"),
    ("a folder uid beside foldersFromFilesStructure",
     files([{**A, "options": {"path": "/d", "foldersFromFilesStructure": True}}]),
     "dashboard provider 'a' sets foldersFromFilesStructure together with folder and folderUid; Grafana refuses the provider"),
    ("one folder uid for two providers", files([A, {**B, "folderUid": "fa"}]),
     "dashboard provider 'b' uses folderUid 'fa', as does s/grafana/provisioning/dashboards/0.yaml provider 0"),
    ("the reserved folder uid general", files([{**A, "folderUid": "general"}]),
     "dashboard provider 'a' uses folderUid 'general', which Grafana refuses"),
    ("odd types: only the missing path is sure", files([None, {"name": ["x"]}]),
     says("dashboard provider ['x'] has no options.path", where="$.providers[1]")),
]
QUIET = [
    ("two providers", files([A, B])),
    ("names are per organisation", files([A], [{**B, "name": "a", "orgId": 2}])),
    ("the deprecated spelling options.folder still loads", files([{**A, "options": {"folder": "/d/a"}}])),
    ("not a file provider", files([{**A, "type": "other", "options": {}}])),
    ("foldersFromFilesStructure with no folder uid",
     files([{**A, "folderUid": "", "options": {"path": "/d", "foldersFromFilesStructure": True}}])),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)
