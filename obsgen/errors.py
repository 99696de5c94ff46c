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

    def line(self) -> str:
        text = " ".join(self.message.split())  # one line, whatever the message held
        return f"{self.severity}[{self.code}] {self.stack}: {self.obj} ({self.where}): {text}"

    def to_json(self) -> dict:
        return attr.asdict(self)


class UserError(Exception):
    """Invalid input: reported as one line per problem, exit status 1, no traceback."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(p.line() for p in self.problems))


class Misuse(Exception):
    """The command was called wrongly: exit status 2."""


def fail(code: str, stack: str, obj: str, where: str, message: str) -> UserError:
    return UserError([Problem(code, stack, obj, where, message)])
