"""serialize.to_json writes exactly the text json.dumps(sort_keys, indent=2, ensure_ascii=False) does:
its own faster walk must never change a committed dashboard byte."""

import json

from hypothesis import given, settings, strategies as st

from obsgen.serialize import to_json

_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
_json = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
                     max_leaves=30)


def _reference(data) -> bytes:
    return (json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


@settings(max_examples=300, deadline=None)
@given(_json)
def test_matches_json_dumps_on_any_json_data(data):
    try:
        expected = _reference(data)
    except UnicodeEncodeError:  # lone surrogates: to_json reports these itself (test_strings_survive)
        return
    assert to_json(data) == expected


def test_types_outside_json_take_the_standard_path():
    data = {"tuple": (1, 2), "int keys": {3: "x", 1: "y"}, "b": [True, None, 1.5, float("inf")]}
    assert to_json(data) == _reference(data)


def test_int_and_bool_subclasses_print_as_json_does():
    class Level(int):
        pass

    assert to_json({"a": Level(3), "b": [False]}) == _reference({"a": Level(3), "b": [False]})
