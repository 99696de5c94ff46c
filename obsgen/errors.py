"""Problems a user can act on: one line each, naming stack, object and source line."""

from __future__ import annotations

from typing import Iterable

import attr

SEVERITIES = ("error", "warning", "info")


@attr.s(frozen=True, auto_attribs=True)
class Problem:
    """One finding. `where` is a Python `file:line` or an artefact path plus JSON path."""

    code: str
    stack: str
    obj: str
    where: str
    message: str
    severity: str = attr.ib(default="error", validator=attr.validators.in_(SEVERITIES))
    # Findings in files read from disk: the file, 1-based line and column (0 when unknown), JSON path.
    file: str = ""
    line_no: int = 0
    column: int = 0
    path: str = ""
    count: int = 1  # objects sharing this one cause, when a check groups them
    imported: bool = False  # about content `obsgen import` wrote (Origin.imported): a warning in the build

    def line(self) -> str:
        text = " ".join(self.message.split())  # one line, whatever the message held
        return f"{self.severity}[{self.code}] {self.stack}: {self.obj} ({self.where}): {text}"

    def to_json(self) -> dict:
        # `imported` is the build's business; lint, which writes JSON, judges files and never sets it.
        return attr.asdict(self, filter=lambda field, _value: field.name != "imported")


class UserError(Exception):
    """Invalid input: reported as one line per problem, exit status 1, no traceback."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(p.line() for p in self.problems))


class Misuse(Exception):
    """The command was called wrongly: exit status 2."""


def fail(code: str, stack: str, obj: str, where: str, message: str) -> UserError:
    return UserError([Problem(code, stack, obj, where, message)])


@attr.s(frozen=True, auto_attribs=True)
class ErrorKind:
    """One error id obsgen itself reports (checks register theirs in obsgen.checks), with a real example line."""

    id: str
    exit_code: int
    summary: str
    example: str


def _example(code: str, stack: str, obj: str, where: str, message: str) -> str:
    return Problem(code, stack, obj, where, message).line()


# Every id raised outside the checks. docs/errors.md is generated from this list, and
# tests/test_bad_corpus.py proves every id the corpus provokes is listed here or is a check id.
ERRORS = (
    ErrorKind("definition", 1, "A definition module raised while it was imported or called, or returned the wrong thing: "
              "a validator rejected a value, a name is undefined, a module imports itself in a cycle, a file is not UTF-8.",
              _example("definition", "shop", "rules/shop", "rules/shop/availability.py:21",
                       "for_: '5 minutes' is not a Prometheus duration (e.g. 30s, 5m, 1h30m)")),
    ErrorKind("project", 1, "The project folder has no stacks/ folder.",
              _example("project", "-", "project", ".", "no stacks/ folder here; run obsgen from the project root or pass --project")),
    ErrorKind("unknown-stack", 1, "--stack names a stack that does not exist.",
              _example("unknown-stack", "shp", "stack", "stacks/", "no stack named 'shp' (have: shop)")),
    ErrorKind("empty-stack", 1, "A stack defines no dashboards, rules or Alertmanager config.",
              _example("empty-stack", "shop", "stack", "stacks/shop.py:81",
                       "defines no dashboards, rules or alertmanager config")),
    ErrorKind("dashboard", 1, "A dashboard cannot be compiled (e.g. its uid would exceed Grafana's 40 characters).",
              _example("dashboard", "shop", "dashboard 'Shop / System Overview'",
                       "dashboards/shop/system_overview.py:19",
                       "dashboard uid 'shop-system-overview-of-everything-at-once' is longer than Grafana's 40 characters; "
                       "shorten the slug")),
    ErrorKind("runbook", 1, "An alert has no runbook (meaning, impact, steps) for docs/runbooks-<stack>.md.",
              _example("runbook", "shop", "alert 'BackendHighErrorRatio'", "rules/shop/availability.py:40",
                       "has no runbook: pass runbook=Runbook(meaning, impact, steps)")),
    ErrorKind("untested-alert", 1, "An alert lacks a Fires or a Quiet promtool test and does not declare why (`untested=\"reason\"`).",
              _example("untested-alert", "shop", "group 'availability' / alert 'BackendDown'",
                       "rules/shop/availability.py:21",
                       "has no Quiet test: add tests=[Fires(...), Quiet(...)], or declare why not with untested=\"<reason>\"")),
    ErrorKind("text-encoding", 1, "A string holds a lone surrogate (bytes decoded with surrogateescape) that no UTF-8 file can hold.",
              _example("text-encoding", "shop", "dashboard 'Shop / System Overview' / panel 'Caf\\udce9'",
                       "dashboards/shop/system_overview.py:40",
                       "text 'Caf\\udce9' is not valid UTF-8 (character '\\udce9' at position 3); decode bytes with the right encoding")),
    ErrorKind("target", 1, "A delivery target cannot package the stack as its options say (e.g. Thanos options name "
              "a rule group the stack does not define).",
              _example("target", "shop", "targets", "stacks/shop.py:81",
                       "thanos options name rule group 'shop-availabilty', which the stack does not define")),
    ErrorKind("lint-read", 1, "`obsgen lint` found a provisioning file that does not parse as YAML or JSON.",
              _example("lint-read", "-", "build/shop/prometheus/rules/extra.yml", "build/shop/prometheus/rules/extra.yml",
                       "does not parse: mapping values are not allowed here in \"<unicode string>\", line 3, column 9")),
    ErrorKind("not-built", 1, "`obsgen test` found no build for a stack.",
              _example("not-built", "shop", "stack", "build/shop", "nothing built here; run obsgen build")),
    ErrorKind("stale-build", 1, "`obsgen test` found a build/ that differs from what the definitions produce.",
              _example("stale-build", "-", "build", "build",
                       "build differs from the definitions (modified: shop/prometheus/rules/availability.yml); "
                       "run `obsgen build` (make build) first, so the tests prove what the definitions say")),
    ErrorKind("write", 1, "The output tree could not be written (read-only file system, disk full, a file where a folder "
              "should be); the previous tree is left as it was.",
              "error[write] cannot write /srv/build/.obsgen-staging-build-4242/shop/prometheus/prometheus.yml: "
              "No space left on device"),
    ErrorKind("import", 1, "`obsgen import` was given a file that is not a dashboard, rule file or Alertmanager config.",
              _example("import", "shop", "exports/overview.json", "exports/overview.json",
                       "exports/overview.json: not a Grafana dashboard (no panels or rows)")),
    ErrorKind("usage", 2, "The command was called wrongly (unknown option, missing tool).",
              "usage: no such option: --stak"),
)
