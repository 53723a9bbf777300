"""The reviewed glossary (issue 20 item 2): what readers of each locale call the things the faults talk about.

data/glossary/<locale>.yaml holds one entry per concept: the English terms the fault text uses, the name a reader
of the locale sees on their Mac or in Cisco's console (`preferred`), the other ways they type it (`variants`), and
where both come from (`source`). Search adds a concept's names to every fault it concerns; the translators' export
lists "english -> preferred" per unit. A missing folder or file is an empty glossary.

Rules, checked with located problems (file, line, locale, field "<concept>.<key>"):
- known keys only; `concept`, `english`, `preferred` and `source` are required; no empty text;
- every locale file lists the same concepts (a concept in one file and not in another is reported at the file
  that lacks it) with the same `english` terms (compared with the first configured locale that has the concept);
- each `english` term occurs in the English text of at least one fault;
- no term twice: not within an entry, and no `english` term or name in two concepts of one file;
- `source` names a seed ("seed 002"), an address ("support.apple.com/..."), or says "common usage".

One matching rule for every use, `occurs`: the term and the text as search normalizes them (the lexicon's
pipeline: NFKC, lower case, punctuation as spaces); a term that begins with a letter or digit of a spaced script
(Latin, Greek, Cyrillic) must begin a word there; its end is open, so plurals and endings match ("restart" in
"restarting", "netwerkfilter" in "netwerkfilters"); and it has the polarity it has in the text, as the search
analyzer reads negation words (terms.py): "approve" does not occur in "not approved" nor 承認 in 承認されていません,
while "not authorized" occurs only where it is negated. So a fault whose text says "has been approved" is not
about being blocked, and one that says "not allowed" is not about allowing.

Longer than the house's 250 lines: the loader's cross-file checks apply the same matching rule as the functions
search and the export call, and stay beside it rather than importing it back from a second module.

Longer than ~250 lines: the loader and its located checks share the entry shape; splitting them would spread one
file format over two modules.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .fallback import shown_field
from .model import TEXT_FIELDS, Catalog
from .problems import Problem
from .schema import DocChecks, kind
from .terms import Span, polarity
from .yamlfile import YamlDoc, YamlPath, read_yaml

GLOSSARY_DIR = "glossary"
ENGLISH = "en"  # the site whose analyzer reads the faults' English text and the `english` terms
_KEYS = ("concept", "english", "preferred", "variants", "source")
_CONCEPT = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_SOURCE = re.compile(r"seed \d{3}|common usage|[a-z0-9-]+(?:\.[a-z0-9-]+)+/", re.IGNORECASE)
_MAX_TERM = 120
_MAX_SOURCE = 1000


@dataclass(frozen=True)
class Term:
    """One concept in one locale."""

    concept: str
    english: tuple[str, ...]
    preferred: str
    variants: tuple[str, ...]
    source: str

    @property
    def names(self) -> tuple[str, ...]:
        """The preferred name, then the variants: every way a reader of the locale writes the concept."""
        return (self.preferred, *self.variants)


@dataclass(frozen=True)
class Glossary:
    """Every locale's terms, in file order."""

    terms: Mapping[str, tuple[Term, ...]] = field(default_factory=dict)

    def of(self, locale: str) -> tuple[Term, ...]:
        """The terms of `locale` (none when it has no glossary file)."""
        return self.terms.get(locale, ())


def normalized(text: str) -> str:
    """Text as terms are compared: NFKC, case folded, runs of white space as one space."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


# A letter or digit of a script that separates words with spaces (Latin, Greek, Cyrillic: Hangul and CJK start at
# U+1100): a term that begins with one must not follow one.
_SPACED = re.compile(r"[^\W_\u1100-\U0010ffff]")


@dataclass(frozen=True)
class _Key:
    """A term as `occurs` looks for it: normalized, whether it is negated, whether it must begin a word."""

    text: str
    negative: bool
    spaced: bool


def _key(term: str, locale: str) -> _Key | None:
    key, key_words = polarity(term, locale)
    if not key:
        return None
    negative = any(negated for _start, _end, negated in key_words)
    return _Key(key, negative, _SPACED.match(key) is not None)


def _found(key: _Key, body: str, words: tuple[Span, ...]) -> bool:
    at = body.find(key.text)
    while at != -1:
        end = at + len(key.text)
        if not (key.spaced and at and _SPACED.match(body[at - 1])):
            negated = any(negated for start, stop, negated in words if start < end and stop > at)
            if negated == key.negative:
                return True
        at = body.find(key.text, at + 1)
    return False


def occurs(term: str, text: str, locale: str = ENGLISH) -> bool:
    """Whether `term` occurs in `text` on `locale`'s site under the glossary's matching rule (see the module's
    docstring): found in the text as search normalizes both, and of the same polarity there."""
    key = _key(term, locale)
    return key is not None and _found(key, *polarity(text, locale))


class TermFinder:
    """`occurs` for many terms in many texts: each term normalized once, each text once, and a term looked at
    closely only where its normalized form is in the text (most terms are in none of a fault's texts)."""

    def __init__(self, terms: Iterable[str], locale: str) -> None:
        self.locale = locale
        self._keys = [(term, key) for term in dict.fromkeys(terms) if (key := _key(term, locale)) is not None]

    def found(self, text: str) -> set[str]:
        """The terms that occur in `text` (as `occurs` says, term by term)."""
        body, words = polarity(text, self.locale)
        return {term for term, key in self._keys if key.text in body and _found(key, body, words)}


def fault_texts(catalog: Catalog, locale: str) -> dict[int, str]:
    """fault id -> every field the locale's page shows (its own text, or English where it has none)."""
    return {
        fault_id: "\n\n".join(shown_field(catalog, locale, fault_id, name).text for name in TEXT_FIELDS)
        for fault_id in catalog.fault_ids
    }


def fault_terms(
    glossary: Glossary, english_texts: Mapping[int, str], shown_texts: Mapping[int, str], locale: str
) -> dict[int, tuple[str, ...]]:
    """fault id -> the locale's names of every concept the fault concerns (its English text has an `english` term,
    or the text the locale's page shows has one of the names): what search adds to the fault on that site."""
    terms = glossary.of(locale)
    in_english = TermFinder((word for term in terms for word in term.english), ENGLISH)
    in_shown = TermFinder((name for term in terms for name in term.names), locale)
    found: dict[int, tuple[str, ...]] = {}
    for fault_id, english in english_texts.items():
        english_words, shown_names = in_english.found(english), in_shown.found(shown_texts.get(fault_id, ""))
        names: list[str] = []
        for term in terms:
            if not english_words.isdisjoint(term.english) or not shown_names.isdisjoint(term.names):
                names.extend(term.names)
        found[fault_id] = tuple(dict.fromkeys(names))
    return found


def unit_terms(glossary: Glossary, locale: str, english_text: str) -> list[tuple[str, str]]:
    """("english term", "preferred") for each concept whose English term occurs in `english_text` (its first such
    term), in the glossary's order: what a translator of that unit should use."""
    pairs = []
    for term in glossary.of(locale):
        first = next((word for word in term.english if occurs(word, english_text)), None)
        if first is not None:
            pairs.append((first, term.preferred))
    return pairs


# --- loading and checking -------------------------------------------------------------------------------------


def load_glossary(
    data_dir: Path, english_texts: Mapping[int, str], locales: Sequence[str]
) -> tuple[Glossary, list[Problem]]:
    """Read data/glossary/<locale>.yaml for the configured `locales` and check it against the faults' English
    text (fault id -> text); every problem is returned, and the terms that are sound."""
    folder = data_dir / GLOSSARY_DIR
    if not folder.is_dir():
        return Glossary(), []
    problems: list[Problem] = []
    docs: dict[str, YamlDoc] = {}
    for path in sorted(folder.glob("*.yaml")):
        label = f"{GLOSSARY_DIR}/{path.name}"
        if path.stem not in locales:
            message = f"locale {path.stem!r} is not configured in mkdocs.yml ({', '.join(locales)})"
            problems.append(Problem(file=label, locale=path.stem, message=message))
            continue
        doc, found = read_yaml(path, label)
        problems += [replace(problem, locale=path.stem) for problem in found]
        if doc is not None:
            docs[path.stem] = doc
    ordered = [locale for locale in locales if locale in docs]
    parsed = {locale: _entries(DocChecks(docs[locale], problems), locale) for locale in ordered}
    english = list(english_texts.values())
    for locale in ordered:
        _check_file(DocChecks(docs[locale], problems), locale, parsed, english)
    terms = {locale: tuple(term for _index, _concept, term in parsed[locale] if term) for locale in ordered}
    return Glossary(terms), problems


Entry = tuple[int, str | None, Term | None]  # index in `terms`, concept id if sound, the term if all of it is


def _entries(check: DocChecks, locale: str) -> list[Entry]:
    """The entries of one file, each checked on its own."""
    top = check.mapping(check.doc.data, (), ("terms",), locale=locale)
    raw = top.get("terms")
    if not isinstance(raw, list):
        check.report(("terms",), f"expected a list of terms, found {kind(raw)}", locale=locale, field="terms")
        return []
    return [(index, *_entry(check, index, spec, locale)) for index, spec in enumerate(raw)]


def _entry(check: DocChecks, index: int, spec: Any, locale: str) -> tuple[str | None, Term | None]:
    path: YamlPath = ("terms", index)
    concept = spec.get("concept") if isinstance(spec, dict) else None
    if not isinstance(concept, str) or not _CONCEPT.match(concept):
        message = f"concept must be an id of lower-case words joined by '-', found {concept!r:.40}"
        check.report(path + ("concept",), message, locale=locale, field="concept")
        concept = None
    name = concept or str(index)  # how problems name the entry's fields
    spec = check.mapping(spec, path, _KEYS, locale=locale, field=name)
    english = _texts(check, path, spec, "english", name, locale, required=True)
    variants = _texts(check, path, spec, "variants", name, locale, required=False)
    preferred = _text(check, path, spec, "preferred", name, locale, _MAX_TERM)
    source = _text(check, path, spec, "source", name, locale, _MAX_SOURCE)
    if source is not None and not _SOURCE.search(source):
        message = 'source must name a seed ("seed 002, fault 17"), an address, or say "common usage"'
        check.report(path + ("source",), message, locale=locale, field=f"{concept}.source")
        source = None
    if concept is None or english is None or variants is None or preferred is None or source is None:
        return concept, None
    return concept, Term(concept, english, preferred, variants, source)


def _text(
    check: DocChecks, path: YamlPath, spec: dict[str, Any], key: str, name: str, locale: str, limit: int
) -> str | None:
    value = spec.get(key)
    if value is None:
        check.report(path, f"missing {key}", locale=locale, field=f"{name}.{key}")
        return None
    return _one(check, path + (key,), value, f"{name}.{key}", locale, limit)


def _one(check: DocChecks, path: YamlPath, value: Any, field: str, locale: str, limit: int = _MAX_TERM) -> str | None:
    """`value` if it is one line of text, not empty and at most `limit` characters long; else report it."""
    if not isinstance(value, str) or not value.strip():
        check.report(path, f"expected non-empty text, found {kind(value)} {value!r:.40}", locale=locale, field=field)
        return None
    if "\n" in value or len(value) > limit:
        check.report(path, f"expected one line of at most {limit} characters", locale=locale, field=field)
        return None
    return value.strip()


def _texts(
    check: DocChecks, path: YamlPath, spec: dict[str, Any], key: str, name: str, locale: str, *, required: bool
) -> tuple[str, ...] | None:
    value = spec.get(key)
    field = f"{name}.{key}"
    if value is None and not required:
        return ()
    if not isinstance(value, list) or (required and not value):
        wanted = "a non-empty list" if required else "a list"
        at = path + (key,) if key in spec else path
        check.report(at, f"{key} must be {wanted}, found {kind(value)}", locale=locale, field=field)
        return None
    items = [_one(check, path + (key, i), item, field, locale) for i, item in enumerate(value)]
    return None if None in items else tuple(item for item in items if item is not None)


def _check_file(check: DocChecks, locale: str, parsed: Mapping[str, list[Entry]], english: list[str]) -> None:
    """The checks across entries and files: no duplicates, the same concepts and English everywhere, English found."""
    entries = parsed[locale]
    _check_duplicates(check, locale, entries)
    mine = {concept for _index, concept, _term in entries}
    elsewhere: dict[str, str] = {}  # concept -> the first other locale that lists it
    for other, theirs in parsed.items():
        for _index, concept, _term in theirs:
            if concept and concept not in mine:
                elsewhere.setdefault(concept, other)
    for concept, other in elsewhere.items():
        message = f"concept {concept!r} is in {GLOSSARY_DIR}/{other}.yaml but not here: every locale lists the same"
        check.report(("terms",), message, locale=locale, field=concept)
    reference: dict[str, Term] = {}  # concept -> its term in the first configured locale that has it whole
    for theirs in parsed.values():
        for _index, concept, term in theirs:
            if concept and term:
                reference.setdefault(concept, term)
    for index, concept, term in entries:
        if concept is None or term is None:
            continue
        if set(map(normalized, reference[concept].english)) != set(map(normalized, term.english)):
            message = (
                f"english must be the same in every locale's file, as first given: {list(reference[concept].english)}"
            )
            check.report(("terms", index, "english"), message, locale=locale, field=f"{concept}.english")
        for number, word in enumerate(term.english):
            if not any(occurs(word, text) for text in english):
                message = f"english term {word!r} occurs in no fault's English text"
                check.report(("terms", index, "english", number), message, locale=locale, field=f"{concept}.english")


def _check_duplicates(check: DocChecks, locale: str, entries: list[Entry]) -> None:
    """No concept twice; no term twice within an entry; no English term or name in two concepts of the file."""
    concepts: dict[str, int] = {}
    owners: dict[tuple[str, str], str] = {}  # ("english" or "names", normalized term) -> concept
    for index, concept, term in entries:
        if concept is None:
            continue
        if concept in concepts:
            message = f"concept {concept!r} appears twice (first as entry {concepts[concept] + 1})"
            check.report(("terms", index, "concept"), message, locale=locale, field=concept)
            continue
        concepts[concept] = index
        if term is None:
            continue
        for key, words in (("english", term.english), ("names", term.names)):
            seen: set[str] = set()
            for number, word in enumerate(words):
                path = _term_path(index, key, number)
                field = f"{concept}.{path[2]}"
                if normalized(word) in seen:
                    check.report(path, f"{word!r} is given twice in this entry", locale=locale, field=field)
                elif owners.setdefault((key, normalized(word)), concept) != concept:
                    owner = owners[(key, normalized(word))]
                    check.report(path, f"{word!r} is also a term of concept {owner!r}", locale=locale, field=field)
                seen.add(normalized(word))


def _term_path(index: int, key: str, number: int) -> YamlPath:
    """Where the `number`th English term or name (preferred first, then variants) of entry `index` is."""
    if key == "english":
        return ("terms", index, "english", number)
    return ("terms", index, "preferred") if number == 0 else ("terms", index, "variants", number - 1)
