"""What a build computes per text or page, remembered across the builds of one `mkdocs serve` (issue 20 item 4):
the search index's terms and glossary words (search.py, glossary_terms.py), each page's Markdown conversion
(third_party.py, item 8).

A rebuild after a data edit meets mostly the texts it cut before: their terms (ICU, Snowball) and the glossary
concepts each name holds. Each is kept by its key (locale and the text itself: its own fingerprint) in a `Memo`.
The builds of `mkdocs serve` index the locales in forked workers, whose memory the server never sees: a worker
sends back what it computed (`fresh`), the server merges it, and the next build's workers inherit it."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memo(Generic[K, V]):
    """key -> value, remembered; `fresh()` hands over (and forgets having made) what was computed since. Beyond
    `limit` keys, the half least recently asked for is forgotten (a long serve session of many edits does not grow
    without end, and keeps what every build asks for)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.known: dict[K, V] = {}  # the most recently asked for last
        self.made: dict[K, V] = {}

    def get(self, key: K, compute: Callable[[], V]) -> V:
        """The value of `key`, computed once."""
        found = self.find(key)
        if found is None:
            found = compute()
            self.put(key, found)
        return found

    def find(self, key: K) -> V | None:
        """The value kept for `key`, if any."""
        found = self.known.pop(key, None)
        if found is not None:
            self.known[key] = found
        return found

    def put(self, key: K, value: V) -> None:
        """Keep `value` for `key` (computed here: handed over by `fresh`)."""
        self._room()
        self.known[key] = self.made[key] = value

    def fresh(self) -> dict[K, V]:
        """What was computed since the last call (a forked worker sends it to the process that forked it)."""
        made, self.made = self.made, {}
        return made

    def merge(self, entries: dict[K, V]) -> None:
        """Remember what a worker computed."""
        for key, value in entries.items():
            self._room()
            self.known[key] = value

    def _room(self) -> None:
        if len(self.known) >= self.limit:
            for key in list(self.known)[: max(1, len(self.known) // 2)]:
                del self.known[key]
