"""`obsgen smoke`: a live proof on a real Prometheus.

For one built stack: synthesize plausible series for every catalogued metric
(counters only grow, histograms have consistent buckets/_sum/_count, every
label takes plausible values and every scrape job appears), once healthy and
once with faults everywhere (errors, latency, targets down, disks and pools
full, spend past budget, connection drops). Each scenario is backfilled with
`promtool tsdb create-blocks-from openmetrics` into a temporary TSDB, and the
real Prometheus is started on it, on 127.0.0.1 with no scrape targets.

The window ends at the stack's evaluation instant: the last time the stack's
local clock read its `smoke_hour` setting (e.g. inside a stack's evening
peak, so panels that keep only peak hours have data), or now for a stack
without one. Prometheus evaluates rules only at the present, so recording
rules are backfilled over the window with `promtool tsdb create-blocks-from
rules` against the running server, one pass per level of rules built on rules,
and alerting rules are backfilled the same way as the `ALERTS` series they
raise (with `for` dropped). Prometheus restarts between passes to load the
new blocks.

Then every dashboard target runs as a range query, every recording rule as a
range query, and every alert expression as an instant query, all ending at
the evaluation instant. A query that errors, or a dashboard/recording query
that returns nothing, is a problem. In the healthy scenario only the Watchdog
may fire; in the fault scenario every other alert must fire. Exceptions are
declared in .obsgen-lint.yaml under the check ids `smoke-empty`,
`smoke-error`, `smoke-healthy-fires` and `smoke-fault-quiet`, each with its
reason; every finding names the Python `file:line` of its panel or alert when
smoke runs in the project that built the folder, and the snippet that
declares it an exception.

The package: `synthesis` (the series), `queries` (what runs, collected as the checks
collect expressions), `server` (Prometheus and the backfills), `judgement` (findings
and the summary), `run` (the command over one folder).
"""

from obsgen.smoke.judgement import Result, judge
from obsgen.smoke.queries import QUERY_STEP, Outcome, Query, collect
from obsgen.smoke.run import SMOKE_HOUR, Definitions, definitions, evaluation_instant, smoke
from obsgen.smoke.server import Prometheus, rule_passes, run_scenario, serve
from obsgen.smoke.synthesis import LABEL_VALUES, STEP, WINDOW, queried_values, synthesize

__all__ = ["LABEL_VALUES", "QUERY_STEP", "SMOKE_HOUR", "STEP", "WINDOW", "Definitions", "Outcome", "Prometheus",
           "Query", "Result", "collect", "definitions", "evaluation_instant", "judge", "queried_values",
           "rule_passes", "run_scenario", "serve", "smoke", "synthesize"]
