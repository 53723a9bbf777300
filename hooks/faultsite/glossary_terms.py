"""Search through the reviewed glossary (issue 20, item 2; data/glossary/<locale>.yaml, loaded and validated by
glossary.py): a fault whose English text holds one of a concept's English terms, or whose shown text holds the
concept's localized name or a variant, is also found on the locale's site by that name and every variant, weighted
below the fault's own words. So a fault shown in English on a translated site (fault 18) is found in the locale's
words for its subject, and a reader's term (Apple's name, a common variant) finds the fault that uses another."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from .fallback import shown_field
from .model import TEXT_FIELDS, Catalog


class GlossaryConcept(Protocol):
    """One entry of a locale's glossary, as glossary.py loads it."""

    @property
    def english(self) -> Sequence[str]: ...

    @property
    def preferred(self) -> str: ...

    @property
    def variants(self) -> Sequence[str]: ...


def glossary_texts(catalog: Catalog, locale: str, glossary: Sequence[GlossaryConcept]) -> dict[int, tuple[str, ...]]:
    """fault -> the glossary's words (preferred, then variants) of every concept the fault talks about."""
    found: dict[int, tuple[str, ...]] = {}
    for fault_id in catalog.fault_ids:
        english = " ".join(catalog.texts[catalog.default_locale].faults[fault_id].get(f) or "" for f in TEXT_FIELDS)
        shown = " ".join(shown_field(catalog, locale, fault_id, f).text for f in TEXT_FIELDS)
        words: dict[str, None] = {}
        for concept in glossary:
            local = (concept.preferred, *concept.variants)
            if any(t.lower() in english.lower() for t in concept.english) or any(w in shown for w in local):
                words.update(dict.fromkeys(local))
        if words:
            found[fault_id] = tuple(words)
    return found
