"""User Experience: are students engaged, and do pages and answers feel fast to them?"""

from dashboards.brainbytes.common import (
    AI_SERVICE, BACKEND, EXPERIENCE, FOLDER, PAGE_LOAD, PAGE_VIEWS, SESSIONS_STARTED, active_sessions, frontend_errors,
)
from obsgen.api import (
    INSTANCE,
    JOB,
    apdex,
    blocks,
    bucket_rate,
    Dashboard,
    gauge,
    job_selector,
    latency_quantiles,
    prom,
    quantile,
    rate,
    ratio,
    Row,
    selector,
    stat,
    timeseries,
    total,
)
from rules.brainbytes.records import AI_LATENCY_BUCKETS

USER_ACTIONS = "brainbytes_frontend_user_actions_total"
QUESTIONS = "brainbytes_questions_total"
SESSION_DURATION = "brainbytes_session_duration_seconds"


def dashboard(stack):
    raw = selector(JOB, INSTANCE)
    ai = job_selector(stack.service(AI_SERVICE))
    target = stack.setting("apdex_target")
    apdex_min = stack.threshold("apdex_min")
    questions = total(rate(QUESTIONS, raw))
    sessions_started = total(rate(SESSIONS_STARTED, raw))
    questions_per_session = ratio(questions, sessions_started)
    load_buckets = bucket_rate(PAGE_LOAD, raw)
    return Dashboard(
        slug=EXPERIENCE,
        title="BrainBytes / User Experience",
        description="What students see: page views and actions, engagement, page-load time and Apdex, client errors, "
                    "and AI answer latency.",
        folder=FOLDER,
        tags=("experience",),
        variables=blocks.job_variables([BACKEND]),
        rows=[
            Row("Right now", [
                stat("Active sessions", "Learning sessions open right now.", prom(active_sessions()), unit="short",
                     width=5, height=5),
                stat("Questions per minute", "Questions students ask per minute: the product's heartbeat.",
                     prom(f"{questions} * 60"), unit="short", width=5, height=5),
                stat("Questions per session", "Questions asked per session started: how engaged a session is.",
                     prom(questions_per_session), unit="short", width=5, height=5),
                gauge(f"Page-load Apdex (T={target}s)", f"Share of page loads that satisfy (within {target}s) plus half of "
                      f"those tolerated (within {4 * target.value:g}s); red below the Apdex threshold.",
                      prom(apdex(PAGE_LOAD, raw, target)), unit="percentunit", threshold=apdex_min, higher_is_better=True,
                      width=5, height=5),
                stat("Client-side errors", "JavaScript errors per second reported by browsers; red from the rate that "
                     "means a broken release.", prom(frontend_errors(())), unit="reqps",
                     threshold=stack.threshold("frontend_error_rate"), width=4, height=5),
            ]),
            Row("Pages and actions", [
                timeseries("Page views by page", "Page views per second for each page: where students spend their time.",
                           prom(total(rate(PAGE_VIEWS, raw), ("page",)), "{{page}}"), unit="reqps", stacked=True),
                timeseries("User actions by page", "Clicks and submits per second by page and action: what students do there.",
                           prom(total(rate(USER_ACTIONS, raw), ("page", "action")), "{{page}} {{action}}"), unit="reqps",
                           stacked=True),
            ]),
            Row("Engagement", [
                timeseries("Active sessions by device", "Open learning sessions by device type.",
                           prom(active_sessions(by=("device_type",)), "{{device_type}}"), unit="short", stacked=True),
                timeseries("Questions by subject", "Questions per second by subject: what students study.",
                           prom(total(rate(QUESTIONS, raw), ("subject",)), "{{subject}}"), unit="reqps", stacked=True),
                timeseries("Questions per session over time", "Questions asked per session started; falling means students give up sooner.",
                           prom(questions_per_session, "questions / session"), unit="short", min_value=0),
                latency_quantiles("Session length", "p50 and p90 length of finished learning sessions.",
                                  bucket_rate(SESSION_DURATION, raw), quantiles=(0.5, 0.9)),
            ]),
            Row("Page load", [
                latency_quantiles("Page-load time", "p50, p90 and p99 page load time measured in the browser.", load_buckets),
                timeseries("Page-load p95 by page", "95th percentile page load time per page: which page is slow.",
                           prom(quantile(0.95, load_buckets, ("page",)), "{{page}}"), unit="s"),
                timeseries("Apdex", f"Page-load Apdex with T={target}s over time; the line is the Apdex threshold.",
                           prom(apdex(PAGE_LOAD, raw, target), "Apdex"), prom(apdex(PAGE_LOAD, raw, target, ("device_type",)),
                                                                             "{{device_type}}"),
                           unit="percentunit", threshold=apdex_min, higher_is_better=True, min_value=0, max_value=1),
            ]),
            Row("Errors and AI answers", [
                timeseries("Client-side errors by page", "JavaScript errors per second by page and error type.",
                           prom(frontend_errors(), "{{page}} {{error_type}}"), unit="reqps", stacked=True),
                latency_quantiles("AI answer time", "How long students wait for an AI answer: p50, p90 and p99; "
                                  "the line is the AI latency alert threshold.", AI_LATENCY_BUCKETS + ai,
                                  threshold=stack.threshold("ai_latency_p95")),
            ]),
        ],
    )
