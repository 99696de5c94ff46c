"""Slack channels are written `#lowercase-name`.

Slack accepts a channel as `#name`, a bare name or an id, so this is no
mistake Alertmanager or Slack reports; writing every channel one way keeps
receivers greppable and comparable with the teams' own channel names. A
channel chosen by template (`{{ .CommonLabels.channel }}`) is not judged.
"""

import re

from obsgen.checks import plain
from obsgen.checks.base import Check, Finding

CHANNEL = re.compile(r"^#[a-z0-9_-]+$")


class SlackChannelStyle(Check):
    id = "slack-channel-style"
    severity = "error"
    house = True
    summary = "Every Slack receiver's `channel` is written `#` plus lowercase letters, digits, `-` and `_`."
    example = "`channel: mini-ops` (no `#`) or `channel: '#Ops Alerts'`."

    def run(self, ctx):
        for art in ctx.of_kind("alertmanager"):
            data = art.data if isinstance(art.data, dict) else {}
            for r_index, receiver in enumerate(plain.seq(data.get("receivers"))):
                configs = receiver.get("slack_configs") if isinstance(receiver, dict) else None
                for c_index, config in enumerate(plain.seq(configs)):
                    channel = config.get("channel") if isinstance(config, dict) else None
                    if isinstance(channel, str) and "{{" not in channel and not CHANNEL.match(channel):
                        yield Finding(art, ("receivers", r_index, "slack_configs", c_index, "channel"),
                                      f"Slack channel {channel!r} is not written '#' plus lowercase letters, digits, "
                                      f"'-' and '_' (e.g. #team-alerts)")
