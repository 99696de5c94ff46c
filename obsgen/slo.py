"""Service level objectives as data → error-ratio recording rules and multi-window multi-burn-rate alerts.

An `SLO` names the rate of bad events and the rate of all events as PromQL with a
`{window}` placeholder. From it come one recording rule per window
(`slo:sli_error:ratio_rate<window>{slo="<name>"}`) and one alert per tier: an alert
fires when, for any of its window pairs, both the long and the short window burn the
error budget faster than the pair's factor (Google SRE workbook, chapter 5). The
short window makes the alert stop soon after the burn stops.

At zero traffic both rates are 0 and every ratio is NaN, which compares false: an
idle service neither pages nor records a fake 100% error ratio.
"""

from __future__ import annotations

from typing import Callable, Mapping

import attr

from obsgen.model import as_dict, as_tuple, durations
from obsgen.model.rules import Alert, Expected, Fires, Quiet, Recording, RuleGroup, Runbook, Samples
from obsgen.model.stack import format_number
from obsgen.rules_lib.common import render

RECORD = "slo:sli_error:ratio_rate{window}"


@attr.s(frozen=True, auto_attribs=True)
class Window:
    """A long/short window pair that alerts when both burn faster than `factor` times the budget."""

    long: str = attr.ib(validator=durations.validate)
    short: str = attr.ib(validator=durations.validate)
    factor: float = attr.ib()
    tier: str = attr.ib()


@attr.s(frozen=True, auto_attribs=True)
class Tier:
    """One alert per tier: how urgent it is and how long a burn must last before it notifies."""

    name: str
    severity: str
    for_: str = attr.ib(validator=durations.validate)
    action: str  # what the on-call does: page someone now, or file a ticket


# Google SRE workbook, "Alerting on SLOs", table 5-8: 2% of a 30-day budget in 1h or 5% in 6h
# pages; 10% in 1d or 3d opens a ticket.
SRE_WORKBOOK = (
    Window("1h", "5m", 14.4, "fast"),
    Window("6h", "30m", 6, "fast"),
    Window("1d", "2h", 3, "slow"),
    Window("3d", "6h", 1, "slow"),
)
TIERS = (
    Tier("fast", "critical", "2m", "page"),
    Tier("slow", "warning", "15m", "ticket"),
)


def record(window: str) -> str:
    """Recording rule name holding every SLO's error ratio over `window`; select one with {slo="..."}."""
    return RECORD.format(window=window)


@attr.s(frozen=True, auto_attribs=True)
class SLO:
    """An objective over a ratio of events.

    `errors` and `total` are PromQL rates with `{window}` where the range goes.
    `fixture(good, bad, total)` returns promtool input series for cumulative good-,
    bad- and all-event counts given as promtool value strings; the generated tests
    use it, so the SLO's expressions are proven against series the stack exposes.
    """

    name: str
    alert_prefix: str
    objective: float
    errors: str
    total: str
    team: str
    service: str
    dashboard: str
    events: str  # what is counted, e.g. "backend requests"
    good: str  # what a good event is, e.g. "answered without a server error"
    bad: str  # what a bad event did, e.g. "failed"
    fixture: Callable = attr.ib(eq=False, repr=False)
    windows: tuple = attr.ib(default=SRE_WORKBOOK, converter=as_tuple)
    tiers: tuple = attr.ib(default=TIERS, converter=as_tuple)
    # Override a tier's severity without redefining the tier, e.g. {"fast": "warning"} in staging.
    severities: Mapping = attr.ib(factory=dict, converter=as_dict)
    period: str = "30d"

    def __attrs_post_init__(self) -> None:
        if not 0 < self.objective < 1:
            raise ValueError(f"SLO {self.name!r}: objective {self.objective} must be between 0 and 1")
        for text in (self.errors, self.total):
            if "{window}" not in text:
                raise ValueError(f"SLO {self.name!r}: {text!r} must contain {{window}} where the range goes")
        tiers = {t.name for t in self.tiers}
        for w in self.windows:
            if w.tier not in tiers:
                raise ValueError(f"SLO {self.name!r}: window {w.long}/{w.short} names unknown tier {w.tier!r}")
        for name in self.severities:
            if name not in tiers:
                raise ValueError(f"SLO {self.name!r}: severity override for unknown tier {name!r}")

    @property
    def budget(self) -> float:
        return round(1 - self.objective, 12)

    def ratio(self, window: str) -> str:
        """The recorded error ratio of this SLO over `window`, as a selector."""
        return f'{record(window)}{{slo="{self.name}"}}'

    def severity(self, tier: Tier) -> str:
        return self.severities.get(tier.name, tier.severity)


def windows(pairs) -> list:
    """Every window a set of window pairs reads, shortest first."""
    return sorted({w for pair in pairs for w in (pair.long, pair.short)}, key=durations.to_ms)


def windows_of(slo: SLO) -> list:
    return windows(slo.windows)


def _percent(value: float) -> str:
    return f"{value * 100:g}%"


def _counter(segments) -> str:
    """promtool values, one a minute from 0, for a counter growing by `per_minute` for `minutes`, segment after segment."""
    parts, value = [], 0
    for index, (per_minute, minutes) in enumerate(segments):
        start, steps = (value, minutes) if index == 0 else (value + per_minute, minutes - 1)
        parts.append(f"{start}+{per_minute}x{steps}")
        value += per_minute * minutes
    return " ".join(parts)


def _traffic(slo: SLO, segments) -> tuple:
    """Input series for (good per minute, bad per minute, minutes) segments."""
    good = _counter([(g, n) for g, _b, n in segments])
    bad = _counter([(b, n) for _g, b, n in segments])
    total = _counter([(g + b, n) for g, b, n in segments])
    return tuple(slo.fixture(good, bad, total))


def recordings(slo: SLO) -> list:
    # Equal good and bad counts: both rates get the same extrapolation, so the ratio is exactly 0.5
    # whatever the window, and a 10-minute test proves the 3-day expression too.
    series = _traffic(slo, [(60, 60, 10)])
    return [
        Recording(record(w), f"({slo.errors.replace('{window}', w)})\n/\n({slo.total.replace('{window}', w)})",
                  labels={"slo": slo.name}, tests=[Samples("10m", series, [({}, 0.5)])])
        for w in windows_of(slo)
    ]


def _condition(slo: SLO, pair: Window) -> str:
    limit = f"({format_number(pair.factor)} * {format_number(slo.budget)})"
    return f"({slo.ratio(pair.long)} > {limit}\nand\n{slo.ratio(pair.short)} > {limit})"


def _minutes(duration: str) -> int:
    return durations.to_ms(duration) // 60_000


def _alert(slo: SLO, tier: Tier) -> Alert:
    pairs = [w for w in slo.windows if w.tier == tier.name]
    factors = sorted(p.factor for p in pairs)
    pairs_text = ", ".join(f"{p.long}/{p.short} at {format_number(p.factor)}x" for p in pairs)
    description = (
        f"{{{{ $labels.slo }}}}: {{{{ $value | humanizePercentage }}}} of {slo.events} {slo.bad} over the long window; "
        f"the objective is {_percent(slo.objective)} {slo.good} over {slo.period}, an error budget of "
        f"{_percent(slo.budget)}. Burn-rate windows: {pairs_text}."
    )
    per_minute = 10000
    for_minutes = _minutes(tier.for_)

    def expected(fraction: float) -> Expected:
        return Expected({"slo": slo.name}, render(description, **{"$labels.slo": slo.name,
                                                                  "$value | humanizePercentage": f"{fraction * 100:.4g}%"}))

    # Burning: a fault rate above the highest factor fires every pair of the tier; the value shown
    # comes from the first pair, whose long window still holds only the burn.
    burn = min(0.5, max(factors) * slo.budget * 2)
    bad = int(per_minute * burn)
    burn_minutes = for_minutes + 10
    # Near the threshold: just under the lowest factor of the tier, so no pair fires.
    near_bad = int(per_minute * min(factors) * slo.budget * 0.9)
    # After the burn stops, every short window of the tier must have rolled past it.
    recover = max(_minutes(p.short) for p in pairs) + 5
    recovery = [Quiet(f"{burn_minutes + recover}m",
                      _traffic(slo, [(per_minute - bad, bad, burn_minutes), (per_minute, 0, recover)]),
                      name="burn stopped: the short windows are clean although the long ones still hold it")]
    return Alert(
        name=f"{slo.alert_prefix}{tier.name.capitalize()}Burn",
        expr="\nor\n".join(_condition(slo, p) for p in pairs),
        severity=slo.severity(tier),
        team=slo.team,
        service=slo.service,
        for_=tier.for_,
        summary=(f"The {slo.name} SLO is burning its error budget fast." if tier.action == "page" else
                 f"The {slo.name} SLO is burning its error budget faster than planned."),
        description=description,
        dashboard=slo.dashboard,
        labels={"slo": slo.name},
        tests=[
            Fires(f"{burn_minutes}m", _traffic(slo, [(per_minute - bad, bad, burn_minutes)]),
                  [expected(bad / per_minute)], name=f"{bad / per_minute:.2%} of events failing"),
            Quiet(f"{burn_minutes}m", _traffic(slo, [(per_minute - near_bad, near_bad, burn_minutes)]),
                  name=f"{near_bad / per_minute:.2%} failing, just under {format_number(min(factors))}x the budget"),
            Quiet(f"{burn_minutes}m", _traffic(slo, [(0, 0, burn_minutes)]), name="no traffic at all"),
            # Simulating a multi-hour recovery would cost seconds per run; the fast tier proves the shape.
            *(recovery if recover <= 60 else ()),
        ],
        runbook=Runbook(
            meaning=(f"{_percent(slo.objective)} of {slo.events} must be {slo.good} over {slo.period}. The {tier.name} tier "
                     f"({pairs_text}) sees the error budget of {_percent(slo.budget)} being spent faster than it can "
                     f"last; the alert clears soon after the burn stops, because the short window must agree."),
            impact=("At this burn rate the whole budget is gone within days: students already see failures "
                    if tier.action == "page" else
                    "The budget is being spent steadily faster than planned; left alone it runs out before the period ends. ")
            + f"Action: {tier.action}.",
            steps=(
                f"Open the dashboard and compare the {slo.name} error ratio across windows to see when the burn began.",
                "Check recent deploys, config changes and dependency incidents around that time; roll back if one matches.",
                "Find which route, model or instance carries the failures and whether one client causes them.",
                "If the budget is already spent, agree a change freeze with the owning team until it recovers.",
            ),
        ),
    )


def alerts(slo: SLO) -> list:
    return [_alert(slo, tier) for tier in slo.tiers if any(w.tier == tier.name for w in slo.windows)]


def group(slo: SLO, prefix: str) -> RuleGroup:
    """The SLO's recording rules and alerts together, named `<prefix>-slo-<name>`."""
    return RuleGroup(f"{prefix}-slo-{slo.name}", [*recordings(slo), *alerts(slo)])
