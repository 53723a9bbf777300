"""From normalized text to search terms, the same on both sides (issue 20, item 1): ICU's word break (icu4py at
build time, Intl.Segmenter in the search worker), the Snowball stemmers (snowballstemmer; the Snowball compiler's
JavaScript of the same release), the lexicon's stop words and negations. Checked on a table of cases, on every text
the index holds, on every word of its vocabulary and on Hypothesis' inputs. The browser test
(tests/browser/test_search.py) checks the same in Chromium."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
import snowballstemmer  # type: ignore[import-untyped]
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsharness import Harness, source_worker

from conftest import LOCALES, ROOT, node_executable
from faultsite.lexicon import load_lexicon
from faultsite.model import Catalog
from faultsite.normalize import normalize
from faultsite.search import locale_index
from faultsite.search_docs import locale_docs
from faultsite.terms import stop_words, terms

CASES: list[list[Any]] = json.loads((ROOT / "tests" / "search_cases.json").read_text(encoding="utf-8"))
PROPERTY = settings(
    max_examples=40,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# Text as readers write it on these sites: words of the five languages' scripts, spaces, digits, punctuation.
WORDS = st.text(
    st.one_of(
        st.characters(min_codepoint=0x3041, max_codepoint=0x30FF),
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
        st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3),
        st.sampled_from("abcdefghijklmnopqrstuvwxyzéëïöü  .-0123456789ー"),
    ),
    min_size=1,
    max_size=30,
)
LATIN_WORD = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzéëèïöüàç'"), min_size=1, max_size=18)


@pytest.fixture(scope="module")
def harness(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    running = Harness(node_executable(), source_worker(tmp_path_factory.mktemp("worker")))
    yield running
    running.close()


def js_terms(harness: Harness, locale: str, texts: list[str]) -> list[list[str]]:
    found: list[list[str]] = harness("terms", locale=locale, stop=sorted(stop_words(locale)), texts=texts)
    return found


@pytest.mark.parametrize("locale, text, expected", CASES)
def test_python_terms(locale: str, text: str, expected: list[str]) -> None:
    assert terms(text, locale) == expected


def test_javascript_terms_give_the_same_answers(harness: Harness) -> None:
    for locale in LOCALES:
        mine = [(text, expected) for loc, text, expected in CASES if loc == locale]
        assert js_terms(harness, locale, [t for t, _ in mine]) == [e for _, e in mine], locale


@pytest.mark.parametrize("locale", LOCALES)
def test_both_sides_make_the_same_terms_of_every_text_the_index_holds(
    harness: Harness, catalog: Catalog, locale: str
) -> None:
    texts = sorted({t for doc in locale_docs(catalog, locale) for t in (*doc.names, *doc.other_names, doc.title)})
    texts += [line for doc in locale_docs(catalog, locale) for line in doc.body.splitlines()]
    assert js_terms(harness, locale, texts) == [terms(t, locale) for t in texts]


@pytest.mark.parametrize("locale", LOCALES)
def test_every_word_of_the_vocabulary_is_its_own_term_on_both_sides(
    harness: Harness, catalog: Catalog, locale: str
) -> None:
    """Each index term, typed alone as a query, is cut and stemmed the same way on both sides."""
    files = locale_index(catalog, locale)
    vocabulary = sorted(
        {w.lstrip("!") for name, text in files.items() if name.startswith("words-") for w in json.loads(text)}
    )
    assert len(vocabulary) > 300
    assert js_terms(harness, locale, vocabulary) == [terms(w, locale) for w in vocabulary]


@PROPERTY
@given(st.lists(WORDS, min_size=1, max_size=60), st.sampled_from(LOCALES))
def test_both_sides_make_the_same_terms_of_any_text(harness: Harness, texts: list[str], locale: str) -> None:
    assert js_terms(harness, locale, texts) == [terms(t, locale) for t in texts]


STEMMERS = sorted({v for k, v in load_lexicon().data["stemmers"].items() if k not in ("about", "default")})


@pytest.mark.parametrize("stemmer", STEMMERS)
def test_both_stemmers_stem_every_word_of_the_site_alike(harness: Harness, catalog: Catalog, stemmer: str) -> None:
    words = sorted(
        {
            w
            for locale in catalog.locales
            for doc in locale_docs(catalog, locale)
            for w in re.findall(r"[a-zà-ÿ]+", normalize(" ".join((doc.body, *doc.names))))
        }
    )
    assert len(words) > 500
    python = snowballstemmer.stemmer(stemmer)
    assert harness("stem", stemmer=stemmer, words=words) == python.stemWords(words)


@PROPERTY
@given(st.lists(LATIN_WORD, min_size=1, max_size=200))
def test_both_stemmers_stem_any_word_alike(harness: Harness, words: list[str]) -> None:
    for stemmer in ("dutch", "english"):
        assert harness("stem", stemmer=stemmer, words=words) == snowballstemmer.stemmer(stemmer).stemWords(words)
