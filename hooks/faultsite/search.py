"""The site's search index (issues 10 and 20): one per locale, built from the data, read by our own search engine
(overrides/assets/javascripts/fault-search.js) inside Material's search box and by the fault-ID field.

Material lets a site replace its search worker (the "search" URL of its configuration; its worker protocol is
four messages, SETUP/READY/QUERY/RESULT). We do, because lunr could not be made to rank a fault first for the
ways readers search and loads the whole index before the first result. Every text passes the query pipeline and
the locale's analyzer (terms.py: ICU words, Snowball stems, stop words, negations), as every query does in the
browser. The index is term -> fault postings with the weights computed here; the postings, the vocabulary (which
the engine matches inflections, compounds and typos in) and the texts for teasers are each split into files, so
that a query fetches only what its words need (issue 20, item 6):

- search_index.json: the manifest (Material's bundle fetches it and hands its config to the worker): per page its
  location, title, fault and the sizes of its names; the locale's stop words;
- terms-<n>.json: term -> [document step, weight x100, mask of the names holding it, ...], by a hash of the term
  (without its marks: "!" of a negated word, "~" of a glossary word, so that a word's forms share a shard);
- words-<n>.json: the terms' words, by a hash of their first character (the engine's matches share it), a word
  only the glossary's names hold marked "~";
- text-<n>.json: the bodies of ten documents, for the teasers of the results shown.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .compounds import compound_parts
from .fallback import ui_string
from .glossary_terms import FAULT_WORDS, NAME_WORDS, GlossaryConcept, english_texts_read
from .memo import Memo, environment, strings
from .model import Catalog
from .normalize import normalize
from .parallel import fork_map
from .search_docs import SearchDoc, locale_docs, plain_text
from .terms import NEGATED, analyzer, stop_words
from .urls import fault_page, locale_prefix
from .worker import worker_path, worker_source

__all__ = ["SearchDoc", "locale_index", "plain_text", "shard_of", "worker_path", "worker_source", "write_search"]

FORMAT = 3
SEARCH_DIR = "search"
INDEX_FILE = "search_index.json"  # where Material's bundle fetches the index: our manifest, passed to the worker
SHARD_BYTES = 4_000  # a locale's postings above this size are split into shards of about this size
WORD_SHARD_BYTES = 4_000  # and its vocabulary into shards of about this size
TEXT_CHUNK = 2  # documents per chunk of result text (loaded only for the results shown)
# Field weights: a fault's own names (portal text and endpoint description) count three times its body; their
# versions in the other languages (searchable on every locale, never displayed: English pasted on /ja/) twice;
# the locale's glossary words for what the fault talks about once; the parts of a compound half the compound.
NAME_WEIGHT = 3.0
OTHER_NAME_WEIGHT = 2.0
GLOSSARY_WEIGHT = 0.6
# The glossary's words are terms of their own ("~" + term): their rarity is counted apart from the faults' own words,
# and the engine counts a query word that only they match as half a match.
GLOSSED = "~"
PART_SHARE = 0.5
_K1, _B = 1.2, 0.75  # BM25 saturation and length normalization of the body


def shard_of(term: str, count: int) -> int:
    """The shard that holds `term`: FNV-1a (32 bit) over its code points, modulo `count`."""
    value = 0x811C9DC5
    for char in term:
        value = ((value ^ ord(char)) * 0x01000193) & 0xFFFFFFFF
    return value % count


def base(term: str) -> str:
    """A term without its glossary and negation marks: what its postings shard is chosen by."""
    return term.lstrip(GLOSSED).lstrip(NEGATED)


def word_key(term: str) -> str:
    """What a vocabulary shard is chosen by: the term's first character (after the marks)."""
    return base(term)[:1]


def _doc_weights(doc: SearchDoc, body: list[str], average: float, terms: Terms) -> dict[str, float]:
    weight: dict[str, float] = {}
    norm = _K1 * (1 - _B + _B * len(body) / average)
    for term, tf in Counter(body).items():
        weight[term] = tf * (_K1 + 1) / (tf + norm)
    for term in {t for name in doc.names for t in terms(name)}:
        weight[term] = weight.get(term, 0.0) + NAME_WEIGHT
    for term in {t for text in doc.other_names for t in terms(text)}:
        weight[term] = max(weight.get(term, 0.0), OTHER_NAME_WEIGHT)
    # Glossary words stay glossary words on a page shown in English too (fault 18 on /nl/): they weigh the same for
    # every fault, so an English page does not outrank a translated one whose glossary holds the same word.
    for term in {t for text in doc.glossary for t in terms(text)}:
        weight[GLOSSED + term] = max(weight.get(GLOSSED + term, 0.0), GLOSSARY_WEIGHT)
    for term in {t for words in doc.name_glossary for text in words for t in terms(text)}:
        weight[GLOSSED + term] = GLOSSARY_WEIGHT
    return weight


# (locale, text) -> its terms, across the builds of one serve session (memo.py).
TERMS: Memo[tuple[str, str], list[str]] = Memo(limit=200_000)


_FAULT_WORDS_FILE = "fault-words.json"


def _kept_memos() -> tuple[tuple[str, Memo[Any, Any], Callable[[Any], Any]], ...]:
    """What the cache folder keeps for each locale: (file name, memo, the value from its plain form or TypeError).
    Every key names the locale whose index asks for it, so each locale's build reads and writes its own files."""
    return (
        ("terms.json", TERMS, strings),
        ("name-words.json", NAME_WORDS, lambda value: tuple(strings(value))),
        (_FAULT_WORDS_FILE, FAULT_WORDS, lambda value: tuple(strings(value))),
    )


class Terms:
    """The terms of texts on one locale's site, remembered (names recur: each locale indexes the others')."""

    def __init__(self, locale: str) -> None:
        self.locale = locale
        self.analyzer = analyzer(locale)

    def __call__(self, text: str) -> list[str]:
        return TERMS.get((self.locale, text), lambda: self.analyzer.terms(normalize(text)))


def _postings(docs: list[SearchDoc], terms: Terms) -> dict[str, dict[int, tuple[int, int]]]:
    """term -> document -> (weight x100, mask of the document's names holding the term): BM25 of the body plus
    the names' weight; the parts of a compound count too, at half its weight."""
    bodies = [terms(doc.body) for doc in docs]
    average = sum(map(len, bodies)) / max(1, len(bodies)) or 1.0
    weights = [_doc_weights(doc, body, average, terms) for doc, body in zip(docs, bodies, strict=True)]
    vocabulary = {t for weight in weights for t in weight}
    postings: dict[str, dict[int, tuple[int, int]]] = {}
    for number, (doc, weight) in enumerate(zip(docs, weights, strict=True)):
        masks: dict[str, int] = {}
        for bit, name in enumerate((*doc.names, *doc.other_names)):
            for term in set(terms(name)):
                masks[term] = masks.get(term, 0) | 1 << bit
        for term, value in list(weight.items()):  # a compound's parts (as words of its text, not of its names)
            for part in compound_parts(term, vocabulary):
                weight[part] = max(weight.get(part, 0.0), value * PART_SHARE)
        # A name holds the glossary words of the concepts it names (for a phrase of names, not for how much of the
        # query a fault's own name holds).
        for bit, words in enumerate(doc.name_glossary):
            for term in {t for word in words for t in terms(word)}:
                masks[GLOSSED + term] = masks.get(GLOSSED + term, 0) | 1 << bit
        for term, value in weight.items():
            postings.setdefault(term, {})[number] = (max(1, round(100 * value)), masks.get(term, 0))
    return postings


def _encoded(by_doc: dict[int, tuple[int, int]]) -> list[int]:
    """[document, weight, mask, ...] in document order, each document as the step from the one before: the
    postings of a word most faults hold become runs of small numbers, which compress (at 1,000 faults a sixth)."""
    flat, previous = [], 0
    for number, (weight, mask) in sorted(by_doc.items()):
        flat += [number - previous, weight, mask]
        previous = number
    return flat


def _dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _sharded(entries: dict[str, object], size: int, key: str) -> tuple[int, list[dict[str, object]]]:
    """`entries` split into about `size`-byte shards by the hash of each entry's `key` (the term or first letter)."""
    count = max(1, math.ceil(len(_dumps(entries).encode("utf-8")) / size))
    shards: list[dict[str, object]] = [{} for _ in range(count)]
    for name, value in entries.items():
        shards[shard_of(word_key(name) if key == "first" else base(name), count)][name] = value
    return count, shards


def _vocabulary(terms: Iterable[str]) -> list[str]:
    """Each term's word once (without its marks), as "~" + the word where only the glossary's names hold it (the
    engine lets a word of the faults' own text, not a glossary variant, outrank its inflections)."""
    own: dict[str, bool] = {}
    for term in terms:
        own[base(term)] = own.get(base(term), False) or not term.startswith(GLOSSED)
    return [word if mine else GLOSSED + word for word, mine in own.items()]


def locale_index(catalog: Catalog, locale: str, glossary: Sequence[GlossaryConcept] = ()) -> dict[str, str]:
    """File name (inside the locale's search/ folder) -> content, for one locale."""
    docs = locale_docs(catalog, locale, glossary)
    terms = Terms(locale)
    flat = {term: _encoded(by_doc) for term, by_doc in _postings(docs, terms).items()}
    shards, term_shards = _sharded(dict(flat), SHARD_BYTES, "term")
    files = {f"terms-{n}.json": _dumps(shard) for n, shard in enumerate(term_shards)}
    word_shards, words = _sharded(dict.fromkeys(_vocabulary(flat), 0), WORD_SHARD_BYTES, "first")
    files.update({f"words-{n}.json": _dumps(sorted(shard)) for n, shard in enumerate(words)})
    for start in range(0, len(docs), TEXT_CHUNK):
        files[f"text-{start // TEXT_CHUNK}.json"] = _dumps([d.body for d in docs[start : start + TEXT_CHUNK]])
    version = hashlib.sha256("".join(files[name] for name in sorted(files)).encode("utf-8")).hexdigest()[:12]
    engine = {
        "format": FORMAT,
        "version": version,
        "locale": locale,
        "prefix": locale_prefix(locale, catalog.default_locale),
        "shards": shards,
        "word_shards": word_shards,
        "chunk": TEXT_CHUNK,
        "best_match": ui_string(catalog, locale, "search_best_match").text,
        "fault_page": fault_page("{id}"),  # a fault page inside the locale: the field reads pasted links by it
        "stop": sorted(stop_words(locale)),
        # Per document: its location, title, fault (0 for the home and status pages) and the number of distinct
        # terms of each of its names (own, then other languages'; a posting's mask says which names hold its term),
        # with which the engine tells an exact match (a pasted name, whole) from a partial one.
        "pages": [
            [doc.location, doc.title, doc.fault, [len(set(terms(n))) for n in (*doc.names, *doc.other_names)]]
            for doc in docs
        ],
    }
    # Material's bundle reads "config" and "docs" and passes "config" to the worker; the engine's part rides in it.
    manifest = {
        "config": {"lang": [locale], "separator": "[\\s]+", "pipeline": [], "fields": {}, "fault_search": engine}
    }
    files[INDEX_FILE] = _dumps({**manifest, "docs": []})
    return files


def write_search(
    site: Path,
    catalog: Catalog,
    worker: str,
    processes: int = 1,
    glossary: Mapping[str, Sequence[GlossaryConcept]] | None = None,
    cache: Path | None = None,
    made: Mapping[str, Mapping[str, str]] | None = None,
) -> dict[str, int]:
    """Every locale's index files under <prefix>search/ (those of `made`, locale -> files made by
    `locale_search_files` in a worker, written as they are), and the worker; return the index bytes per locale.
    `glossary`: locale -> its reviewed glossary's concepts. `cache`: a folder where the texts' terms and the names'
    and faults' glossary words each locale's index asks for are kept for the next build, one folder per locale, read
    and written by the process that makes that locale's index (`mkdocs build`; under serve they stay in memory),
    with the installed packages' versions and the hooks' code.

    The locales' indexes are made by `processes` processes (forked; this one among them)."""
    kept = _kept_memos()

    def write(locale: str) -> tuple[int, list[dict[Any, Any]]]:
        loaded = [memo.load(cache / locale / name, environment(), value) for name, memo, value in kept] if cache else []
        for _name, memo, _value in kept if cache else ():
            memo.track()
        size = _write_locale(site, catalog, locale, (glossary or {}).get(locale, ()))
        if cache is None:  # under serve: what this process computed goes to the server's memos (memo.py)
            return size, [memo.fresh() for _name, memo, _value in kept]
        for (name, memo, _value), were in zip(kept, loaded, strict=True):  # exactly what this locale asked for
            memo.save(cache / locale / name, environment(), memo.take_asked(), were)
            memo.forget()  # no later locale of this build asks for it (every key names its locale)
        return size, []

    # Made once in this process (cached) before the workers fork, so that every worker inherits them: each
    # locale's analyzer (zh-TW's OpenCC dictionaries alone take 0.2 s) and, unless every locale's glossary words
    # are kept, the faults' English text as the glossary reads it, which every locale's index matches its
    # concepts' English terms in (1.7 s at 1,000 faults).
    locales = [locale for locale in catalog.locales if locale not in (made or {})]
    for locale in locales:
        analyzer(locale)
    if cache is None or not all((cache / locale / _FAULT_WORDS_FILE).is_file() for locale in locales):
        english_texts_read(catalog, glossary or {})
    sizes = {locale: _write_index(site, catalog, locale, files) for locale, files in (made or {}).items()}
    for locale, (size, fresh) in zip(locales, fork_map(write, locales, processes), strict=True):
        sizes[locale] = size
        merge_search_memos(fresh)
    target = site / worker_path(worker)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(worker, encoding="utf-8")
    return sizes


def locale_search_files(
    catalog: Catalog, locale: str, concepts: Sequence[GlossaryConcept]
) -> tuple[dict[str, str], object]:
    """Under serve, in a forked worker: one locale's index files, for `write_search` (`made`) to write in the
    server's process (after Material's search plugin has written its own index there); what the memos computed
    meanwhile, for `merge_search_memos`."""
    return locale_index(catalog, locale, concepts), [memo.fresh() for _name, memo, _value in _kept_memos()]


def merge_search_memos(made: object) -> None:
    """Take in what a forked worker's memos computed (none under build: each process saved its own)."""
    assert isinstance(made, list)
    for (_name, memo, _value), entries in zip(_kept_memos(), made, strict=False):
        memo.merge(entries)  # for the next build's workers (memo.py)


def _write_locale(site: Path, catalog: Catalog, locale: str, concepts: Sequence[GlossaryConcept]) -> int:
    """One locale's index files under <prefix>search/; their bytes."""
    return _write_index(site, catalog, locale, locale_index(catalog, locale, concepts))


def _write_index(site: Path, catalog: Catalog, locale: str, files: Mapping[str, str]) -> int:
    """Write one locale's index files under <prefix>search/; their bytes."""
    folder = site / locale_prefix(locale, catalog.default_locale) / SEARCH_DIR
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.json"):  # Material's own index (lunr's) is not read by our worker
        stale.unlink()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return sum(len(text.encode("utf-8")) for text in files.values())
