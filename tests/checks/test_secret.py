"""secret: no literal credential in any output (a password in a URL, a token or key in a field that has a
_file form); findings name the defining line and never the value."""

from cases import alertmanager, fires, says, table_tests
from obsgen.artefact import Artefact, Origin
from obsgen.checks.secret import Secret

CHECK = Secret()
PASSWORD_IN_URL = Artefact("s/grafana/provisioning/datasources/datasources.yaml", "datasources",
                           {"datasources": [{"name": "Prometheus", "url": "http://admin:s3cretpass@prometheus:9090"}]},
                           {("datasources", 0): Origin("datasource 'Prometheus'", "stacks/s.py:20")}, "s")
FILE_FORM = alertmanager({"receivers": [{"name": "x", "slack_configs": [{"api_url_file": "/etc/secrets/x"}]}]})

FIRES = [
    ("a password in a URL", (PASSWORD_IN_URL, FILE_FORM),
     says("$.datasources[0].url holds a password in a URL", obj="datasource 'Prometheus'", where="stacks/s.py:20")),
]
QUIET = [
    ("a secret read from a file", FILE_FORM),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)


def test_the_finding_never_holds_the_secret():
    [problem] = fires(CHECK, (PASSWORD_IN_URL,), "holds a password in a URL")
    assert problem.line().startswith("error[secret] s: datasource 'Prometheus' (stacks/s.py:20): ")
    assert "s3cretpass" not in problem.line()
