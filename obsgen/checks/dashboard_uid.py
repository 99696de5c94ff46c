"""Dashboard uids are valid and unique; titles are unique per folder.

Grafana refuses a uid longer than 40 characters or with other characters
than letters, digits, `-` and `_`, and refuses a second dashboard with a
uid or (in one folder) a title already taken. A dashboard with no uid is
given one by Grafana when provisioned, so that is not a mistake.
"""

import os
import re

from obsgen.checks.base import Check, Finding

_UID = re.compile(r"^[a-zA-Z0-9_-]{1,40}$")


class DashboardUid(Check):
    id = "dashboard-uid"
    severity = "error"
    summary = ("Every dashboard uid is valid (at most 40 of [a-zA-Z0-9_-]) and unique across the tree; titles are unique "
               "per folder.")
    example = "Two dashboards copied from one another that both keep `\"uid\": \"system-overview\"`."

    def run(self, ctx):
        uids, titles = {}, {}
        for art in ctx.of_kind("dashboard"):
            uid = art.data.get("uid")
            if uid is None or uid == "":
                pass  # Grafana gives the dashboard a uid of its own
            elif not isinstance(uid, str) or not _UID.match(uid):
                yield Finding(art, ("uid",), f"uid {uid!r} is not a valid Grafana uid (at most 40 of [a-zA-Z0-9_-])")
            elif uid in uids:
                yield Finding(art, ("uid",), f"uid {uid!r} is also used by {uids[uid]}")
            else:
                uids[uid] = art.path
            title = art.data.get("title")
            key = (os.path.dirname(art.path), title if isinstance(title, str) else repr(title))
            if key in titles:
                yield Finding(art, ("title",), f"title {key[1]!r} is also used by {titles[key]} in the same folder")
            titles[key] = art.path
