"""slack-channel-style (house): Slack channels are written `#lowercase-name`."""

import pytest

from obsgen.checks.slack_channel_style import SlackChannelStyle

from cases import am, found

CHECK = SlackChannelStyle()


def slack(*channels, name="web"):
    """alertmanager.yml with one receiver holding a Slack config per channel (None: no channel key)."""
    configs = [{"api_url_file": "/s"} if c is None else {"api_url_file": "/s", "channel": c} for c in channels]
    return am([], receivers=[{"name": "default", "webhook_configs": [{"url": "http://x"}]},
                             {"name": name, "slack_configs": configs}])


# (id, artefact, [message fragment per finding], where the first finding is)
FIRES = [
    ("no hash", slack("web-alerts"),
     ["Slack channel 'web-alerts' is not written '#' plus lowercase"],
     "s/alertmanager/alertmanager.yml $.receivers[1].slack_configs[0].channel"),
    ("capitals and a space", slack("#Web Alerts"), ["'#Web Alerts'"], None),
    ("second config of two", slack("#web", "@someone"),
     ["'@someone'"], "s/alertmanager/alertmanager.yml $.receivers[1].slack_configs[1].channel"),
    ("empty", slack(""), ["Slack channel ''"], None),
]
QUIET = [
    ("house style", slack("#web-alerts", "#web_alerts", "#team-2")),
    ("no channel: the webhook's own", slack(None)),
    ("chosen by template", slack('{{ .CommonLabels.channel }}', '#{{ .CommonLabels.team }}-alerts')),
    ("odd shapes", am([], receivers=[None, {"name": "x", "slack_configs": "y"},
                                     {"name": "z", "slack_configs": [None, {"channel": 3}, {"channel": None}]}])),
]


@pytest.mark.parametrize("inputs, messages, where", [pytest.param(*r[1:], id=r[0]) for r in FIRES])
def test_fires(inputs, messages, where):
    problems = found(CHECK, inputs)
    assert len(problems) == len(messages), [p.line() for p in problems]
    assert {p.code for p in problems} == {"slack-channel-style"}
    for problem, fragment in zip(problems, messages):
        assert fragment in problem.message
    if where is not None:
        assert problems[0].where == where, problems[0].line()


@pytest.mark.parametrize("inputs", [pytest.param(r[1], id=r[0]) for r in QUIET])
def test_quiet(inputs):
    assert [p.line() for p in found(CHECK, inputs)] == []
