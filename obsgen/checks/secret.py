"""No literal credential anywhere in the generated files.

Receivers, datasources and scrape jobs take secrets only through `*_file`
fields. A webhook URL, token or password written into a definition (a
description, a datasource URL, an extra setting) would be committed with
build/; this check stops the build at the line that wrote it.
"""

from obsgen import secrets
from obsgen.checks.base import Check, Finding


class Secret(Check):
    id = "secret"
    severity = "error"
    summary = ("No literal credential (Slack webhook, bearer or basic credential, password in a URL, API key, "
               "private key, or a literal under a password/token/secret key) in any output; `*_file` references are fine.")
    # Described, not shown: a literal example here would itself be a secret-shaped string in docs/.
    example = "A datasource URL with `user:password@` in it, or `smtp_auth_password` set instead of `smtp_auth_password_file`."

    def run(self, ctx):
        for art in ctx.artefacts:
            if isinstance(art.data, str):
                leaks = [secrets.Leak(leak.kind) for leak in secrets.scan_text(art.data)]
            elif secrets.clearly_clean(art.data):
                continue
            else:
                leaks = list(secrets.scan_data(art.data))
            for leak in leaks:
                # Never repeat the value: the message would carry the secret into CI logs.
                yield Finding(art, leak.path, f"{secrets.Leak(leak.kind, leak.path).where()} holds {leak.kind}; "
                                              "put the secret in a mounted file and reference it with a *_file field")
