"""Dashboard uids are unique and stable-looking; titles are unique per folder."""

import os
import re

from obsgen.checks.base import Check, Finding

_UID = re.compile(r"^[a-zA-Z0-9_-]{1,40}$")


class DashboardUid(Check):
    id = "dashboard-uid"
    severity = "error"
    summary = "Every dashboard has a valid uid (at most 40 of [a-zA-Z0-9_-]), unique across the tree; titles are unique per folder."
    example = "Two dashboards copied from one another that both keep `\"uid\": \"system-overview\"`."

    def run(self, ctx):
        uids, titles = {}, {}
        for art in ctx.of_kind("dashboard"):
            uid = art.data.get("uid")
            if not isinstance(uid, str) or not _UID.match(uid):
                yield Finding(art, ("uid",), f"uid {uid!r} is missing or not a valid Grafana uid")
            elif uid in uids:
                yield Finding(art, ("uid",), f"uid {uid!r} is also used by {uids[uid]}")
            else:
                uids[uid] = art.path
            title = art.data.get("title")
            key = (os.path.dirname(art.path), title if isinstance(title, str) else repr(title))
            if key in titles:
                yield Finding(art, ("title",), f"title {key[1]!r} is also used by {titles[key]} in the same folder")
            titles[key] = art.path
