"""Search through the reviewed glossary (issue 20, item 2; data/glossary/<locale>.yaml, loaded and checked by
glossary.py): a fault whose English text holds one of a concept's English terms, or whose shown text holds one of
the concept's names in the locale, is also found on the locale's site by every one of those names, weighted below
the fault's own words. So a fault shown in English on a translated site (fault 18) is found in the locale's words
for its subject, and a reader's term (Apple's name, a common variant) finds the fault whose text uses another.

A name of a fault (its portal text or endpoint description, in any language) that holds a concept also holds the
concept's names for the phrase rules of the engine (a name that holds every word of the query): スキャンサービス
names fault 6, whose Japanese name says only サービス but whose English name says "Scan service"."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Protocol

from .fallback import shown_field
from .model import TEXT_FIELDS, Catalog


class GlossaryConcept(Protocol):
    """One entry of a locale's glossary, as glossary.py loads it."""

    @property
    def english(self) -> tuple[str, ...]: ...

    @property
    def names(self) -> tuple[str, ...]: ...


def _normalized(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def occurs(term: str, text: str) -> bool:
    """A term occurs in a text: case-insensitively after NFKC, a Latin term from the start of a word."""
    key = _normalized(term)
    start = r"(?<![^\W_])" if key[:1].isascii() and key[:1].isalnum() else ""
    return re.search(start + re.escape(key), _normalized(text)) is not None


def _concepts_in(text: str, concepts: Sequence[GlossaryConcept], english: bool) -> tuple[str, ...]:
    words: dict[str, None] = {}
    for concept in concepts:
        if any(occurs(t, text) for t in (concept.english if english else concept.names)):
            words.update(dict.fromkeys(concept.names))
    return tuple(words)


def fault_words(catalog: Catalog, locale: str, concepts: Sequence[GlossaryConcept]) -> dict[int, tuple[str, ...]]:
    """fault -> the names of every concept the fault talks about (in its English text or the text the locale shows)."""
    found = {}
    for fault_id in catalog.fault_ids:
        english = " ".join(catalog.texts[catalog.default_locale].faults[fault_id].get(f) or "" for f in TEXT_FIELDS)
        shown = " ".join(shown_field(catalog, locale, fault_id, f).text for f in TEXT_FIELDS)
        words = dict.fromkeys((*_concepts_in(english, concepts, True), *_concepts_in(shown, concepts, False)))
        if words:
            found[fault_id] = tuple(words)
    return found


def name_words(name: str, concepts: Sequence[GlossaryConcept]) -> tuple[str, ...]:
    """The names of every concept a fault's name holds (its English terms, or one of its names)."""
    return tuple(dict.fromkeys((*_concepts_in(name, concepts, True), *_concepts_in(name, concepts, False))))
