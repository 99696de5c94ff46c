"""slack-channel-style (house): Slack channels are written `#lowercase-name`."""

from cases import am, says, table_tests
from obsgen.checks.slack_channel_style import SlackChannelStyle

CHECK = SlackChannelStyle()


def slack(*channels, name="web"):
    """alertmanager.yml with one receiver holding a Slack config per channel (None: no channel key)."""
    configs = [{"api_url_file": "/s"} if c is None else {"api_url_file": "/s", "channel": c} for c in channels]
    return am(receivers=[{"name": "default", "webhook_configs": [{"url": "http://x"}]},
                         {"name": name, "slack_configs": configs}])


FIRES = [
    ("no hash", slack("web-alerts"),
     says("Slack channel 'web-alerts' is not written '#' plus lowercase letters, digits, '-' and '_' (e.g. #team-alerts)",
          where="s/alertmanager/alertmanager.yml $.receivers[1].slack_configs[0].channel")),
    ("capitals and a space", slack("#Web Alerts"), "Slack channel '#Web Alerts'"),
    ("second config of two", slack("#web", "@someone"),
     says("'@someone'", where="s/alertmanager/alertmanager.yml $.receivers[1].slack_configs[1].channel")),
    ("empty", slack(""), "Slack channel ''"),
]
QUIET = [
    ("house style", slack("#web-alerts", "#web_alerts", "#team-2")),
    ("no channel: the webhook's own", slack(None)),
    ("chosen by template", slack('{{ .CommonLabels.channel }}', '#{{ .CommonLabels.team }}-alerts')),
    ("odd shapes", am(receivers=[None, {"name": "x", "slack_configs": "y"},
                                 {"name": "z", "slack_configs": [None, {"channel": 3}, {"channel": None}]}])),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)
