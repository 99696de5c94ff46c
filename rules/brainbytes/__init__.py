"""BrainBytes rule groups, one module per concern."""

from rules.brainbytes import availability, records


def groups(stack):
    return [*records.groups(stack), availability.group(stack)]
