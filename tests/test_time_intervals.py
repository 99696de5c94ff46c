"""Business hours, evaluated from the time_intervals definitions at chosen instants.

amtool ignores time intervals, so these instants are judged by obsgen.routing,
which follows Alertmanager's rules: weekdays and clock times in the interval's
location, start inclusive, end exclusive.
"""

import datetime as dt
import zoneinfo

import pytest

from obsgen import routing
from obsgen.compile.alertmanager import compile_alertmanager
from obsgen.model.alertmanager import TimeInterval, TimeRange

from conftest import definition

brainbytes = definition("alertmanager.brainbytes")
STACK = definition("stacks.brainbytes").STACK

UTC = dt.timezone.utc
CONFIG = compile_alertmanager(STACK, brainbytes.config(STACK))[0].data  # alertmanager.yml, as Alertmanager reads it
BUSINESS_HOURS = routing.intervals(CONFIG)[brainbytes.BUSINESS_HOURS]


def utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


# (UTC instant, Manila wall clock for the reader, inside business hours?)  2024-01-08 is a Monday.
INSTANTS = [
    ("2024-01-08T02:00", "Mon 10:00", True),   # weekday morning
    ("2024-01-10T04:30", "Wed 12:30", True),   # lunchtime
    ("2024-01-10T12:00", "Wed 20:00", False),  # evening
    ("2024-01-13T02:00", "Sat 10:00", False),  # weekend
    ("2024-01-14T04:00", "Sun 12:00", False),  # weekend
    ("2024-01-08T01:00", "Mon 09:00", True),   # opening minute counts
    ("2024-01-08T00:59", "Mon 08:59", False),
    ("2024-01-08T09:59", "Mon 17:59", True),
    ("2024-01-08T10:00", "Mon 18:00", False),  # closing minute does not
    ("2024-01-08T10:30", "Mon 18:30", False),  # inside 09-18 UTC, outside in Manila
    ("2024-01-08T00:00", "Mon 08:00", False),  # UTC midnight
    ("2024-01-09T00:00", "Tue 08:00", False),
    ("2024-01-09T01:00", "Tue 09:00", True),
    ("2024-01-07T17:00", "Mon 01:00", False),  # Sunday in UTC, Monday night in Manila
    ("2024-01-07T23:59", "Mon 07:59", False),
    ("2024-01-12T09:30", "Fri 17:30", True),
    ("2024-01-12T16:30", "Sat 00:30", False),  # Friday in UTC, Saturday in Manila
    ("2024-01-13T00:30", "Sat 08:30", False),
]


@pytest.mark.parametrize("instant, manila, inside", INSTANTS, ids=[m for _, m, _ in INSTANTS])
def test_business_hours_in_manila(instant, manila, inside):
    at = utc(instant)
    assert f"{at.astimezone(zoneinfo.ZoneInfo('Asia/Manila')):%a %H:%M}" == manila  # the table itself is right
    assert routing.interval_active(BUSINESS_HOURS, at) is inside


@pytest.mark.parametrize("instant, manila, inside", INSTANTS, ids=[m for _, m, _ in INSTANTS])
def test_warnings_wait_for_business_hours_and_criticals_never_do(instant, manila, inside):
    at = utc(instant)
    for team in STACK.teams:
        warning = routing.notified(CONFIG, {"team": team.name, "severity": "warning", "alertname": "X"}, at)
        assert warning == ([f"{team.name}-slack"] if inside else [])
        critical = routing.notified(CONFIG, {"team": team.name, "severity": "critical", "alertname": "X"}, at)
        # After hours the on-call line is added; the team's own pager receiver notifies at every hour.
        expected = ["escalation", "oncall-after-hours", f"{team.name}-critical"]
        if inside:
            expected.remove("oncall-after-hours")
        assert critical == expected
    assert routing.notified(CONFIG, {"alertname": "Watchdog", "severity": "info", "team": "infrastructure"}, at) == ["heartbeat"]


def test_business_hours_are_defined_once_in_the_stack_timezone():
    names = [t["name"] for t in CONFIG["time_intervals"]]
    assert names.count(brainbytes.BUSINESS_HOURS) == 1
    assert BUSINESS_HOURS["time_intervals"] == [{"weekdays": ["monday:friday"], "location": STACK.timezone,
                                                 "times": [{"start_time": "09:00", "end_time": "18:00"}]}]
    referenced = {name for _p, node in routing.walk(CONFIG["route"])
                  for name in node.get("active_time_intervals", []) + node.get("mute_time_intervals", [])}
    assert referenced == {brainbytes.BUSINESS_HOURS}


def test_range_semantics_in_another_zone():
    weekend = TimeInterval("weekend", [TimeRange(("saturday", "sunday"), "00:00", "24:00", location="Europe/Berlin")])
    weekend = {"name": weekend.name, "time_intervals": [r.to_data() for r in weekend.ranges]}
    assert routing.interval_active(weekend, utc("2024-01-12T23:30"))  # Saturday 00:30 in Berlin
    assert not routing.interval_active(weekend, utc("2024-01-12T22:30"))  # Friday 23:30 in Berlin
    assert routing.interval_active(weekend, utc("2024-01-14T22:59"))  # Sunday 23:59 in Berlin


@pytest.mark.parametrize("kwargs, message", [
    (dict(weekdays=("monday:friday",), start="18:00", end="09:00"), "is empty"),
    (dict(weekdays=("friday:monday",), start="09:00", end="18:00"), "runs backwards"),
    (dict(weekdays=("mon",), start="09:00", end="18:00"), "must be a day name"),
    (dict(weekdays=(), start="09:00", end="18:00", location="Asia/Manilla"), "not an IANA time zone"),
    (dict(weekdays=(), start="9:00", end="18:00"), "must match regex"),
])
def test_malformed_ranges_are_rejected_when_defined(kwargs, message):
    with pytest.raises(ValueError, match=message):
        TimeRange(**kwargs)


def test_naive_instants_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        routing.interval_active(BUSINESS_HOURS, dt.datetime(2024, 1, 8, 10, 0))
