"""LogQL syntax through the official @grafana/lezer-logql grammar, run in one Node process."""

import subprocess

import pytest

from obsgen import logql

# Needs tools/node_modules: `make test` runs `npm ci` in tools/ first.


def test_valid_queries_parse_and_broken_ones_report_a_position():
    results = logql.check([
        '{job="api"} |= "error" | json | level="error"',
        'sum by (level) (count_over_time({job="api"} | logfmt [$__auto]))',
        '{job=~"$job"} |~ "(?i)$search"',
        'sum(rate({job="api"}[5m])',
        '{job="api" |= "x"',
    ])
    assert results[:3] == [[], [], []]
    assert results[3] and results[3][0].position == 25
    assert results[4] and "syntax error at offset" in results[4][0].describe()


def _count_node_runs(monkeypatch, tmp_path):
    calls = []
    real = subprocess.run

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(subprocess, "run", counting)  # logql imports subprocess when it starts Node
    monkeypatch.setattr(logql, "CACHE", str(tmp_path / "accepted.json"))
    return calls


def test_one_batch_of_many_is_one_process(monkeypatch, tmp_path):
    calls = _count_node_runs(monkeypatch, tmp_path)
    assert logql.check(['{a="b"}'] * 200) == [[]] * 200
    assert len(calls) == 1


def test_accepted_expressions_are_cached_and_broken_ones_always_rechecked(monkeypatch, tmp_path):
    calls = _count_node_runs(monkeypatch, tmp_path)
    good, bad = '{a="b"} |= "x"', '{a="b"} |= x'
    first = logql.check([good, bad])
    assert first[0] == [] and first[1]
    again = logql.check([good, bad])
    assert again[0] == [] and again[1] == first[1]
    assert len(calls) == 2  # the second run still starts Node, but only for the broken query
    assert logql.check([good]) == [[]] and len(calls) == 2  # all cached: no Node at all


def test_missing_grammar_is_reported_not_crashed(monkeypatch, tmp_path):
    monkeypatch.setattr(logql, "TOOLS_DIR", str(tmp_path))
    with pytest.raises(logql.LogQLUnavailable, match="npm ci"):
        logql.check(['{a="b"}'])
