"""Budgets and the student's experience: AI token spend, traffic against last week, mobile connections."""

from obsgen.api import Alert, Expected, Fires, Quiet, job_selector, rate, render, RuleGroup, Runbook, total
from rules.brainbytes.records import (
    AI_TOKENS, AI_TOKENS_RATE_1H, DROPS, DROPS_RATIO, HTTP_REQUESTS, RESPONSE_SIZE, RESPONSE_SIZE_P95,
)
from stacks.brainbytes import AI_JOB, BACKEND_JOB, EXPERIENCE, MOBILE, RESOURCES

_DAY = 86400


def _target(service) -> str:
    """The job and instance labels of a test series of `service`, in the order the series are written."""
    return f'job="{service.job}",instance="{service.targets[0]}"'


def _mobile_series(backend) -> tuple:
    """(response-size series template, connection-drop series) of mobile 3G clients of the backend."""
    response = (f'{RESPONSE_SIZE}_%s{{{_target(backend)},'
                'device_type="mobile",network_type="3g"%s}')
    drops = f'{DROPS}{{{_target(backend)},device_type="mobile",network_type="3g"}}'
    return response, drops


def token_budget(stack):
    ai = stack.service(AI_JOB)
    series = f'{AI_TOKENS}{{{_target(ai)},model="gpt-4o-mini",type="%s"}}'
    price = stack.setting("ai_price_per_1k_tokens")
    budget = stack.setting("ai_daily_budget")
    text = (f"At the token rate of the last hour, {{{{ $labels.job }}}} will spend "
            f"${{{{ $value | printf \"%.2f\" }}}} today (budget ${budget}).")

    def tokens(prompt_per_minute: int) -> list:
        return [(series % "prompt", f"0+{prompt_per_minute}x80"), (series % "completion", "0x80")]

    return Alert(
        name="AiTokenSpendOverBudget",
        expr=f"{AI_TOKENS_RATE_1H} * {_DAY} / 1000 * {price} > {budget}",
        for_="15m", severity="warning", team="ai", service=ai.job,
        summary="AI token spend is on course to exceed the daily budget.", description=text, dashboard=RESOURCES,
        tests=[
            # 300 tokens a second cost 300 * 86400 / 1000 * price a day.
            Fires("75m", tokens(18000), [Expected({"job": ai.job}, render(
                text, **{"$labels.job": ai.job, '$value | printf "%.2f"': "51.84"}))]),
            Quiet("75m", tokens(16800), name="280 tokens a second: $48.38 a day"),
        ],
        runbook=Runbook(
            meaning=f"The token rate of the last hour, kept up for a day at ${price} per 1,000 tokens, costs more "
                    f"than the daily AI budget of ${budget}.",
            impact="The month's AI spend overruns the resource budget unless usage drops.",
            steps=("Open Resource Optimization: which model and token type (prompt or completion) grew?",
                   "Look for a prompt change, a retry loop, or one user sending very many questions.",
                   "Cap max tokens, route simple questions to the cheaper model, or rate-limit the heavy client."),
        ),
    )


def traffic_drop(stack):
    backend = stack.service(BACKEND_JOB)
    requests = f'{HTTP_REQUESTS}{{{_target(backend)},method="GET",route="/api/questions",status_code="200"}}'
    ratio = stack.threshold("traffic_drop_ratio")
    text = (f"{{{{ $labels.job }}}} served {{{{ $value | humanizePercentage }}}} of the requests it served in the same "
            f"hour last week (alert below {ratio.value:.0%}).")
    week = 7 * 24 * 6  # ten-minute samples in a week
    last_week = f"0+6000x{week}"  # 10 requests a second

    def this_week(per_ten_minutes: int) -> str:
        start = 6000 * week + per_ten_minutes
        return f"{last_week} {start}+{per_ten_minutes}x17"

    return Alert(
        name="BackendTrafficDrop",
        # Last week at zero traffic divides by zero and stays quiet; a total stop this week fires.
        expr=(f"{total(rate(HTTP_REQUESTS, job_selector(backend), window='1h'), ('job',))}\n"
              f"  / {total(rate(HTTP_REQUESTS, job_selector(backend), window='1h', offset='1w'), ('job',))}\n"
              f"< {ratio}"),
        for_="30m", severity="warning", team="product", service=backend.job,
        summary="Backend traffic dropped against the same hour last week.", description=text, dashboard=EXPERIENCE,
        tests=[
            Fires("1w2h", [(requests, this_week(2400))], [Expected({"job": backend.job}, render(
                text, **{"$labels.job": backend.job, "$value | humanizePercentage": "40%"}))],
                  interval="10m"),
            Quiet("1w2h", [(requests, this_week(3600))], name="60% of last week's traffic", interval="10m"),
        ],
        runbook=Runbook(
            meaning=f"The backend served less than {ratio.value:.0%} of the requests it served in the same hour a week "
                    "ago, for 30 minutes.",
            impact="Students cannot reach BrainBytes (DNS, frontend, login) even though the backend looks healthy.",
            steps=("Open the app as a student would, on mobile data too: does the frontend load and can you log in?",
                   "Check the frontend deploy, DNS and CDN; compare page views and auth failures on User Experience.",
                   "Rule out a calendar reason (holiday, exam week) before escalating."),
        ),
    )


def mobile_drops(stack):
    backend = stack.service(BACKEND_JOB)
    response, drops = _mobile_series(backend)
    limit = stack.threshold("mobile_drop_ratio")
    text = (f"{{{{ $value | humanizePercentage }}}} of responses to {{{{ $labels.device_type }}}} devices were dropped "
            f"over the last 5 minutes (threshold {limit.value:.0%}).")

    def traffic(drops_per_minute: int) -> list:
        return [(response % ("count", ""), "0+1200x20"), (drops, f"0+{drops_per_minute}x20")]

    return Alert(
        name="MobileConnectionDropsHigh",
        expr=f'{DROPS_RATIO}{{device_type="mobile"}} > {limit}',
        for_="15m", severity="warning", team="product", service=backend.job,
        summary="Mobile users are losing connections.", description=text, dashboard=MOBILE,
        tests=[
            Fires("20m", traffic(120), [Expected({"device_type": "mobile"}, render(
                text, **{"$labels.device_type": "mobile", "$value | humanizePercentage": "10%"}))]),
            Quiet("20m", traffic(48), name="4% dropped"),
        ],
        runbook=Runbook(
            meaning=f"More than {limit.value:.0%} of responses to mobile devices are cut off before they complete.",
            impact="Students on prepaid mobile data lose answers mid-way and pay for the retry.",
            steps=("Open Mobile Connectivity: are drops concentrated on one network type (3g, 2g) or one region?",
                   "Check response sizes (MobileResponseSizeOverBudget) and timeouts; large or slow responses drop first.",
                   "Check the reverse proxy's keep-alive and timeout settings after recent changes."),
        ),
    )


def mobile_response_size(stack):
    backend = stack.service(BACKEND_JOB)
    response, _drops = _mobile_series(backend)
    limit = stack.threshold("mobile_response_size_p95")
    text = (f"p95 response size to {{{{ $labels.device_type }}}} devices is {{{{ $value | humanize }}}}B over the last "
            f"5 minutes (budget {limit.value / 1000:g}kB).")

    def sizes(under_500k: int) -> list:
        per_minute = {"100000": 600, "500000": under_500k, "1000000": 1200, "+Inf": 1200}
        return [(response % ("bucket", f',le="{le}"'), f"0+{count}x20") for le, count in per_minute.items()]

    return Alert(
        name="MobileResponseSizeOverBudget",
        expr=f'{RESPONSE_SIZE_P95}{{device_type="mobile"}} > {limit}',
        for_="15m", severity="warning", team="product", service=backend.job,
        summary="Responses to mobile users are larger than the data budget.", description=text, dashboard=MOBILE,
        tests=[
            # 16 of 20 under 500 kB: rank 19 sits 3/4 into (500 kB, 1 MB].
            Fires("20m", sizes(960), [Expected({"device_type": "mobile"}, render(
                text, **{"$labels.device_type": "mobile", "$value | humanize": "875k"}))]),
            # All but one a second under 500 kB: rank 19 is exactly the 500 kB bound.
            Quiet("20m", sizes(1140), name="p95 500 kB, just under the budget"),
        ],
        runbook=Runbook(
            meaning=f"One response in twenty to mobile devices is larger than {limit.value / 1000:g} kB.",
            impact="Students on prepaid data spend their load on BrainBytes and stop using it on mobile.",
            steps=("Open Mobile Connectivity: which pages or routes send the large responses?",
                   "Check compression (gzip/brotli) and whether images or full histories are sent uncut.",
                   "Paginate or trim the response; serve smaller images to mobile."),
        ),
    )


def group(stack):
    return RuleGroup("brainbytes-experience", [token_budget(stack), mobile_drops(stack), mobile_response_size(stack)])


def traffic_group(stack):
    # A week-over-week comparison moves slowly; evaluating it every 5 minutes is enough and keeps its
    # one-week promtool test (which steps at this interval) to a couple of seconds.
    return RuleGroup("brainbytes-traffic", [traffic_drop(stack)], interval="5m")
