"""Equal values of many pages' front matter held once (issue 24: memory).

MkDocs parses each page's front matter into new objects, and keeps every page of a locale's build until it ends: the
sidebar of a fault page lists the 15 faults around it (fault_nav.py), so each fault's entry is parsed on 15 pages,
about 9 MB per locale at 1,000 faults. `SharedValues.of` answers an equal value it met before with the object it
met first: a locale's build then holds each distinct value once.

Shared containers are safe only while nothing changes a page's front matter in place after it is shared: the glue
shares it last in on_page_markdown (after its own changes), and no plugin we enable writes into it afterwards (the
search plugin and the i18n plugin read it; tests/test_shared_values.py checks the site is the same without it).
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
        shared = self._shared(value)
        return value if shared is _UNSHARED else shared  # type: ignore[return-value]

    def _shared(self, value: object) -> object:
        key: object
        if type(value) in _ATOMS:
            key = (type(value), value)
        elif type(value) is list:
            items = [self._shared(item) for item in value]
            if any(item is _UNSHARED for item in items):
                return _UNSHARED
            key, value = (list, tuple(map(id, items))), items
        elif type(value) is dict:
            pairs = [(self._shared(name), self._shared(item)) for name, item in value.items()]
            if any(name is _UNSHARED or item is _UNSHARED for name, item in pairs):
                return _UNSHARED
            key, value = (dict, tuple((id(name), id(item)) for name, item in pairs)), dict(pairs)
        else:
            return _UNSHARED
        return self._known.setdefault(key, value)
