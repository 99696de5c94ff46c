"""What every BrainBytes dashboard shares: folder, jobs, dashboard slugs, metric names, drill-down links.

Job names are checked against the stack's scrape jobs when a dashboard is
built, so a renamed job fails the build at its definition instead of emptying
panels. Queries more than one dashboard draws are built here, once.
"""

from obsgen.api import JOB, dashboard_link, dashboard_uid, rate, selector, total
from rules.brainbytes.records import (  # noqa: F401  (metric names the recordings read too, named there once)
    AI_DURATION, AI_REQUESTS, AI_TOKENS_RATE, AI_TOKENS_RATE_1H, DROPS, HTTP_REQUESTS, RESPONSE_SIZE,
)
# Jobs and slugs live with the stack, where the rules read them too.
from stacks.brainbytes import (  # noqa: F401  (the dashboard modules import them from here)
    AI_JOB as AI_SERVICE,
    ALERTMANAGER_JOB as ALERTMANAGER,
    BACKEND_JOB as BACKEND,
    CADVISOR_JOB as CADVISOR,
    ERRORS,
    EXPERIENCE,
    MOBILE,
    NODE_JOB as NODE,
    OVERVIEW,
    PERFORMANCE,
    PROMETHEUS_JOB as PROMETHEUS,
    RESOURCES,
)

FOLDER = "BrainBytes"

# Metric families (histograms without their _bucket/_sum/_count suffix) only dashboards read.
DB_DURATION = "brainbytes_db_query_duration_seconds"
AI_ERRORS = "brainbytes_ai_errors_total"
FRONTEND_ERRORS = "brainbytes_frontend_errors_total"
PAGE_LOAD = "brainbytes_frontend_page_load_duration_seconds"
SESSIONS_ACTIVE = "brainbytes_sessions_active"
SESSIONS_STARTED = "brainbytes_sessions_started_total"
PAGE_VIEWS = "brainbytes_frontend_page_views_total"


def drill(stack, slug: str, title: str) -> dict:
    """A panel link to a sibling dashboard that keeps the time range and datasource."""
    return dashboard_link(dashboard_uid(stack, slug), f"Open {title}")


def frontend_errors(by: tuple = ("page", "error_type")) -> str:
    """Client-side JavaScript errors per second, as browsers report them to the backend."""
    return total(rate(FRONTEND_ERRORS, selector(JOB)), by)


def active_sessions(sel: str = selector(JOB), by: tuple = ()) -> str:
    return total(f"{SESSIONS_ACTIVE}{sel}", by)


def ai_cost_per_hour(stack, by: tuple = ()) -> str:
    """Dollars per hour the current token rate costs, at the stack's price per 1,000 tokens."""
    price = stack.setting("ai_price_per_1k_tokens")
    return f"{total(AI_TOKENS_RATE, by)} * 3600 / 1000 * {price}"


def ai_cost_per_day(stack) -> str:
    """Dollars a day at the last hour's token rate: the same projection the AI spend alert compares to its budget."""
    return f"sum({AI_TOKENS_RATE_1H}) * 86400 / 1000 * {stack.setting('ai_price_per_1k_tokens')}"
