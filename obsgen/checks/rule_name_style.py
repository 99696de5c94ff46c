"""Rule names follow Prometheus practice: `level:metric:operations` records, CamelCase alerts.

The recording-rule convention makes a series' aggregation level and
operations readable from its name, so a dashboard author can tell
`job:http_requests:rate5m` from a raw counter at a glance. Many good rule
sets name things otherwise (etcd's `etcdNoLeader`), so this is a house
convention, not a mistake.
"""

import re

from obsgen.checks.base import Check, Finding

RECORD = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_]*:[a-zA-Z_][a-zA-Z0-9_]*:[a-zA-Z0-9_]+(?::[a-zA-Z0-9_]+)*$")
ALERT = re.compile(r"^[A-Z][a-zA-Z0-9]*$")
MAX_ALERT_NAME = 40  # long enough for HostDiskWillFillIn24Hours; longer names are cut in Slack titles and pagers


class RuleNameStyle(Check):
    id = "rule-name-style"
    severity = "error"
    house = True
    summary = (f"Recording rules are named `level:metric:operations`; alert names are CamelCase and at most "
               f"{MAX_ALERT_NAME} characters.")
    example = "A recording rule `http_error_ratio` (no level or operations) or an alert named `backend-down`."

    def run(self, ctx):
        for art, path, _group, rule in ctx.rules():
            if not isinstance(rule, dict):
                continue
            if "alert" in rule:
                if not ALERT.match(str(rule["alert"])):
                    yield Finding(art, path, f"alert name {rule['alert']!r} is not CamelCase (e.g. BackendHighErrorRatio)")
                elif len(str(rule["alert"])) > MAX_ALERT_NAME:
                    yield Finding(art, path, f"alert name {rule['alert']!r} is longer than {MAX_ALERT_NAME} characters")
            elif not RECORD.match(str(rule.get("record", ""))):
                yield Finding(art, path, f"recording rule {rule.get('record')!r} is not named level:metric:operations "
                                         "(e.g. job:http_requests:rate5m)")
