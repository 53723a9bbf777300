"""The site's search index (issue 10): one per locale, built from the data, read by our own search engine
(overrides/assets/javascripts/fault-search.js) inside Material's search box and by the fault-ID field.

Material lets a site replace its search worker (the "search" URL of its configuration; its worker protocol is
four messages, SETUP/READY/QUERY/RESULT). We do, because lunr could not be made to rank a fault first for the
ways readers search (IDs typed any way, pasted notifications, a katakana word, English on /ja/) and loads the
whole index before the first result. The index here is term -> fault postings, with the weights computed at
build time, sharded by term, so that a query fetches only the shards of its terms.

Every text passes `normalize` (the query pipeline, shared with the browser) and `tokens` (one rule for every
script, also written twice and tested against one table, tests/search_cases.json):
- Latin words, numbers and versions are whole terms (`10.15.5`); the engine matches their inflections, compounds
  and typos against the vocabulary at query time (stemming that needs no per-language code on either side);
- kana/Han and Hangul runs become their overlapping character pairs (a lone character stays itself), so a
  Japanese or Chinese word and a Korean word with any particle or ending match whatever the reader types.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .fallback import shown_field, ui_string
from .model import Catalog
from .normalize import normalize
from .parallel import fork_map
from .render import fault_title
from .urls import locale_prefix

FORMAT = 1
SEARCH_DIR = "search"
INDEX_FILE = "search_index.json"  # where Material's bundle fetches the index: our manifest, passed to the worker
SHARD_BYTES = 16_000  # a locale's postings above this size are split into shards of about this size
TEXT_CHUNK = 10  # documents per chunk of result text (loaded only for the results shown)
# Field weights: a fault's own names (portal text and endpoint description) count three times its body; their
# versions in the other languages (searchable on every locale, never displayed: English pasted on /ja/) twice.
# Pages that are not faults (home, status) come after every fault that matches: the engine orders them so.
NAME_WEIGHT = 3.0
OTHER_NAME_WEIGHT = 2.0
_K1, _B = 1.2, 0.75  # BM25 saturation and length normalization of the body

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
_HANGUL = "\uac00-\ud7af\u1100-\u11ff\u3130-\u318f"
_RUN = re.compile(f"[{_CJK}]+|[{_HANGUL}]+|[^{_CJK}{_HANGUL}]+")
_PAIRED = re.compile(f"[{_CJK}{_HANGUL}]")

# Markdown of the data (a checked subset: links by reference, code spans, emphasis, lists) to plain text.
_REFERENCE_LINK = re.compile(r"\[([^\[\]]{0,2000})\]\[[^\[\]]{0,200}\]")
_MARKUP = re.compile(r"[`*_]|^\s{0,3}(?:[-+]|\d+\.)\s+|^\s{0,3}>\s?|^#{1,6}\s+", re.M)


def tokens(normalized: str) -> list[str]:
    """The index terms of an already normalized text, in order (with repeats)."""
    found: list[str] = []
    for word in normalized.split(" "):
        for run in _RUN.findall(word):
            if _PAIRED.match(run) and len(run) > 1:
                found.extend(run[i : i + 2] for i in range(len(run) - 1))
            elif run:
                found.append(run)
    return found


@functools.lru_cache(maxsize=65_536)
def _terms(text: str) -> tuple[str, ...]:
    """The terms of a text through the query pipeline; names recur (each locale indexes the others' names)."""
    return tuple(tokens(normalize(text)))


def shard_of(term: str, count: int) -> int:
    """The shard that holds `term`: FNV-1a (32 bit) over its code points, modulo `count`."""
    value = 0x811C9DC5
    for char in term:
        value = ((value ^ ord(char)) * 0x01000193) & 0xFFFFFFFF
    return value % count


def plain_text(markdown: str) -> str:
    """What a reader sees of the data's Markdown, as one line per paragraph."""
    text = _MARKUP.sub("", _REFERENCE_LINK.sub(r"\1", markdown))
    paragraphs = (" ".join(block.split()) for block in re.split(r"\n\s*\n|\n(?=\S)", text))
    return "\n".join(p for p in paragraphs if p)


@dataclass(frozen=True)
class SearchDoc:
    """One page as search sees it."""

    location: str  # relative to the locale's root, as Material's results link it
    title: str  # displayed (plain text; the engine escapes it)
    fault: int  # 0 for a page that is not a fault
    names: tuple[str, ...]  # the fault's names: its portal text and endpoint description as the locale shows them
    other_names: tuple[str, ...]  # their versions in the other locales (searchable, never displayed)
    body: str  # plain text, one paragraph per line


_NAME_FIELDS = ("portal_text", "endpoint_description")
_MAX_NAMES = 31


def _names(catalog: Catalog, locale: str, fault_id: int) -> tuple[str, ...]:
    return tuple(plain_text(shown_field(catalog, locale, fault_id, field).text) for field in _NAME_FIELDS)


def locale_docs(catalog: Catalog, locale: str) -> list[SearchDoc]:
    """Every page of a locale that search finds: the faults (from the data), the home and status pages."""
    default = catalog.default_locale
    ui = {key: ui_string(catalog, locale, key).text for key in catalog.texts[default].ui}
    docs = [
        SearchDoc("", ui["site_name"], 0, (), (), "\n".join((ui["intro"], ui["table_intro"]))),
        SearchDoc("status/", ui["status_title"], 0, (), (), ui["status_intro"]),
    ]
    for fault_id in catalog.fault_ids:
        names = _names(catalog, locale, fault_id)
        others: dict[str, None] = {}  # each distinct name once, in the order of the locales
        for other in catalog.locales:
            for name in _names(catalog, other, fault_id):
                if name and name not in names:
                    others[name] = None
        resolution = plain_text(shown_field(catalog, locale, fault_id, "resolution").text)
        body = "\n".join((resolution, *catalog.fault(fault_id).logs))
        title = fault_title(ui, fault_id, names[0])
        # A name is a bit of the postings' masks (31 bits in JavaScript): beyond 15 locales, later names only count
        # as words.
        other_names = tuple(others)[: _MAX_NAMES - len(names)]
        docs.append(SearchDoc(f"faults/{fault_id}/", title, fault_id, names, other_names, body))
    return docs


def _weights(docs: list[SearchDoc]) -> dict[str, dict[int, tuple[int, int]]]:
    """term -> document number -> (weight x100 as an integer, mask of the document's names holding the term).
    The weight is BM25 of the body plus the names' weight where a name holds the term."""
    bodies = [_terms(doc.body) for doc in docs]
    average = sum(map(len, bodies)) / max(1, len(bodies)) or 1.0
    postings: dict[str, dict[int, tuple[int, int]]] = {}
    for number, (doc, body) in enumerate(zip(docs, bodies, strict=True)):
        weight: dict[str, float] = {}
        for term, tf in Counter(body).items():
            norm = _K1 * (1 - _B + _B * len(body) / average)
            weight[term] = tf * (_K1 + 1) / (tf + norm)
        for term in {t for name in (doc.title, *doc.names) for t in _terms(name)}:
            weight[term] = weight.get(term, 0.0) + NAME_WEIGHT
        for term in {t for name in doc.other_names for t in _terms(name)}:
            weight[term] = max(weight.get(term, 0.0), OTHER_NAME_WEIGHT)
        masks: dict[str, int] = {}
        for bit, name in enumerate((*doc.names, *doc.other_names)):
            for term in set(_terms(name)):
                masks[term] = masks.get(term, 0) | 1 << bit
        for term, value in weight.items():
            postings.setdefault(term, {})[number] = (max(1, round(100 * value)), masks.get(term, 0))
    return postings


def _dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def locale_index(catalog: Catalog, locale: str) -> dict[str, str]:
    """File name (inside the locale's search/ folder) -> content, for one locale."""
    docs = locale_docs(catalog, locale)
    postings = _weights(docs)
    flat = {
        term: [x for number, (w, mask) in sorted(by_doc.items()) for x in (number, w, mask)]
        for term, by_doc in postings.items()
    }
    size = len(_dumps(flat).encode("utf-8"))
    shards = max(1, math.ceil(size / SHARD_BYTES))
    grouped: list[dict[str, list[int]]] = [{} for _ in range(shards)]
    for term, postings_of_term in flat.items():
        grouped[shard_of(term, shards)][term] = postings_of_term
    files = {f"terms-{shard}.json": _dumps(terms) for shard, terms in enumerate(grouped)}
    for start in range(0, len(docs), TEXT_CHUNK):
        files[f"text-{start // TEXT_CHUNK}.json"] = _dumps([doc.body for doc in docs[start : start + TEXT_CHUNK]])
    version = hashlib.sha256("".join(files[name] for name in sorted(files)).encode("utf-8")).hexdigest()[:12]
    engine = {
        "format": FORMAT,
        "version": version,
        "prefix": locale_prefix(locale, catalog.default_locale),
        "shards": shards,
        "chunk": TEXT_CHUNK,
        "best_match": ui_string(catalog, locale, "search_best_match").text,
        # Every document: location, title, fault, and the number of distinct terms of each of its names
        # (own, then other languages'; a posting's mask says which names hold its term), with which the engine
        # tells an exact match (a pasted name, whole) from a partial one.
        "pages": [
            [
                doc.location,
                doc.title,
                doc.fault,
                [len(set(_terms(name))) for name in (*doc.names, *doc.other_names)],
            ]
            for doc in docs
        ],
        # The terms that are not character pairs: the engine matches inflections, compounds and typos in it.
        "vocabulary": sorted(t for t in flat if not _PAIRED.match(t)),
    }
    # Material's bundle reads "config" and "docs" and passes "config" to the worker; the engine's part rides in it.
    manifest = {
        "config": {"lang": [locale], "separator": "[\\s]+", "pipeline": [], "fields": {}, "fault_search": engine}
    }
    files[INDEX_FILE] = _dumps({**manifest, "docs": []})
    return files


# Our worker, published as one file: the query pipeline, the engine and Material's worker protocol, in this order.
WORKER_PARTS = ("normalize.js", "fault-search.js", "search-worker.js")


def worker_source(scripts: Path) -> str:
    """The worker's code, from the scripts folder of overrides/ (a change to any part changes its name)."""
    return "\n".join((scripts / part).read_text(encoding="utf-8") for part in WORKER_PARTS)


def worker_path(source: str) -> str:
    """The worker's site path, fingerprinted by its content (browsers may cache it for a year)."""
    digest = hashlib.sha256(source.encode("utf-8")).hexdigest()[:8]
    return f"assets/javascripts/workers/fault-search.{digest}.min.js"


def write_search(site: Path, catalog: Catalog, worker: str, processes: int = 1) -> dict[str, int]:
    """Every locale's index files under <prefix>search/, and the worker; return the index bytes per locale.

    The locales' indexes are made by `processes` processes (forked; this one among them)."""

    def write(locale: str) -> int:
        folder = site / locale_prefix(locale, catalog.default_locale) / SEARCH_DIR
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("*.json"):  # Material's own index (lunr's) is not read by our worker
            stale.unlink()
        files = locale_index(catalog, locale)
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
        return sum(len(text.encode("utf-8")) for text in files.values())

    sizes = dict(zip(catalog.locales, fork_map(write, catalog.locales, processes), strict=True))
    target = site / worker_path(worker)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(worker, encoding="utf-8")
    return sizes
