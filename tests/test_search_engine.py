"""The search engine outside the browser: the index's Python writer and the JavaScript reader agree, the
evaluation sets pass in Node on the real index, and nothing from the data reaches a result unescaped.

The browser test (tests/browser/test_search.py) runs the same sets through Material's search box."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from evalsets import Case, failing_locales, hit, load_cases, report

from conftest import DEFAULT_LOCALE, LOCALES, ROOT, node_executable
from faultsite.model import Catalog
from faultsite.normalize import COUNTERS, EVENT_WORDS, FAULT_WORDS, normalize
from faultsite.search import locale_index, plain_text, shard_of, tokens
from faultsite.urls import locale_prefix

SCRIPTS = ROOT / "overrides" / "assets" / "javascripts"
CASES: list[list[Any]] = json.loads((ROOT / "tests" / "search_cases.json").read_text(encoding="utf-8"))


def node() -> str:
    return node_executable()


def search_site(site: Path, prefix: str, queries: list[str]) -> list[dict[str, Any]]:
    """The engine in Node on a built site's index (tests/js/search.js): per query, the result locations best first,
    whether the first is labelled the best match, and the first result as Material receives it."""
    result = subprocess.run(
        [node(), str(ROOT / "tests" / "js" / "search.js"), str(site), prefix],
        input=json.dumps(queries),
        capture_output=True,
        text=True,
        check=True,
    )
    found: list[dict[str, Any]] = json.loads(result.stdout)
    return found


def run_node(program: str, data: object) -> Any:
    prelude = (
        f"global.faultNormalize = require({json.dumps(str(SCRIPTS / 'normalize.js'))});"
        f"const FaultSearch = require({json.dumps(str(SCRIPTS / 'fault-search.js'))});"
        "const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
    )
    result = subprocess.run(
        [node(), "-e", prelude + program], input=json.dumps(data), capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


@pytest.mark.parametrize("text, expected", CASES)
def test_python_tokens(text: str, expected: list[str]) -> None:
    assert tokens(normalize(text)) == expected


def test_javascript_tokens_give_the_same_answers() -> None:
    program = "process.stdout.write(JSON.stringify(input.map(([t]) => FaultSearch.tokens(faultNormalize(t)))));"
    assert run_node(program, CASES) == [expected for _, expected in CASES]


def test_both_sides_put_every_term_of_the_real_index_in_the_same_shard(catalog: Catalog) -> None:
    terms = sorted({t for locale in LOCALES for t in json.loads(locale_index(catalog, locale)["terms-0.json"])})
    program = "process.stdout.write(JSON.stringify(input.map(t => [1, 2, 7, 64].map(n => FaultSearch.shardOf(t, n)))));"
    assert run_node(program, terms) == [[shard_of(t, n) for n in (1, 2, 7, 64)] for t in terms]


def test_plain_text_drops_the_markdown_a_reader_does_not_see() -> None:
    markdown = "Open *Security* and `ampdaemon`.\n\n- [this tech note][tech-note]\n- second\n"
    assert plain_text(markdown) == "Open Security and ampdaemon.\nthis tech note\nsecond"


@pytest.mark.parametrize("locale", LOCALES)
def test_evaluation_sets_find_the_expected_fault_first_in_node(built_site: Path, locale: str) -> None:
    """Each of the three sets at 97 % hit@1 or more in the locale (the browser test types them into Material's box)."""
    cases = [case for case in load_cases() if case.locale == locale]
    out = search_site(built_site, locale_prefix(locale, DEFAULT_LOCALE), [case.query for case in cases])
    rows: list[tuple[Case, bool]] = []
    misses = []
    for case, result in zip(cases, out, strict=True):
        found = [int(m.group(1)) if (m := re.match(r"faults/(\d+)/$", loc)) else 0 for loc in result["locations"]]
        rows.append((case, hit(found, case.expect)))
        if not rows[-1][1]:
            misses.append(f"{case.set} {case.kind}: {case.query!r} -> {found[:6]} (expected {list(case.expect)})")
    assert failing_locales(rows) == [], report(rows) + "\n" + "\n".join(misses)


def test_an_exact_match_is_labelled_the_best_match_and_a_phrase_of_several_faults_is_not(built_site: Path) -> None:
    out = search_site(built_site, "ja", ["障害13", "Kernel module not authorized", "システム拡張"])
    assert [r["best"] for r in out] == [True, True, False]
    assert out[0]["first"]["tags"] == ["最も一致する結果"]


def test_nothing_from_the_data_reaches_a_result_unescaped(tmp_path: Path) -> None:
    """Material inserts a result's title, text and tags as HTML: the engine escapes every character of them and
    adds only <mark> itself, whatever the index holds."""
    hostile = "<img src=x onerror=\"alert(1)\">&amp; 'quoted' scan"
    meta = {
        "format": 1,
        "version": "x",
        "prefix": "",
        "shards": 1,
        "chunk": 50,
        "best_match": "<b>best</b>",
        "pages": [["faults/1/", hostile, 1, [1]]],
        "vocabulary": ["scan"],
    }
    (tmp_path / "search").mkdir()
    files = {
        "search_index.json": {"config": {"fault_search": meta}, "docs": []},
        "terms-0.json": {"scan": [0, 300, 1]},
        "text-0.json": [hostile],
    }
    for name, data in files.items():
        (tmp_path / "search" / name).write_text(json.dumps(data), encoding="utf-8")
    out = search_site(tmp_path, "", ["scan"])
    first = out[0]["first"]
    for value in (first["title"], first["text"], *first["tags"]):
        assert re.sub(r"</?mark>", "", value).count("<") == 0, value
        assert "&lt;img" in value or value == "&lt;b&gt;best&lt;/b&gt;", value


@pytest.mark.parametrize("locale", LOCALES)
def test_every_name_in_every_language_finds_its_fault_first_marked_best(
    built_site: Path, catalog: Catalog, locale: str
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
    out = search_site(built_site, locale_prefix(locale, DEFAULT_LOCALE), list(queries))
    wrong = []
    for (query, expected), result in zip(same.items(), out, strict=True):
        found = [int(m.group(1)) for loc in result["locations"] if (m := re.match(r"faults/(\d+)/$", loc))]
        if not (found and found[0] in expected and expected <= set(found) and (result["best"] or len(expected) > 1)):
            wrong.append(f"{query!r} -> {found[:5]} best={result['best']} (expected {sorted(expected)})")
    assert wrong == []


_KATAKANA = re.compile(r"[\u30a0-\u30ff]{2,8}")
_KANJI = re.compile(r"[\u3400-\u9fff]{2,8}")
_HANGUL_WORD = re.compile(r"[\uac00-\ud7af]{2,8}")
_PIPELINE_WORDS = re.compile("|".join(w for w in (*FAULT_WORDS, *COUNTERS, *EVENT_WORDS) if not w.isascii()))


def _words(text: str, locale: str) -> set[str]:
    """The words of a text as its readers would pick one: Latin words of four letters or more (en, nl); katakana
    and kanji runs (ja); every two- to four-character stretch of Han (zh-TW, written without spaces); Hangul words
    as written, with their particles (ko)."""
    if locale == "ja":
        return {*_KATAKANA.findall(text), *_KANJI.findall(text)}
    if locale == "zh-TW":  # not through the pipeline's own words (故障, 錯誤, 引發 …), which stand apart
        runs = re.findall(r"[\u3400-\u9fff]+", _PIPELINE_WORDS.sub(" ", text))
        return {run[i : i + n] for run in runs for n in (2, 3, 4) for i in range(len(run) - n + 1)}
    if locale == "ko":
        return set(_HANGUL_WORD.findall(text))
    return set(re.findall(r"[^\W\d_]{4,}", text.lower()))


def _unique_words(docs: list[Any], locale: str) -> dict[str, int]:
    """Words of one fault's resolution that no other page of the locale's index holds (in any field)."""

    def everything(doc: Any) -> str:
        return " ".join((doc.title, doc.body, *doc.names, *doc.other_names)).lower()

    unique: dict[str, int] = {}
    for doc in docs:
        if not doc.fault:
            continue
        others = " ".join(everything(other) for other in docs if other is not doc)
        for word in sorted(_words(doc.body, locale)):
            if word not in others:
                unique[word] = doc.fault
    return unique


@pytest.mark.parametrize("locale", LOCALES)
def test_a_word_only_one_fault_holds_finds_that_fault_first(built_site: Path, catalog: Catalog, locale: str) -> None:
    """Issue 10, item 3: a word from a resolution (2-8 characters in CJK, any word of 4+ letters in en/nl) finds its
    fault first when only that fault holds it."""
    from faultsite.search import locale_docs

    unique = _unique_words(locale_docs(catalog, locale), locale)
    assert len(unique) > 20, locale
    out = search_site(built_site, locale_prefix(locale, DEFAULT_LOCALE), list(unique))
    wrong = [
        f"{word!r} -> {result['locations'][:3]} (expected faults/{fault}/)"
        for (word, fault), result in zip(unique.items(), out, strict=True)
        if result["locations"][:1] != [f"faults/{fault}/"]
    ]
    assert wrong == [], f"{len(wrong)} of {len(unique)}:\n" + "\n".join(wrong[:40])


@pytest.mark.parametrize("locale", LOCALES)
def test_the_home_and_status_pages_never_come_first_for_a_faults_words(
    built_site: Path, catalog: Catalog, locale: str
) -> None:
    """Issue 10, item 5: titles are titles; the site name and the home and status pages never outrank a fault for
    a word that a fault holds."""
    from faultsite.search import locale_docs

    docs = locale_docs(catalog, locale)
    words = sorted({w for doc in docs if doc.fault for w in _words(" ".join((doc.body, *doc.names)), locale)})
    words += normalize(catalog.texts[locale].ui["site_name"]).split()  # "Cisco", which the log paths hold too
    out = search_site(built_site, locale_prefix(locale, DEFAULT_LOCALE), words)
    wrong = [
        f"{word!r} -> {result['locations'][:3]}"
        for word, result in zip(words, out, strict=True)
        if result["locations"] and not result["locations"][0].startswith("faults/")
    ]
    assert len(words) > 50
    assert wrong == [], f"{len(wrong)} of {len(words)}:\n" + "\n".join(wrong[:40])
