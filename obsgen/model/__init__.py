"""Typed definitions: the objects stack, dashboard, rule and routing modules build."""


# attrs converters. Python functions rather than `tuple` and `dict` themselves: attrs
# reads each converter's signature when a class is defined, and for a builtin type that
# means parsing its text signature (and compiling tokenize's patterns the first time),
# which cost every obsgen start about 6 ms.


def as_tuple(value) -> tuple:
    return tuple(value)


def as_dict(value) -> dict:
    return dict(value)
