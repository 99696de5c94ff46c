"""Which checks run: profiles, and selection by id the way ruff selects rules.

Correctness checks run everywhere. House conventions (checks with `house = True`)
run on obsgen's own builds and where a folder opts in. A selector is a check id,
a prefix of ids ending in `-` (`dashboard-` selects every dashboard check), one of
the groups `house` and `correctness`, or `ALL`. `select` replaces the default set,
`extend-select` adds to it, and `ignore` removes from the result, in that order,
on the command line and in `.obsgen-lint.yaml`:

    extend-select: [house]        # hold this folder to obsgen's conventions too
    ignore: [dashboard-grid]
"""

from __future__ import annotations

import attr

from obsgen.errors import Misuse

GROUPS = ("ALL", "house", "correctness")


@attr.s(frozen=True, auto_attribs=True)
class Selection:
    select: tuple = ()  # empty: the default set
    extend: tuple = ()
    ignore: tuple = ()

    def merged(self, other: "Selection") -> "Selection":
        """`other` (the command line) on top of self (a config file), as ruff layers them."""
        return Selection(other.select or self.select, self.extend + other.extend, self.ignore + other.ignore)

    def ids(self, checks, house_default: bool) -> set:
        """The ids of `checks` that run; `house_default` turns house conventions on by default."""
        everything = {c.id for c in checks}
        if self.select:
            chosen = set().union(*(_expand(s, checks) for s in self.select))
        else:
            chosen = {c.id for c in checks if house_default or not c.house}
        for s in self.extend:
            chosen |= _expand(s, checks)
        for s in self.ignore:
            chosen -= _expand(s, checks)
        return chosen & everything


def _expand(selector: str, checks) -> set:
    if selector == "ALL":
        return {c.id for c in checks}
    if selector == "house":
        return {c.id for c in checks if c.house}
    if selector == "correctness":
        return {c.id for c in checks if not c.house}
    if selector.endswith("-"):
        return {c.id for c in checks if c.id.startswith(selector)}
    return {c.id for c in checks if c.id == selector}


def validate(selectors, known: set, where: str) -> tuple:
    """Selectors as a tuple; Misuse naming `where` for one that matches no check."""
    if selectors is None:
        return ()
    if isinstance(selectors, str):
        selectors = [s for s in selectors.split(",")]
    if not isinstance(selectors, (list, tuple)):
        raise Misuse(f"{where} must be a list of check ids")
    out = []
    for raw in selectors:
        selector = str(raw).strip()
        if not selector:
            continue
        if selector not in GROUPS and not (selector.endswith("-") and any(k.startswith(selector) for k in known)) \
                and selector not in known:
            raise Misuse(f"{where}: {selector!r} is not a check id, an id prefix ending in '-', or one of "
                         f"{', '.join(GROUPS)} (see docs/checks.md)")
        out.append(selector)
    return tuple(out)
