"""Issue 24 (memory): the pages' front matter holds each distinct value once (faultsite/shared_values.py). What a
template reads must not change: a shared value is equal to the one it stands for, of the same types throughout
(True is not 1, 0 is not False), and a value it cannot vouch for (a float, a date) is kept as it is."""

from __future__ import annotations

import copy
import datetime
import signal
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from faultsite.shared_values import SharedValues

plain = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.sampled_from(["", "id", "url", "../1/", "障害", "1"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(["id", "text", "1", ""]), inner),
    max_leaves=20,
)
other = st.floats(allow_nan=False) | st.dates()
anything = st.recursive(
    plain | other,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(["id", "text"]), inner),
    max_leaves=20,
)


def typed(value: Any) -> Any:
    """`value` with every type spelled out: equal when equal and of the same types throughout, in the same order."""
    if isinstance(value, dict):
        return ("dict", [(typed(k), typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [typed(v) for v in value])
    return (type(value).__name__, repr(value))


@given(anything, anything)
def test_a_shared_value_is_the_value_of_the_same_types(first: Any, second: Any) -> None:
    shared = SharedValues()
    expected = (typed(first), typed(second))
    assert (typed(shared.of(first)), typed(shared.of(second))) == expected
    assert (typed(first), typed(second)) == expected, "what it was given is unchanged"


@given(plain)
def test_equal_plain_values_are_one_object(value: Any) -> None:
    shared = SharedValues()
    assert shared.of(copy.deepcopy(value)) is shared.of(copy.deepcopy(value))


def test_values_of_other_types_are_not_merged_or_shared() -> None:
    shared = SharedValues()
    assert typed(shared.of([1, 0])) != typed(shared.of([True, False]))
    assert typed(shared.of({"a": [True]})) == typed({"a": [True]})
    when = {"date": datetime.date(2026, 12, 8), "n": -0.0}
    assert shared.of(when) is when and shared.of(copy.deepcopy(when)) is not when


def test_the_fault_windows_of_neighbouring_pages_share_their_entries() -> None:
    shared = SharedValues()
    window = [{"id": n, "text": f"Fault {n}", "url": f"../{n}/"} for n in range(1, 16)]
    pages = [shared.of({"current": current, "faults": copy.deepcopy(window)}) for current in (6, 7)]
    assert pages[0] is not pages[1]
    faults = [page["faults"] for page in pages]
    assert isinstance(faults[0], list) and isinstance(faults[1], list)
    assert all(a is b for a, b in zip(faults[0], faults[1], strict=True))


@pytest.fixture
def deadline() -> Iterator[None]:
    """Fail instead of hanging: ten seconds for the test."""

    def expired(signum: int, frame: object) -> None:
        raise TimeoutError("still running after 10 s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(10)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def test_front_matter_that_holds_itself_or_doubles_through_aliases_is_read_as_it_is(deadline: None) -> None:
    """YAML aliases (a hand-written page's front matter, as MkDocs parses it): a list inside itself is kept as it is,
    and a chain of aliases that doubles 64 times (2**64 paths through a few lines) is looked at once per value."""
    cycle = yaml.safe_load("loop: &x [1, *x]\nother: [1, 2]")
    shared = SharedValues().of(cycle)
    assert shared["loop"] is cycle["loop"] and shared["loop"][1] is shared["loop"]
    assert shared["other"] == [1, 2]
    doubling = "\n".join(["a0: &a0 [x]", *(f"a{n}: &a{n} [*a{n - 1}, *a{n - 1}]" for n in range(1, 65))])
    value = yaml.safe_load(doubling)
    shared = SharedValues().of(value)
    assert shared["a64"][0] is shared["a64"][1] is shared["a63"] and typed(shared["a3"]) == typed(value["a3"])
