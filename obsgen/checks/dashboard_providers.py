"""Grafana's dashboard provider rules, across every dashboard provisioning file of a folder.

A file provider without `options.path` fails to start; `foldersFromFilesStructure`
with both `folder` and `folderUid` is refused; the folder uid `general` is refused.
Two providers with one name share their provisioning records, so each removes
(or unprovisions) the other's dashboards on every scan; two providers with one
folder uid are logged as an error and fight over that folder.
"""

from obsgen.checks import plain
from obsgen.checks.base import Check, Finding


class DashboardProviders(Check):
    id = "dashboard-providers"
    severity = "error"
    summary = ("Every dashboard provider has a unique name and folder uid, a file provider has `options.path`, "
               "`foldersFromFilesStructure` is not combined with both `folder` and `folderUid`, and no folder uid is `general`.")
    example = "Two provisioning files that both declare a provider named `default`."
    mirrors = ("Grafana's dashboard provisioning: https://github.com/grafana/grafana/blob/main/pkg/services/provisioning/"
               "dashboards/file_reader.go (NewDashboardFileReader, handleMissingDashboardFiles, getOrCreateFolder) and "
               "config_reader.go (folder uid used more than once); "
               "https://grafana.com/docs/grafana/latest/administration/provisioning/#dashboards")

    def run(self, ctx):
        names, folder_uids = {}, {}
        for art in sorted(ctx.of_kind("dashboard-provider"), key=lambda a: a.path):
            if not isinstance(art.data, dict):
                continue
            for index, provider in enumerate(plain.seq(art.data.get("providers"))):
                if not isinstance(provider, dict):
                    continue
                path, where = ("providers", index), f"{art.path} provider {index}"
                name = provider.get("name")
                org = provider.get("orgId") or 1
                label = f"dashboard provider {name!r}"
                if isinstance(name, str):
                    if (org, name) in names:
                        yield Finding(art, path, f"{label} is also declared by {names[org, name]}; providers with one "
                                                 "name remove each other's dashboards on every scan")
                    else:
                        names[org, name] = where
                options = provider.get("options") if isinstance(provider.get("options"), dict) else {}
                if provider.get("type", "file") in ("file", "", None):
                    if not isinstance(options.get("path"), str) and not isinstance(options.get("folder"), str):
                        yield Finding(art, path, f"{label} has no options.path; Grafana fails to start the provider")
                    if options.get("foldersFromFilesStructure") is True and provider.get("folder") and provider.get("folderUid"):
                        yield Finding(art, path, f"{label} sets foldersFromFilesStructure together with folder and folderUid; "
                                                 "Grafana refuses the provider")
                folder_uid = provider.get("folderUid")
                if folder_uid == "general":
                    yield Finding(art, path, f"{label} uses folderUid 'general', which Grafana refuses")
                elif isinstance(folder_uid, str) and folder_uid:
                    if (org, folder_uid) in folder_uids:
                        yield Finding(art, path, f"{label} uses folderUid {folder_uid!r}, as does "
                                                 f"{folder_uids[org, folder_uid]}; Grafana logs an error and the two fight over the folder")
                    else:
                        folder_uids[org, folder_uid] = where
