"""time-interval-refs: fire and quiet cases."""

import pytest

from obsgen.artefact import Artefact
from obsgen.checks.base import Context
from obsgen.checks.time_interval_refs import TimeIntervalRefs


def _run(route, config_extra):
    config = {"route": route, "receivers": [{"name": "r"}], **config_extra}
    art = Artefact("s/alertmanager/alertmanager.yml", "alertmanager", config, {}, "s")
    return [p.message for p in TimeIntervalRefs().problems(Context([art]))]


DEFINED = {"time_intervals": [{"name": "hours", "time_intervals": [{"weekdays": ["monday:friday"]}]}]}
OLD = {"mute_time_intervals": [{"name": "hours", "time_intervals": []}]}

CASES = [
    ({"receiver": "r", "routes": [{"receiver": "r", "mute_time_intervals": ["hours"]}]}, DEFINED, 0),
    ({"receiver": "r", "routes": [{"receiver": "r", "active_time_intervals": ["hours"]}]}, OLD, 0),  # older key
    ({"receiver": "r", "routes": [{"receiver": "r", "mute_time_intervals": ["hour"]}]}, DEFINED, 1),  # misspelt
    ({"receiver": "r", "routes": [{"receiver": "r", "active_time_intervals": ["hours"]}]}, {}, 1),   # none defined
    ({"receiver": "r", "mute_time_intervals": ["hours"]}, DEFINED, 1),                              # on the root
    ({"receiver": "r", "routes": [{"routes": [{"active_time_intervals": ["x", "hours"]}]}]}, DEFINED, 1),
    ({"receiver": "r"}, {}, 0),
]


@pytest.mark.parametrize("route, extra, count", CASES)
def test_cases(route, extra, count):
    assert len(_run(route, extra)) == count


def test_message_names_the_interval_and_what_is_defined():
    [message] = _run({"receiver": "r", "routes": [{"mute_time_intervals": ["hour"]}]}, DEFINED)
    assert message == ("mute_time_intervals names 'hour', which is not defined (time intervals: hours); "
                       "Alertmanager refuses the config")
