"""Search through the reviewed glossary (issue 20, item 2; data/glossary/<locale>.yaml, loaded and checked by
glossary.py, whose matching rule `occurs` this module uses): a fault whose English text holds one of a concept's
English terms, or whose shown text holds one of the concept's names in the locale, is also found on the locale's
site by every one of those names, weighted below the fault's own words. So a fault shown in English on a translated
site (fault 18) is found in the locale's words for its subject, and a reader's term (Apple's name, a common variant)
finds the fault whose text uses another.

A name of a fault (its portal text or endpoint description, in any language) that holds a concept also holds the
concept's names for the phrase rules of the engine (a name that holds every word of the query): スキャンサービス
names fault 6, whose Japanese name says only サービス but whose English name says "Scan service"."""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

from .glossary import ENGLISH, GLOSSARY_DIR, Glossary, TermFinder, fault_terms, fault_texts, load_glossary
from .memo import Memo, hash_files
from .model import Catalog
from .problems import DataError, Problem
from .terms import polarity


class GlossaryConcept(Protocol):
    """One entry of a locale's glossary, as glossary.py loads it (glossary.Term)."""

    @property
    def english(self) -> tuple[str, ...]: ...

    @property
    def names(self) -> tuple[str, ...]: ...


# A digest of what load_glossary reads (the glossary files, the faults' English text, the locales) -> what it found:
# under serve, an edit elsewhere in data/ leaves the glossary as it was.
_LOADED: Memo[str, tuple[Glossary, list[Problem]]] = Memo(limit=4)


def site_glossary(data_dir: Path, catalog: Catalog) -> dict[str, Sequence[GlossaryConcept]]:
    """locale -> its glossary's concepts, checked; a DataError names every problem (file, line, concept, field)."""
    english = fault_texts(catalog, catalog.default_locale)
    digest = hashlib.sha256(json.dumps([catalog.locales, sorted(english.items())], ensure_ascii=False).encode())
    hash_files(digest, data_dir / GLOSSARY_DIR)
    glossary, problems = _LOADED.get(digest.hexdigest(), lambda: load_glossary(data_dir, english, catalog.locales))
    if problems:
        raise DataError(problems)
    return {locale: glossary.of(locale) for locale in catalog.locales}


# (locale, the concepts' fingerprint, a digest of the fault's English and shown text) -> fault_words' names for it:
# the same texts meet the same concepts build after build.
FAULT_WORDS: Memo[tuple[str, str, str], tuple[str, ...]] = Memo(limit=100_000)


def fault_words(catalog: Catalog, locale: str, concepts: Sequence[GlossaryConcept]) -> dict[int, tuple[str, ...]]:
    """fault -> the names of every concept the fault talks about (in its English text or the text the locale shows)."""
    if not concepts:
        return {}
    english, shown = fault_texts(catalog, catalog.default_locale), fault_texts(catalog, locale)
    keys = _fault_keys(locale, concepts, english, shown)
    words = {fault_id: FAULT_WORDS.find(key) for fault_id, key in keys.items()}
    unknown = [fault_id for fault_id, names in words.items() if names is None]
    if unknown:
        glossary = Glossary({locale: tuple(concepts)})  # type: ignore[arg-type]
        pick = {fault_id: english[fault_id] for fault_id in unknown}
        for fault_id, names in fault_terms(glossary, pick, {f: shown[f] for f in unknown}, locale).items():
            FAULT_WORDS.put(keys[fault_id], names)
            words[fault_id] = names
    return {fault_id: names for fault_id, names in words.items() if names is not None}


def _fault_keys(
    locale: str, concepts: Sequence[GlossaryConcept], english: dict[int, str], shown: dict[int, str]
) -> dict[int, tuple[str, str, str]]:
    """fault -> its key in FAULT_WORDS on `locale`'s site."""
    fingerprint = _fingerprint(tuple(concepts))
    return {
        fault_id: (
            locale,
            fingerprint,
            hashlib.sha256(f"{text}\0{shown[fault_id]}".encode("utf-8", "surrogatepass")).hexdigest(),
        )
        for fault_id, text in english.items()
    }


def english_texts_read(catalog: Catalog, glossary: Mapping[str, Sequence[GlossaryConcept]]) -> None:
    """Read the faults' English text as every locale's `fault_words` matches it (terms.polarity keeps it), where a
    locale's `fault_words` does not know the fault's words yet."""
    english = fault_texts(catalog, catalog.default_locale)
    unknown: set[int] = set()
    for locale, concepts in glossary.items():
        if concepts:
            keys = _fault_keys(locale, concepts, english, fault_texts(catalog, locale))
            unknown |= {fault_id for fault_id, key in keys.items() if key not in FAULT_WORDS.known}
    for fault_id in sorted(unknown):
        polarity(english[fault_id], ENGLISH)


# (name, locale, the concepts' fingerprint) -> name_words: names recur (each locale's index holds every locale's)
# and survive edits.
NAME_WORDS: Memo[tuple[str, str, str], tuple[str, ...]] = Memo(limit=100_000)


def name_words(name: str, concepts: Sequence[GlossaryConcept], locale: str) -> tuple[str, ...]:
    """The names of every concept a fault's name holds on `locale`'s site (one of its English terms, or one of its
    names, each of the same polarity there)."""
    return NAME_WORDS.get((name, locale, _fingerprint(tuple(concepts))), lambda: _name_words(name, concepts, locale))


@functools.lru_cache(maxsize=16)
def _fingerprint(concepts: tuple[GlossaryConcept, ...]) -> str:
    """All that `_name_words` reads of the concepts: each one's English terms and names, in order."""
    plain = json.dumps([[list(concept.english), list(concept.names)] for concept in concepts], ensure_ascii=False)
    return hashlib.sha256(plain.encode("utf-8")).hexdigest()


def _name_words(name: str, concepts: Sequence[GlossaryConcept], locale: str) -> tuple[str, ...]:
    found = _finder(tuple(concepts), locale).found(name)
    words: dict[str, None] = {}
    for concept in concepts:
        if not found.isdisjoint((*concept.english, *concept.names)):
            words.update(dict.fromkeys(concept.names))
    return tuple(words)


@functools.lru_cache(maxsize=8)  # one per locale of the build: every term of the glossary normalized once
def _finder(concepts: tuple[GlossaryConcept, ...], locale: str) -> TermFinder:
    return TermFinder((term for concept in concepts for term in (*concept.english, *concept.names)), locale)
