"""A dashboard definition: what the author writes, before conventions are applied.

The conventions every dashboard shares (the datasource variable, time range,
refresh, timezone, stable uid, tags, links to its siblings) are applied by the
compiler from the stack, so a definition holds only what is specific to it.
"""

from __future__ import annotations

import re

import attr

from obsgen.model import as_tuple
from obsgen.source import here

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@attr.s(frozen=True, auto_attribs=True)
class Variable:
    """A query variable over a label, e.g. `job` from `up`."""

    name: str = attr.ib(validator=attr.validators.matches_re(r"^[a-zA-Z_][a-zA-Z0-9_]*$"))
    query: str  # e.g. label_values(up, job)
    label: str = ""
    multi: bool = True
    include_all: bool = True
    datasource: str = "datasource"  # name of the datasource variable it queries through
    # What "All" sends. Loki rejects a stream selector whose matchers all match the empty
    # string, so a Loki label variable needs ".+" where Prometheus is happy with ".*".
    all_value: str = ".*"
    defined_at: str = here()


@attr.s(frozen=True, auto_attribs=True)
class Dashboard:
    slug: str = attr.ib(validator=attr.validators.matches_re(_SLUG))
    title: str = attr.ib(validator=attr.validators.min_len(1))
    description: str = attr.ib(validator=attr.validators.min_len(1))
    rows: tuple = attr.ib(converter=as_tuple, validator=attr.validators.min_len(1))
    folder: str = "General"
    tags: tuple = attr.ib(default=(), converter=as_tuple)
    variables: tuple = attr.ib(default=(), converter=as_tuple)
    # Extra datasource variables (e.g. "loki"); "datasource" (Prometheus) is always there.
    loki: bool = False
    time_from: str = "now-6h"
    refresh: str = "30s"
    defined_at: str = here()
