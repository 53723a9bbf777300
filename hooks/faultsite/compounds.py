"""Compounds in the index (issue 20, item 1): a term that is two or three other terms of the same index written
together (Dutch systeemextensie, gebeurtenisbewaking; Korean 스캔서비스) is also indexed as its parts, so that a
reader who writes the parts apart, or only one of them, finds it. The engine does the same with a query's words
against the index's vocabulary (fault-search.js `compoundParts`)."""

from __future__ import annotations

from collections.abc import Set

from .terms import NEGATED

# A part is at least this long (Latin letters; Hangul syllables), so that a compound is not cut into syllables.
MIN_PART = {"latin": 4, "hangul": 2}
LINKS = ("s", "e", "en")  # Dutch linking letters between the parts (gebeurtenis-s-bewaking)


def _script(term: str) -> str | None:
    if term.isascii() and term.isalpha():
        return "latin"
    if all("\uac00" <= c <= "\ud7af" for c in term):
        return "hangul"
    return None


def compound_parts(term: str, vocabulary: Set[str], depth: int = 2) -> tuple[str, ...]:
    """The parts of `term` that are themselves terms of `vocabulary` (the first way found, left to right), or ()."""
    script = _script(term)
    if term.startswith(NEGATED) or script is None:
        return ()
    least = MIN_PART[script]
    for cut in range(least, len(term) - least + 1):
        head, tail = term[:cut], term[cut:]
        if head not in vocabulary:
            continue
        for link in ("", *LINKS) if script == "latin" else ("",):
            rest = tail[len(link) :] if tail.startswith(link) else None
            if rest is None or len(rest) < least:
                continue
            if rest in vocabulary:
                return (head, rest)
            deeper = compound_parts(rest, vocabulary, depth - 1) if depth > 1 else ()
            if deeper:
                return (head, *deeper)
    return ()
