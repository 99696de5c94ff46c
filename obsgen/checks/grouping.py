"""One cause, one finding: the objects one mistake affects, counted and shown by example.

Not a check. When 137 alerts reach one silent receiver, or one undefined
variable is used in 40 panels, the fix is made once, so the finding is made
once, naming how many objects it affects and a few of them.
"""

from __future__ import annotations

EXAMPLES = 3


def some(names: list, noun: str = "alert", nouns: str | None = None) -> str:
    """'alert A' for one; '5 alerts (A, B, C, ...)' for more."""
    if len(names) == 1:
        return f"{noun} {names[0]}"
    shown = ", ".join(names[:EXAMPLES]) + (", ..." if len(names) > EXAMPLES else "")
    return f"{len(names)} {nouns or noun + 's'} ({shown})"


class Groups:
    """Findings gathered by cause, in the order causes are first seen (deterministic output)."""

    def __init__(self):
        self._groups: dict = {}

    def add(self, key, artefact, path, name: str) -> None:
        first = self._groups.setdefault(key, [artefact, path, []])
        if name not in first[2]:
            first[2].append(name)

    def items(self):
        """(key, artefact and path of the first object, [names of every object])."""
        for key, (artefact, path, names) in self._groups.items():
            yield key, artefact, path, names
