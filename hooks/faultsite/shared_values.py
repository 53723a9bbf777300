"""Equal values of many pages' front matter held once (issue 24: memory).

MkDocs parses each page's front matter into new objects, and keeps every page of a locale's build until it ends: the
sidebar of a fault page lists the 15 faults around it (fault_nav.py), so each fault's entry is parsed on 15 pages,
about 9 MB per locale at 1,000 faults. `SharedValues.of` answers an equal value it met before with the object it
met first: a locale's build then holds each distinct value once.

Shared containers are safe only while nothing changes a page's front matter in place after it is shared: the glue
shares it last in on_page_markdown (after its own changes), and no plugin we enable writes into it afterwards (the
search plugin and the i18n plugin read it). tests/test_shared_values.py checks, on generated values, that a shared
value is equal to the original and of the same types throughout; the real site and a 1,000-fault one built with it
were byte-identical to their builds before it (README, Performance, issue 24's eighth session).
"""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")

_ATOMS = (str, int, bool, type(None))  # not float: -0.0 == 0.0, and they print differently
_UNSHARED = object()  # a value holding something other than atoms, lists and dicts: kept as it is


class SharedValues:
    """One object per distinct plain value (atoms, lists and dicts of them, by exact type), for one build."""

    def __init__(self) -> None:
        self._known: dict[object, object] = {}  # keys hold their values' identities: the values stay alive here

    def of(self, value: T) -> T:
        """The object equal to `value` (of the same types throughout) met first, or `value` if it is not plain."""
        shared = self._shared(value, {})
        return value if shared is _UNSHARED else shared  # type: ignore[return-value]

    def _shared(self, value: object, seen: dict[int, object]) -> object:
        """`seen`: each container of `value` met so far -> its answer. YAML's aliases make one container appear many
        times (each looked at once: a chain of aliases that doubles at each step stays linear) or inside itself (a
        cycle: left as it is, as everything that holds it)."""
        if type(value) in _ATOMS:
            return self._known.setdefault((type(value), value), value)
        if type(value) not in (list, dict):
            return _UNSHARED
        if id(value) not in seen:
            seen[id(value)] = _UNSHARED  # until answered: met again inside itself, it is a cycle
            seen[id(value)] = self._container(value, seen)  # type: ignore[arg-type]
        return seen[id(value)]

    def _container(self, value: list[object] | dict[object, object], seen: dict[int, object]) -> object:
        key: object
        shared: object
        if isinstance(value, list):
            items = [self._shared(item, seen) for item in value]
            parts = items
            key, shared = (list, tuple(map(id, items))), items
        else:
            pairs = [(self._shared(name, seen), self._shared(item, seen)) for name, item in value.items()]
            parts = [part for pair in pairs for part in pair]
            key, shared = (dict, tuple((id(name), id(item)) for name, item in pairs)), dict(pairs)
        if any(part is _UNSHARED for part in parts):
            return _UNSHARED
        return self._known.setdefault(key, shared)
