"""Notification templates, read as text so they are emitted with each stack's config."""

import os

_HERE = os.path.dirname(os.path.abspath(__file__))


def load() -> dict:
    """{file name: text} of every .tmpl here, sorted for a deterministic build."""
    out = {}
    for name in sorted(os.listdir(_HERE)):
        if name.endswith(".tmpl"):
            with open(os.path.join(_HERE, name), encoding="utf-8") as fh:
                out[name] = fh.read()
    return out
