"""Copilotos Bridge rule groups: the API as users see it, and the platform under it."""

from rules.copilotos import api, platform


def groups(stack):
    return [api.group(stack), platform.group(stack)]
