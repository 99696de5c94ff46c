"""secret: no literal credential in any output; findings name the defining line and never the value."""

from obsgen.artefact import Artefact, Origin
from obsgen.checks.base import Context
from obsgen.checks.secret import Secret


def test_the_check_names_the_defining_line_and_never_the_secret():
    art = Artefact("s/grafana/provisioning/datasources/datasources.yaml", "datasources",
                   {"datasources": [{"name": "Prometheus", "url": "http://admin:s3cretpass@prometheus:9090"}]},
                   {("datasources", 0): Origin("datasource 'Prometheus'", "stacks/s.py:20")}, "s")
    clean = Artefact("s/alertmanager/alertmanager.yml", "alertmanager",
                     {"receivers": [{"name": "x", "slack_configs": [{"api_url_file": "/etc/secrets/x"}]}]}, {}, "s")
    problems = list(Secret().problems(Context(artefacts=[art, clean])))
    assert len(problems) == 1
    line = problems[0].line()
    assert line.startswith("error[secret] s: datasource 'Prometheus' (stacks/s.py:20): $.datasources[0].url holds a password in a URL")
    assert "s3cretpass" not in line
