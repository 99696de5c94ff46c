"""Find literal credentials in generated data and files.

Secrets reach Alertmanager, Prometheus and Grafana only as mounted files named
by `*_file` fields (`api_url_file`, `credentials_file`, `password_file`...).
Anything that looks like the secret itself is a leak: it would be committed
with build/. Findings name the kind of secret and where it is, never the value.

Two kinds of evidence:
- the shape of a value: a Slack webhook URL, an `Authorization` credential, a
  password inside a URL, a private key block, a well-known API key format;
- the name of a key holding a literal: `password: hunter2`, `api_key: ...`.
  Keys ending in `_file` hold paths and are left alone, as are empty values
  and template references such as `{{ .Token }}` or `${SECRET}`.
"""

from __future__ import annotations

import json
import re
from typing import Any, Iterator

import attr

# (pattern, what it is, what it cannot match without). Patterns match inside any string, so a
# secret embedded in a description, a URL or a template is found too. The last field lists
# alternatives, each a set of case-folded fragments that must all appear: clearly_clean tests
# them on a whole file's text so most files skip the per-string walk. A URL needs `@` before
# it can hold a password, so runbook links alone do not send a rule file down the slow path.
_GITHUB = tuple((f"gh{c}_",) for c in "pousr")
_QUERY_KEYS = tuple((f"{k}=",) for k in ("key", "token", "secret", "password", "sig", "signature"))
# A credential follows its scheme on the same line, as in an Authorization header: a YAML
# config embedded as text (a Kubernetes Secret) has `type: Bearer` end a line.
VALUE_PATTERNS = (
    (re.compile(r"hooks\.slack\.com/(services|workflows|triggers)/[A-Za-z0-9_/-]{8,}"), "a Slack webhook URL",
     (("hooks.slack.com",),)),
    (re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{8,}"), "a Slack token", (("xox",),)),
    (re.compile(r"\bBearer[ \t]+(?!\{\{|\$\{|<)[A-Za-z0-9._~+/-]{12,}=*", re.I), "a bearer credential", (("bearer",),)),
    (re.compile(r"\bBasic[ \t]+(?!\{\{|\$\{|<)[A-Za-z0-9+/]{12,}=*"), "a basic-auth credential", (("basic",),)),
    (re.compile(r"[a-z][a-z0-9+.-]*://[^/\s:@{}$]+:(?!\{\{|\$\{)[^/\s@]+@", re.I), "a password in a URL",
     (("://", "@"),)),
    (re.compile(r"-----BEGIN ((RSA|EC|DSA|OPENSSH|ENCRYPTED) )?PRIVATE KEY-----"), "a private key", (("-----begin",),)),
    (re.compile(r"\bAKIA[0-9A-Z]{16}\b"), "an AWS access key id", (("akia",),)),
    (re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b"), "a GitHub token", _GITHUB),
    (re.compile(r"\bsk-(proj-|ant-)?[A-Za-z0-9_-]{20,}"), "an API key (sk-...)", (("sk-",),)),
    (re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b"), "a Google API key", (("aiza",),)),
    (re.compile(r"\bglsa_[A-Za-z0-9_]{32,}"), "a Grafana service account token", (("glsa_",),)),
    (re.compile(r"[?&](api_?key|apikey|token|access_token|secret|password|sig|signature)=(?!\{\{|\$\{)[^&\s]{4,}", re.I),
     "a credential in a URL query", _QUERY_KEYS),
)

# Key names whose literal value is a secret. `*_file` keys hold paths and never match.
SECRET_KEY = re.compile(
    r"(password|passwd|secret|token|api_?key|credentials|private_?key|routing_key|service_key)$", re.I)
# `key: value` in free text (templates, flags files, Markdown), for files that are not data.
_TEXT_ASSIGNMENT = re.compile(r"""["']?([A-Za-z_][A-Za-z0-9_]*)["']?\s*[:=]\s*["']?([^\s"',]+)""")
# Values that name a secret rather than hold it: templates, environment references, placeholders.
_REFERENCE = re.compile(r"^(\{\{|\$\{|\$[A-Za-z_]|<|\*+$|(null|none|true|false|~)$)", re.I)


@attr.s(frozen=True, auto_attribs=True)
class Leak:
    """A literal secret: what it looks like and where (a JSON path, or a line number in text)."""

    kind: str
    path: tuple = ()
    line: int = 0

    def where(self) -> str:
        if self.line:
            return f"line {self.line}"
        out = "$"
        for part in self.path:
            out += f"[{part}]" if isinstance(part, int) else f".{part}"
        return out


def is_file_reference(key: str) -> bool:
    """`api_url_file`, `credentials_file`, `password_file`: the value is a path, not a secret."""
    return key.lower().endswith("_file")


def _literal(value: Any) -> bool:
    if isinstance(value, bool) or value is None:
        return False
    text = str(value).strip()
    return bool(text) and not _REFERENCE.match(text)


def _possible(folded: str, needs: tuple) -> bool:
    """Whether case-folded text holds every fragment of one of a pattern's alternatives."""
    return any(all(fragment in folded for fragment in alternative) for alternative in needs)


# Any fragment of any pattern, in one regex: most strings hold none and are passed in one search.
_ANY_FRAGMENT = re.compile("|".join(sorted({re.escape(f) for _p, _k, needs in VALUE_PATTERNS
                                            for alternative in needs for f in alternative})))


def scan_string(text: str) -> str | None:
    """What kind of secret `text` holds, or None."""
    # casefold, as re.IGNORECASE does: the Kelvin sign and the long s fold to k and s.
    folded = text.casefold()
    if not _ANY_FRAGMENT.search(folded):
        return None
    for pattern, kind, needs in VALUE_PATTERNS:
        if _possible(folded, needs) and pattern.search(text):
            return kind
    return None


# Secret-named keys as they end in JSON text (`"smtp_auth_password":`).
_KEY_ENDINGS = ('password":', 'passwd":', 'secret":', 'token":', 'key":', 'credentials":')


def clearly_clean(data: Any) -> bool:
    """True when no string or key in `data` can hold a secret, judged by substring tests on its
    JSON text; scan_data then need not walk it (a dashboard has thousands of nodes)."""
    # casefold, as re.IGNORECASE does: the Kelvin sign and the long s fold to k and s.
    text = json.dumps(data, default=str, ensure_ascii=False).casefold()
    if any(ending in text for ending in _KEY_ENDINGS):
        return False
    return not any(_possible(text, needs) for _p, _k, needs in VALUE_PATTERNS)


def scan_data(data: Any, path: tuple = ()) -> Iterator[Leak]:
    """Leaks in parsed YAML/JSON: secret-shaped strings, and literals under secret-named keys."""
    if isinstance(data, dict):
        for key in sorted(data, key=str):
            value = data[key]
            if isinstance(key, str) and not is_file_reference(key) and SECRET_KEY.search(key) \
                    and not isinstance(value, (dict, list)) and _literal(value):
                yield Leak(f"a literal value under {key!r}", path + (key,))
                continue
            yield from scan_data(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from scan_data(value, path + (index,))
    elif isinstance(data, str):
        kind = scan_string(data)
        if kind:
            yield Leak(kind, path)


def scan_text(text: str) -> Iterator[Leak]:
    """Leaks in free text, line by line (templates, flags, Markdown)."""
    for number, line in enumerate(text.splitlines(), 1):
        kind = scan_string(line)
        if kind is None:
            for key, value in _TEXT_ASSIGNMENT.findall(line):
                if not is_file_reference(key) and SECRET_KEY.search(key) and _literal(value):
                    kind = f"a literal value under {key!r}"
                    break
        if kind:
            yield Leak(kind, line=number)
