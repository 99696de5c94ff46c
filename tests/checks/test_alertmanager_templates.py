"""alertmanager-templates: fire and quiet cases, in memory (build) and on disk (lint)."""

import pytest

from obsgen.artefact import Artefact
from obsgen.checks.alertmanager_templates import AlertmanagerTemplates, definitions
from obsgen.checks.base import Context

TMPL = '{{ define "my.title" }}[{{ .Status }}] {{ template "my.name" . }}{{ end }}\n{{ define "my.name" }}{{ if .CommonLabels.alertname }}{{ .CommonLabels.alertname }}{{ end }}{{ end }}'


def _config(field, templates=("templates/*.tmpl",)):
    data = {"route": {"receiver": "r"}, "receivers": [{"name": "r", "slack_configs": [{"channel": "#c", "title": field}]}]}
    if templates is not None:
        data["templates"] = list(templates)
    return Artefact("s/alertmanager/alertmanager.yml", "alertmanager", data, {}, "s")


def _messages(*artefacts, disk_root=None):
    return [p.message for p in AlertmanagerTemplates().problems(Context(list(artefacts), None, None, disk_root=disk_root))]


TEXT = Artefact("s/alertmanager/templates/my.tmpl", "text", TMPL, {}, "s")

CASES = [
    # (receiver field, templates globs, template files, undefined names reported)
    ('{{ template "my.title" . }}', ("templates/*.tmpl",), [TEXT], []),
    ('{{ template "slack.default.title" . }}', None, [], []),  # built-in default.tmpl
    ('{{ template "__subject" . }}', None, [], []),
    ('{{ template "email.default.html" . }}', None, [], []),  # built-in email.tmpl
    ('plain text, no template', None, [], []),
    ('{{ template "my.title" . }}', None, [TEXT], ["my.title"]),  # the file exists but templates: does not load it
    ('{{ template "my.title" . }}', ("other/*.tmpl",), [TEXT], ["my.title"]),
    ('{{ template "my.missing" . }}', ("templates/*.tmpl",), [TEXT], ["my.missing"]),
    ('{{- template `my.title` . -}}', ("templates/*.tmpl",), [TEXT], []),
    ('{{ template "my.title" . }}', ("/etc/alertmanager/templates/*.tmpl",), [TEXT], []),  # unknown here: quiet
]


@pytest.mark.parametrize("field, templates, files, missing", CASES)
def test_cases(field, templates, files, missing):
    messages = _messages(_config(field, templates), *files)
    assert [m.split("template ")[1].split(",")[0] for m in messages] == [repr(n) for n in missing]


def test_a_defined_template_calling_an_undefined_one_is_reported_with_its_caller():
    text = Artefact("s/alertmanager/templates/my.tmpl", "text", '{{ define "my.title" }}{{ template "gone" . }}{{ end }}', {}, "s")
    [message] = _messages(_config('{{ template "my.title" . }}'), text)
    assert "uses template 'gone' (called by 'my.title')," in message


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


def test_one_line_per_integration_naming_every_missing_template():
    data = {"route": {"receiver": "r"}, "receivers": [{"name": "r", "slack_configs": [
        {"title": '{{ template "a" . }}', "text": '{{ template "b" . }}{{ template "a" . }}'}]}]}
    art = Artefact("s/alertmanager/alertmanager.yml", "alertmanager", data, {}, "s")
    [problem] = AlertmanagerTemplates().problems(Context([art]))
    assert problem.message == "receiver 'r' slack uses templates 'a', 'b', which no loaded template file defines (templates: none)"
    assert problem.where == "s/alertmanager/alertmanager.yml $.receivers[0].slack_configs[0]"


def test_definitions_follow_nesting_and_skip_comments():
    found = definitions('{{/* {{ define "no" }} */}}{{ define "a" }}{{ range .Alerts }}{{ if .X }}x{{ end }}{{ end }}tail{{ end }}')
    assert found == {"a": "{{ range .Alerts }}{{ if .X }}x{{ end }}{{ end }}tail"}


def test_odd_input_is_no_traceback():
    art = Artefact("s/alertmanager/alertmanager.yml", "alertmanager",
                   {"receivers": [None, {"name": 1, "slack_configs": [{"title": 5}]}], "templates": [None, 3]}, {}, "s")
    assert _messages(art) == []
