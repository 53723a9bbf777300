"""What the search index computes per text, remembered across the builds of one `mkdocs serve` (issue 20 item 4).

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
    """key -> value, remembered; `fresh()` hands over (and forgets having made) what was computed since."""

    def __init__(self, limit: int) -> None:
        self.limit = limit  # beyond it, start again (a long serve session of many edits does not grow without end)
        self.known: dict[K, V] = {}
        self.made: dict[K, V] = {}

    def get(self, key: K, compute: Callable[[], V]) -> V:
        """The value of `key`, computed once."""
        if key not in self.known:
            if len(self.known) >= self.limit:
                self.known.clear()
            self.known[key] = self.made[key] = compute()
        return self.known[key]

    def fresh(self) -> dict[K, V]:
        """What was computed since the last call (a forked worker sends it to the process that forked it)."""
        made, self.made = self.made, {}
        return made

    def merge(self, entries: dict[K, V]) -> None:
        """Remember what a worker computed."""
        for key, value in entries.items():
            if len(self.known) >= self.limit:
                self.known.clear()
            self.known[key] = value
