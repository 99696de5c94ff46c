"""Grafana's datasource provisioning rules, across every datasources file of a folder.

Grafana reads every provisioning file, then refuses them all when more than
one datasource per organisation is `isDefault`. It upserts by name, so a
second entry with a name already listed silently replaces the first; a uid
already taken by a datasource of another name fails the insert.
"""

from obsgen.checks import plain
from obsgen.checks.base import Check, Finding


def _org(ds: dict):
    org = ds.get("orgId")
    return 1 if org in (None, 0, "") else org


class GrafanaDatasources(Check):
    id = "grafana-datasources"
    severity = "error"
    summary = ("Across all datasource provisioning files, at most one datasource per organisation is `isDefault` "
               "(Grafana refuses them all otherwise), and no two share a name (the later silently replaces the "
               "earlier) or a uid (Grafana cannot provision both).")
    example = "Two files each provisioning a Prometheus datasource with `isDefault: true` in org 1."
    mirrors = ("Grafana's datasource provisioning: validateDefaultUniqueness in "
               "https://github.com/grafana/grafana/blob/main/pkg/services/provisioning/datasources/config_reader.go; "
               "upsert by name in datasources.go beside it; "
               "https://grafana.com/docs/grafana/latest/administration/provisioning/#data-sources")

    def run(self, ctx):
        defaults, names, uids = {}, {}, {}
        for art in sorted(ctx.of_kind("datasources"), key=lambda a: a.path):
            if not isinstance(art.data, dict):
                continue
            for index, ds in enumerate(plain.seq(art.data.get("datasources"))):
                if not isinstance(ds, dict):
                    continue
                path, org, where = ("datasources", index), _org(ds), f"{art.path} datasource {index}"
                if ds.get("isDefault") is True:
                    if org in defaults:
                        yield Finding(art, path, f"datasource {ds.get('name')!r} is isDefault in org {org}, as is "
                                                 f"{defaults[org]}; Grafana refuses every datasource file: only one "
                                                 "default per organization")
                    else:
                        defaults[org] = f"{ds.get('name')!r} ({where})"
                name = ds.get("name")
                if isinstance(name, str):
                    if (org, name) in names:
                        yield Finding(art, path, f"datasource name {name!r} in org {org} is also provisioned by "
                                                 f"{names[org, name]}; Grafana keeps only the last one read")
                    else:
                        names[org, name] = where
                uid = ds.get("uid")
                if isinstance(uid, str) and uid:
                    if (org, uid) in uids and uids[org, uid][0] != name:
                        yield Finding(art, path, f"datasource uid {uid!r} in org {org} is also used by "
                                                 f"{uids[org, uid][0]!r} ({uids[org, uid][1]}); Grafana cannot provision both: "
                                                 "the insert fails or one replaces the other")
                    else:
                        uids.setdefault((org, uid), (name, where))
