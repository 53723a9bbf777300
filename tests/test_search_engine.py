"""The search engine outside the browser: the index's Python writer and the JavaScript reader agree, the
evaluation sets pass in Node on the real index, and nothing from the data reaches a result unescaped.

The browser test (tests/browser/test_search.py) runs the same sets through Material's search box."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from evalsets import Case, failing_locales, hit, load_cases, report
from jsharness import Harness, built_worker, source_worker

from conftest import DEFAULT_LOCALE, LOCALES, node_executable
from faultsite.model import Catalog
from faultsite.normalize import normalize
from faultsite.search import locale_index, plain_text, shard_of
from faultsite.search_docs import locale_docs
from faultsite.terms import analyzer, terms
from faultsite.urls import locale_prefix


@pytest.fixture(scope="module")
def site_engine(built_site: Path) -> Iterator[Harness]:
    """The published worker in Node on the built site's index."""
    running = Harness(node_executable(), built_worker(built_site), built_site)
    yield running
    running.close()


def search_site(engine: Harness, locale: str, queries: list[str]) -> list[dict[str, Any]]:
    """Per query: the result locations best first, whether the first is labelled the best match, the first result
    as Material receives it, and the first ten."""
    found: list[dict[str, Any]] = engine("search", prefix=locale_prefix(locale, DEFAULT_LOCALE), queries=queries)
    return found


def faults_of(result: dict[str, Any]) -> list[int]:
    return [int(m.group(1)) if (m := re.match(r"faults/(\d+)/$", loc)) else 0 for loc in result["locations"]]


def test_both_sides_put_every_term_of_the_real_index_in_the_same_shard(
    catalog: Catalog, tmp_path_factory: pytest.TempPathFactory
) -> None:
    words = {
        w
        for locale in LOCALES
        for n, t in locale_index(catalog, locale).items()
        if n.startswith("words-")
        for w in json.loads(t)
    }
    program = [sorted(words), [1, 2, 7, 64]]
    engine = Harness(node_executable(), source_worker(tmp_path_factory.mktemp("worker")))
    try:
        shards = engine("shards", terms=program[0], counts=program[1])
    finally:
        engine.close()
    assert shards == [[shard_of(t, n) for n in program[1]] for t in program[0]]


def test_plain_text_drops_the_markdown_a_reader_does_not_see() -> None:
    markdown = "Open *Security* and `ampdaemon`.\n\n- [this tech note][tech-note]\n- second\n"
    assert plain_text(markdown) == "Open Security and ampdaemon.\nthis tech note\nsecond"


@pytest.mark.parametrize("locale", LOCALES)
def test_evaluation_sets_find_the_expected_fault_first_in_node(site_engine: Harness, locale: str) -> None:
    """Each of the three sets at 97 % hit@1 or more in the locale (the browser test types them into Material's box)."""
    cases = [case for case in load_cases() if case.locale == locale]
    out = search_site(site_engine, locale, [case.query for case in cases])
    rows: list[tuple[Case, bool]] = []
    misses = []
    for case, result in zip(cases, out, strict=True):
        found = faults_of(result)
        rows.append((case, hit(found, case.expect)))
        if not rows[-1][1]:
            misses.append(f"{case.set} {case.kind}: {case.query!r} -> {found[:6]} (expected {list(case.expect)})")
    assert failing_locales(rows) == [], report(rows) + "\n" + "\n".join(misses)


def test_an_exact_match_is_labelled_the_best_match_and_a_phrase_of_several_faults_is_not(site_engine: Harness) -> None:
    out = search_site(site_engine, "ja", ["障害13", "Kernel module not authorized", "システム拡張"])
    assert [r["best"] for r in out] == [True, True, False]
    assert out[0]["first"]["tags"] == ["最も一致する結果"]


def test_nothing_from_the_data_reaches_a_result_unescaped(built_site: Path, tmp_path: Path) -> None:
    """Material inserts a result's title, text and tags as HTML: the engine escapes every character of them and
    adds only <mark> itself, whatever the index holds."""
    hostile = "<img src=x onerror=\"alert(1)\">&amp; 'quoted' scan"
    meta = {
        "format": 3,
        "version": "x",
        "locale": "en",
        "prefix": "",
        "shards": 1,
        "word_shards": 1,
        "chunk": 50,
        "best_match": "<b>best</b>",
        "stop": [],
        "pages": [["faults/1/", hostile, 1, [1]]],
    }
    (tmp_path / "search").mkdir()
    files = {
        "search_index.json": {"config": {"fault_search": meta}, "docs": []},
        "terms-0.json": {"scan": [0, 300, 1]},
        "words-0.json": ["scan"],
        "text-0.json": [hostile],
    }
    for name, data in files.items():
        (tmp_path / "search" / name).write_text(json.dumps(data), encoding="utf-8")
    engine = Harness(node_executable(), built_worker(built_site), tmp_path)
    try:
        first = engine("search", prefix="", queries=["scan"])[0]["first"]
    finally:
        engine.close()
    for value in (first["title"], first["text"], *first["tags"]):
        assert re.sub(r"</?mark>", "", value).count("<") == 0, value
        assert "&lt;img" in value or value == "&lt;b&gt;best&lt;/b&gt;", value


def _tiny_site(folder: Path, locale: str, pages: list[list[Any]], postings: dict[str, list[int]]) -> Path:
    """A one-shard index of `pages` ([location, title, fault, name sizes]) with `postings` (term -> [document step,
    weight x100, names mask, ...]), each page's text its title."""
    meta = {"format": 3, "version": "x", "locale": locale, "prefix": "", "shards": 1, "word_shards": 1,
            "chunk": len(pages), "best_match": "best", "stop": [], "pages": pages}  # fmt: skip
    (folder / "search").mkdir()
    files = {
        "search_index.json": {"config": {"fault_search": meta}, "docs": []},
        "terms-0.json": postings,
        "words-0.json": sorted(postings),
        "text-0.json": [page[1] for page in pages],
    }
    for name, data in files.items():
        (folder / "search" / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return folder


def _searched(site: Path, queries: list[str]) -> list[Any]:
    """The results of `queries` on a tiny site's index, by the worker's own code in Node."""
    engine = Harness(node_executable(), source_worker(site), site)
    try:
        return list(engine("search", prefix="", queries=queries))
    finally:
        engine.close()


def test_a_katakana_word_as_typed_outranks_its_other_long_vowel_spelling(tmp_path: Path) -> None:
    """As for Latin inflections: where the reader's spelling (ユーザ) is itself a word of the index, a fault holding it
    comes before one that holds only the other spelling (ユーザー), even in its name; ユーザー finds its own first."""
    pages = [["faults/1/", "ユーザー", 1, [1]], ["faults/2/", "ユーザ", 2, [0]]]
    site = _tiny_site(tmp_path, "ja", pages, {"ユーザー": [0, 300, 1], "ユーザ": [1, 150, 0]})
    out = _searched(site, ["ユーザ", "ユーザー"])
    assert [faults_of(r)[:1] for r in out] == [[2], [1]]


def test_a_compound_the_index_lacks_finds_the_fault_holding_all_its_parts_first(tmp_path: Path) -> None:
    """A Dutch compound typed as one word that no fault writes (bestandfilter) is matched by its parts together: the
    fault holding both parts comes before one that holds one part more heavily."""
    pages = [["faults/1/", "een", 1, [1]], ["faults/2/", "twee", 2, [1]]]
    postings = {"bestand": [0, 100, 0], "filter": [0, 100, 0, 1, 430, 0]}
    site = _tiny_site(tmp_path, "nl", pages, postings)
    out = _searched(site, ["bestandfilter", "filter"])
    assert [faults_of(r)[:1] for r in out] == [[1], [2]]


def test_both_dutch_spellings_of_too_many_find_the_faults_whose_names_say_it(site_engine: Harness) -> None:
    """'te veel' and 'teveel' are one phrase (the nl seed writes fault 13's name "Teveel ...", fault 14's "Te veel
    ..." and "Teveel ..."): either spelling lists faults 13 and 14 first, by their names."""
    out = search_site(site_engine, "nl", ["te veel", "teveel", "Teveel systeemuitbreidingen"])
    assert [set(faults_of(r)[:2]) for r in out] == [{13, 14}] * 3


@pytest.mark.parametrize("locale", LOCALES)
def test_every_name_in_every_language_finds_its_fault_first_marked_best(
    site_engine: Harness, catalog: Catalog, locale: str
) -> None:
    """Issue 10: a fault's portal text or endpoint description, in any of the languages, pasted whole, lists that
    fault first in the reader's locale as the best match (faults that share the very same name: one of them first,
    all listed)."""
    queries: dict[str, set[int]] = {}
    for source in catalog.locales:
        for fault_id, text in catalog.texts[source].faults.items():
            for field in ("portal_text", "endpoint_description"):
                name = text.get(field)
                if name:
                    queries.setdefault(plain_text(name), set()).add(fault_id)
    same = {q: {f for other, fs in queries.items() if normalize(other) == normalize(q) for f in fs} for q in queries}
    out = search_site(site_engine, locale, list(queries))
    wrong = []
    for (query, expected), result in zip(same.items(), out, strict=True):
        found = faults_of(result)
        if not (found and found[0] in expected and expected <= set(found) and (result["best"] or len(expected) > 1)):
            wrong.append(f"{query!r} -> {found[:5]} best={result['best']} (expected {sorted(expected)})")
    assert wrong == []


@pytest.mark.parametrize("locale", LOCALES)
def test_the_products_name_in_a_query_changes_no_ranking(site_engine: Harness, catalog: Catalog, locale: str) -> None:
    """The product's name (lexicon context_phrases), which every page is about, is context: a fault's name of the
    locale with 'Cisco Secure Endpoint' before or after it lists the same faults in the same order as the name
    alone; the name alone still finds what holds it (the site's name)."""
    names = [plain_text(t.get("portal_text") or "") for t in catalog.texts[locale].faults.values()]
    names = [n for n in names if n]
    wrapped = [f"{n} Cisco Secure Endpoint" for n in names] + [f"Cisco Secure Endpoint: {n}" for n in names]
    alone, out = search_site(site_engine, locale, names), search_site(site_engine, locale, wrapped)
    changed = [
        f"{query!r} -> {faults_of(result)[:6]} (alone {faults_of(plain)[:6]})"
        for query, result, plain in zip(wrapped, out, alone + alone, strict=True)
        if faults_of(result) != faults_of(plain)
    ]
    assert changed == []
    (product,) = search_site(site_engine, locale, ["Cisco Secure Endpoint"])
    assert product["locations"], "the product's name alone finds nothing"


def _words(text: str, locale: str) -> set[str]:
    """The words of a text as its readers would pick one (as ICU cuts them): a Latin word of four letters or more,
    a CJK word of two characters or more, a Korean word of two syllables or more."""
    found = set()
    for piece in analyzer(locale).words(normalize(text)):
        for word in piece:
            long_enough = len(word) >= 4 if word.isascii() else len(word) >= 2
            if long_enough and not word.isdigit() and terms(word, locale):
                found.add(word)
    return found


def _form(term: str) -> str:
    """What the engine takes for the same word: a Korean word by its first two syllables (its endings vary), a
    Latin stem by its first five letters (its inflections), anything else whole; negated or not."""
    word = term.lstrip("!")
    if word.isascii() and word.isalpha():
        return word[:5]
    return word[:2] if "\uac00" <= word[:1] <= "\ud7af" else word


def _unique_words(catalog: Catalog, locale: str) -> dict[str, int]:
    """Words of one fault's resolution that no other page of the locale's index holds in any form, by the index's
    own postings (a compound's parts count where the index splits them, a glossary's words where it adds them)."""
    files = locale_index(catalog, locale)
    docs = locale_docs(catalog, locale)
    held: dict[str, set[int]] = {}
    for name, text in files.items():
        if name.startswith("terms-"):
            for term, steps in json.loads(text).items():
                held.setdefault(_form(term.lstrip("~")), set()).update(itertools.accumulate(steps[0::3]))
    unique: dict[str, int] = {}
    for number, doc in enumerate(docs):
        for word in sorted(_words(doc.body, locale)) if doc.fault else ():
            if all(held.get(_form(t)) == {number} for t in terms(word, locale)):
                unique[word] = doc.fault
    return unique


@pytest.mark.parametrize("locale", LOCALES)
def test_a_word_only_one_fault_holds_finds_that_fault_first(
    site_engine: Harness, catalog: Catalog, locale: str
) -> None:
    """Issue 10, item 3: a word from a resolution (a word of 2+ characters in CJK and Korean, 4+ letters in en/nl)
    finds its fault first when only that fault holds it."""
    unique = _unique_words(catalog, locale)
    assert len(unique) > 20, locale
    out = search_site(site_engine, locale, list(unique))
    wrong = [
        f"{word!r} -> {result['locations'][:3]} (expected faults/{fault}/)"
        for (word, fault), result in zip(unique.items(), out, strict=True)
        if result["locations"][:1] != [f"faults/{fault}/"]
    ]
    assert wrong == [], f"{len(wrong)} of {len(unique)}:\n" + "\n".join(wrong[:40])


@pytest.mark.parametrize("locale", LOCALES)
def test_the_home_and_status_pages_never_come_first_for_a_faults_words(
    site_engine: Harness, catalog: Catalog, locale: str
) -> None:
    """Issue 10, item 5: titles are titles; the site name and the home and status pages never outrank a fault for
    a word that a fault holds."""
    docs = locale_docs(catalog, locale)
    words = sorted({w for doc in docs if doc.fault for w in _words(" ".join((doc.body, *doc.names)), locale)})
    words += normalize(catalog.texts[locale].ui["site_name"]).split()  # "Cisco", which the log paths hold too
    out = search_site(site_engine, locale, words)
    wrong = [
        f"{word!r} -> {result['locations'][:3]}"
        for word, result in zip(words, out, strict=True)
        if result["locations"] and not result["locations"][0].startswith("faults/")
    ]
    assert len(words) > 50
    assert wrong == [], f"{len(wrong)} of {len(words)}:\n" + "\n".join(wrong[:40])


_SENTENCE_END = re.compile(r"[.!?][\"')\]]?$|[。！？]$")


def _edits(a: str, b: str) -> int:
    """Levenshtein distance (a marked word may be the spelling of a typo the query made)."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (x != y))
    return row[-1]


def _related(term: str, query_term: str) -> bool:
    """A form of the query's word: a common start (three letters, two Korean syllables), one inside the other (a
    compound's part), or a typo's spelling (of the word, or of the start or end of a compound)."""
    start = 3 if term.isascii() else 2
    if term[:start] == query_term[:start] or term in query_term or query_term in term:
        return True
    n = len(term)
    windows = {
        query_term[i : i + size] for size in (n - 1, n, n + 1) for i in range(max(1, len(query_term) - size + 1))
    }
    return min(_edits(term, q) for q in windows | {query_term}) <= 2


@pytest.mark.parametrize("locale", LOCALES)
def test_teasers_are_whole_sentences_and_mark_only_the_querys_words(
    site_engine: Harness, catalog: Catalog, locale: str
) -> None:
    """Issue 20, item 4: a teaser is cut at sentence ends only (never inside 1.14.0 or a path), and what it marks
    are words of the query (their forms), never a stop word or another number."""
    docs = {doc.location: doc for doc in locale_docs(catalog, locale)}
    queries = [case.query for case in load_cases() if case.locale == locale] + ["13", "1.14.0", "ampdaemon.log"]
    wrong = []
    for query, result in zip(queries, search_site(site_engine, locale, queries), strict=True):
        query_terms = {t.lstrip("!") for t in terms(query, locale)}
        for item in result["items"]:
            teaser = re.sub(r"</?mark>", "", item["text"]).replace("&#39;", "'").replace("&quot;", '"')
            teaser = teaser.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
            body = docs[item["location"]].body
            whole = teaser.strip("…")
            if whole and (
                whole not in body
                or ("…" not in teaser and not _SENTENCE_END.search(whole) and whole + "\n" not in body + "\n")
            ):
                wrong.append(f"{query!r}: {teaser!r} is not a sentence of {item['location']}")
            for marked in re.findall(r"<mark>(.*?)</mark>", item["title"] + item["text"]):
                found = {t.lstrip("!") for t in terms(marked, locale)}
                if not found or not any(_related(t, q) for t in found for q in query_terms):
                    wrong.append(f"{query!r}: marks {marked!r} in {item['location']}")
    assert wrong == [], "\n".join(wrong[:30])


@pytest.mark.parametrize("locale", LOCALES)
def test_a_pasted_notification_lists_its_fault_and_not_every_fault(
    site_engine: Harness, catalog: Catalog, locale: str
) -> None:
    """Issue 20, item 4: the relevance floor. A portal notification pasted whole lists its fault first and at most
    half of the faults."""
    names = [
        (fault_id, f"Fault Raised: {text.portal_text}")
        for fault_id, text in catalog.texts[locale].faults.items()
        if text.portal_text
    ]
    out = search_site(site_engine, locale, [query for _, query in names])
    counts = [len(faults_of(result)) for result in out]
    assert [faults_of(result)[:1] for result in out] == [[fault_id] for fault_id, _ in names]
    assert max(counts) <= len(catalog.fault_ids) / 2, counts
