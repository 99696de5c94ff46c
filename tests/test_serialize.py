"""The YAML fast path writes exactly what libyaml does: a faster writer must never change a committed byte.
(JSON is json.dumps itself: its hand-written walker did not pay, docs/benchmarks.md.)"""

import glob
import os

import pytest
from hypothesis import given, settings, strategies as st

from conftest import ROOT
from obsgen import serialize, yaml_fast

# ------------------------------------------------------------------ YAML

# Characters and words where libyaml's choice of style changes: indicators, spaces, breaks,
# escapes, and plain words that would read back as another type.
_TRICKY = st.sampled_from(list("ab Z09:#-?'\"\n\t.{}[],|>!&*%@`~=<\\/é\u2028\x85\ufeff\U0001f600\x00\r "))
WORDS = (["yes", "No", "ON", "true", "null", "Null", "~", "1:20", "0x1F", "0o17", "1e3", "1_000", ".inf",
                          "-.5", "2020-01-01", "2001-12-14t21:59:43.10-05:00", "<<", "=", "---", "...", "- x", "-x",
                          "?x", ":x", "x:", "a #b", "a#b", "", " ", "  lead", "trail ", "it's", "line\n", "two\nlines",
                          "a\n\nb\n", "\nfirst", " x\ny", "x\n\n", "k" * 130, "tab\tinside", "emoji \U0001f600"])
_text = st.one_of(st.sampled_from(WORDS), st.text(_TRICKY, max_size=12), st.text(max_size=8))
_yaml_scalars = st.none() | st.booleans() | st.integers() | st.floats() | _text
_yaml_data = st.recursive(_yaml_scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_text, inner, max_size=4),
                          max_leaves=25)


def _either(fn, data):
    try:
        return fn(data)
    except Exception as exc:  # both paths must fail alike on what YAML cannot hold
        return type(exc)


@pytest.mark.parametrize("word", WORDS)
def test_each_tricky_word_as_key_value_and_list_item(word):
    data = {"value": word, word: [word, {"nested": word, "list": [[word]]}]}
    assert _either(serialize.to_yaml, data) == _either(serialize._libyaml, data)


@settings(max_examples=600, deadline=None)
@given(_yaml_data)
def test_the_direct_yaml_writer_matches_libyaml_byte_for_byte(data):
    assert _either(serialize.to_yaml, data) == _either(serialize._libyaml, data)


@pytest.mark.parametrize("path", sorted(p for p in glob.glob(os.path.join(ROOT, "build", "**", "*.yml"), recursive=True)))
def test_committed_rule_and_routing_files_take_the_direct_path(path):
    with open(path, "rb") as fh:
        raw = fh.read()
    data = serialize.load_yaml(raw)
    # The fast path must handle obsgen's real output, not just fall back to libyaml on it.
    assert yaml_fast.dump(data, serialize._block).encode("utf-8") == raw
