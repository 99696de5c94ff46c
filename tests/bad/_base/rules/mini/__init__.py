"""Mini rules: one recording rule and one alert built on it."""

from obsgen.api import Alert, Expected, Fires, Quiet, Recording, RuleGroup, Runbook, Samples

ERROR_RATIO = "job:mini_requests_failed:ratio_rate5m"
_REQ = 'mini_requests_total{job="mini-app",instance="app:8080",status="%s"}'
_TRAFFIC = ((_REQ % "ok", "0+540x20"), (_REQ % "failed", "0+60x20"))
_CALM = ((_REQ % "ok", "0+594x20"), (_REQ % "failed", "0+6x20"))


def errors(stack):
    limit = stack.threshold("error_ratio")
    return Alert(
        name="MiniHighErrorRatio",
        expr=f'{ERROR_RATIO}{{job="mini-app"}} > {limit}',
        for_="5m",
        severity="critical",
        team="ops",
        service="mini-app",
        summary="The app fails too many requests.",
        description="{{ $value | humanizePercentage }} of requests to {{ $labels.job }} failed.",
        dashboard="overview", runbook=RUNBOOK,
        tests=[
            Fires("15m", _TRAFFIC, [Expected({"job": "mini-app"}, "10% of requests to mini-app failed.")]),
            Quiet("15m", _CALM, name="1% errors"),
        ],
    )


def groups(stack):
    return [RuleGroup("mini-app", [
        Recording(ERROR_RATIO,
                  'sum by (job) (rate(mini_requests_total{status="failed"}[5m])) / sum by (job) (rate(mini_requests_total[5m]))',
                  tests=[Samples("10m", _TRAFFIC, [({"job": "mini-app"}, 0.1)])]),
        errors(stack),
    ])]


# At the end so the lines above, which the corpus cases point at, keep their numbers.
RUNBOOK = Runbook(
    meaning="More than the threshold share of requests to the app fail.",
    impact="Users see errors.",
    steps=("Open the Mini / Overview dashboard and find which status dominates.", "Roll back the last deploy if it started then."),
)
