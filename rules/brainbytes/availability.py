"""Is BrainBytes up? Scrape targets down or absent, and backend 5xx errors."""

import re

from obsgen.model.rules import Alert, Expected, Fires, Quiet, RuleGroup
from rules.brainbytes.records import ERRORS_5XX_RATIO

OVERVIEW = "brainbytes-system-overview"


def _camel(job: str) -> str:
    return "".join(part.capitalize() for part in re.split(r"[^a-zA-Z0-9]+", job) if part)


def target_down(service):
    instance = service.targets[0]
    up = f'up{{job="{service.job}",instance="{instance}"}}'
    return Alert(
        name=f"{_camel(service.job)}Down",
        expr=f'up{{job="{service.job}"}} == 0',
        for_="2m",
        severity="critical",
        team=service.team,
        service=service.job,
        summary=f"{service.description} is down.",
        description="{{ $labels.instance }} of job {{ $labels.job }} has failed every scrape for more than 2 minutes.",
        dashboard=OVERVIEW,
        tests=[
            Fires("5m", [(up, "1 0 0 0 0 0")], [Expected(
                {"job": service.job, "instance": instance},
                f"{instance} of job {service.job} has failed every scrape for more than 2 minutes.",
            )]),
            # One missed scrape is a blip, not an outage.
            Quiet("5m", [(up, "1 1 1 1 0 1")], name="a single failed scrape"),
        ],
    )


def backend_errors(stack):
    limit = stack.threshold("backend_5xx_ratio")
    total = 'brainbytes_http_requests_total{job="brainbytes-backend",instance="backend:3000",method="POST",route="/api/chat",status_code="%s"}'
    return Alert(
        name="BackendHighErrorRatio",
        expr=f'{ERRORS_5XX_RATIO}{{job="brainbytes-backend"}} > {limit}',
        for_="5m",
        severity="critical",
        team="engineering",
        service="brainbytes-backend",
        summary="Backend is answering too many requests with server errors.",
        description=(
            "{{ $value | humanizePercentage }} of requests to {{ $labels.job }} failed with 5xx "
            f"over the last 5 minutes (threshold {limit.value:.0%})."
        ),
        dashboard=OVERVIEW,
        tests=[
            Fires("15m", [(total % "200", "0+90x20"), (total % "500", "0+10x20")], [Expected(
                {"job": "brainbytes-backend"},
                "10% of requests to brainbytes-backend failed with 5xx over the last 5 minutes (threshold 5%).",
            )]),
            Quiet("15m", [(total % "200", "0+96x20"), (total % "500", "0+4x20")], name="4% errors, below the threshold"),
        ],
    )


def group(stack):
    return RuleGroup("brainbytes-availability", [
        # Optional jobs (the Heroku exporter) are absent in most deployments.
        *(target_down(s) for s in stack.services if not s.optional),
        backend_errors(stack),
    ])
