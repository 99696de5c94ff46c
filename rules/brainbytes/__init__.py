"""BrainBytes rule groups, one module per concern."""

from rules.brainbytes import availability, http


def groups(stack):
    return [http.group(stack), availability.group(stack)]
