"""alertmanager-templates: every template a receiver uses is defined by a template file its `templates:` globs
load, or by Alertmanager's built-in ones; in memory (build) and on disk (lint)."""

from cases import alertmanager, says, table_tests
from obsgen.artefact import Artefact
from obsgen.checks.alertmanager_templates import AlertmanagerTemplates, definitions
from obsgen.checks.base import Context

CHECK = AlertmanagerTemplates()

TMPL = '{{ define "my.title" }}[{{ .Status }}] {{ template "my.name" . }}{{ end }}\n{{ define "my.name" }}{{ if .CommonLabels.alertname }}{{ .CommonLabels.alertname }}{{ end }}{{ end }}'


def _config(field, templates=("templates/*.tmpl",)):
    data = {"route": {"receiver": "r"}, "receivers": [{"name": "r", "slack_configs": [{"channel": "#c", "title": field}]}]}
    if templates is not None:
        data["templates"] = list(templates)
    return Artefact("s/alertmanager/alertmanager.yml", "alertmanager", data, {}, "s")


def _messages(*artefacts, disk_root=None):
    return [p.message for p in AlertmanagerTemplates().problems(Context(list(artefacts), None, None, disk_root=disk_root))]


TEXT = Artefact("s/alertmanager/templates/my.tmpl", "text", TMPL, {}, "s")
CALLS_GONE = Artefact("s/alertmanager/templates/my.tmpl", "text", '{{ define "my.title" }}{{ template "gone" . }}{{ end }}',
                      {}, "s")
TWO_MISSING = alertmanager({"route": {"receiver": "r"}, "receivers": [{"name": "r", "slack_configs": [
    {"title": '{{ template "a" . }}', "text": '{{ template "b" . }}{{ template "a" . }}'}]}]})


def uses(field, templates=("templates/*.tmpl",), *files):
    """A slack receiver whose title is `field`, with `templates:` globs and template files beside it."""
    return (_config(field, templates), *files)


FIRES = [
    ("the file exists but templates: does not load it", uses('{{ template "my.title" . }}', None, TEXT),
     "receiver 'r' slack uses template 'my.title', which no loaded template file defines (templates: none)"),
    ("templates: loads another folder", uses('{{ template "my.title" . }}', ("other/*.tmpl",), TEXT),
     "uses template 'my.title', which no loaded template file defines"),
    ("a name no file defines", uses('{{ template "my.missing" . }}', ("templates/*.tmpl",), TEXT),
     "uses template 'my.missing', which no loaded template file defines"),
    ("a defined template calls an undefined one", uses('{{ template "my.title" . }}', ("templates/*.tmpl",), CALLS_GONE),
     "uses template 'gone' (called by 'my.title'),"),
    ("one line per integration naming every missing template", (TWO_MISSING,), says(
        "receiver 'r' slack uses templates 'a', 'b', which no loaded template file defines (templates: none)",
        where="s/alertmanager/alertmanager.yml $.receivers[0].slack_configs[0]")),
]
QUIET = [
    ("a loaded definition", uses('{{ template "my.title" . }}', ("templates/*.tmpl",), TEXT)),
    ("built-in default.tmpl", uses('{{ template "slack.default.title" . }}', None)),
    ("built-in __subject", uses('{{ template "__subject" . }}', None)),
    ("built-in email.tmpl", uses('{{ template "email.default.html" . }}', None)),
    ("plain text, no template", uses('plain text, no template', None)),
    ("raw string name and trim markers", uses('{{- template `my.title` . -}}', ("templates/*.tmpl",), TEXT)),
    ("a glob unknown here", uses('{{ template "my.title" . }}', ("/etc/alertmanager/templates/*.tmpl",), TEXT)),
    ("odd input is no traceback", (alertmanager({"receivers": [None, {"name": 1, "slack_configs": [{"title": 5}]}],
                                                 "templates": [None, 3]}),)),
]


test_fires, test_quiet = table_tests(CHECK, FIRES, QUIET)


def test_globs_resolve_against_the_config_files_folder_on_disk(tmp_path):
    am = tmp_path / "s" / "alertmanager"
    (am / "templates").mkdir(parents=True)
    (am / "templates" / "my.tmpl").write_text(TMPL)
    art = Artefact("s/alertmanager/alertmanager.yml", "alertmanager", _config('{{ template "my.title" . }}').data, {}, "s")
    assert _messages(art, disk_root=str(tmp_path)) == []
    (am / "templates" / "my.tmpl").unlink()
    [message] = _messages(art, disk_root=str(tmp_path))
    assert message == ("receiver 'r' slack uses template 'my.title', which no loaded template file defines "
                       "(templates: templates/*.tmpl)")


def test_definitions_follow_nesting_and_skip_comments():
    found = definitions('{{/* {{ define "no" }} */}}{{ define "a" }}{{ range .Alerts }}{{ if .X }}x{{ end }}{{ end }}tail{{ end }}')
    assert found == {"a": "{{ range .Alerts }}{{ if .X }}x{{ end }}{{ end }}tail"}
