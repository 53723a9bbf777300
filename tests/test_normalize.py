"""The query pipeline: one set of rules (hooks/faultsite/lexicon.json) that Python applies to the index and the
search worker's JavaScript to every query. Both give the answers of one table, the same answers on the whole text
of the site, and the same answers on arbitrary Unicode (Hypothesis): control characters, every kind of space, lone
combining marks and surrogates, letters of every script."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsharness import Harness, source_worker

from conftest import ROOT, node_executable
from faultsite.lexicon import check, load_lexicon
from faultsite.model import TEXT_FIELDS, Catalog
from faultsite.normalize import normalize

CASES: list[list[str]] = json.loads((ROOT / "tests" / "normalize_cases.json").read_text(encoding="utf-8"))
PROPERTY = settings(
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# A high surrogate before a low one is two characters in Python but one (a pair) in JavaScript once sent as JSON:
# not the same text on both sides, so not drawn.
_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")
# What readers paste holds every kind of character. Python 3.11 knows Unicode 14, Node and Chromium newer
# versions: the characters drawn are those Unicode 14 assigns (a category other than Cn), and surrogates.
ODD = "\x1c\x1d\x1e\x1f\x85\ufeff\u00a0\u1680\u2000\u2007\u200a\u2028\u2029\u202f\u205f\u3000\u200b\u200d\u0301\u0308"
ODD += "\u3099\u309a\ud800\udfff\U0001f600\t\n\r\x0b\x0c.#:-"
TEXT = st.text(
    st.one_of(
        st.sampled_from(ODD),
        st.characters(exclude_categories=["Cn"]),
        st.sampled_from("abc019 .:-#障害故障결함ーｶ한국語Fault fout"),
    ),
    max_size=40,
).filter(lambda text: _PAIR.search(text) is None)


@pytest.fixture(scope="module")
def harness(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    running = Harness(node_executable(), source_worker(tmp_path_factory.mktemp("worker")))
    yield running
    running.close()


@pytest.mark.parametrize("text, expected", CASES)
def test_python_normalize(text: str, expected: str) -> None:
    assert normalize(text) == expected


def test_javascript_normalize_gives_the_same_answers(harness: Harness) -> None:
    assert harness("normalize", texts=[text for text, _ in CASES]) == [expected for _, expected in CASES]


def test_both_sides_normalize_every_text_of_the_site_alike(harness: Harness, catalog: Catalog) -> None:
    texts = sorted(
        {
            f.get(name) or ""
            for locale in catalog.locales
            for f in catalog.texts[locale].faults.values()
            for name in TEXT_FIELDS
        }
        | {v for locale in catalog.locales for v in catalog.texts[locale].ui.values()}
    )
    assert harness("normalize", texts=texts) == [normalize(t) for t in texts]


@PROPERTY
@given(st.lists(TEXT, min_size=1, max_size=100))
def test_both_sides_normalize_arbitrary_unicode_alike(harness: Harness, texts: list[str]) -> None:
    assert harness("normalize", texts=texts) == [normalize(t) for t in texts]


def test_the_lexicon_refuses_what_python_and_javascript_read_differently(tmp_path: Path) -> None:
    data = json.loads((ROOT / "hooks" / "faultsite" / "lexicon.json").read_text(encoding="utf-8"))
    data["steps"]["split"].append(["\\s+", " "])
    data["fault_id"]["not_ids"].append("[{nowhere}]")
    data["fault_words"]["words"].append("f(a)ult")
    messages = [p.message for p in check(data, "lexicon.json")]
    assert len(messages) == 3, messages
    assert check(json.loads((ROOT / "hooks" / "faultsite" / "lexicon.json").read_text(encoding="utf-8")), "x") == []
    assert load_lexicon().words("fault_words")
