"""The reviewed glossary (data/glossary/<locale>.yaml): the real files load cleanly, every kind of mistake is reported
where it is (file, line, locale, "<concept>.<key>"), and the functions search and the translators' export call give
exactly what is expected on small fixtures."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import DEFAULT_LOCALE, LOCALES, ROOT
from faultsite.glossary import (
    GLOSSARY_DIR,
    Glossary,
    Term,
    TermFinder,
    fault_terms,
    fault_texts,
    load_glossary,
    occurs,
    unit_terms,
)
from faultsite.glossary_terms import site_glossary
from faultsite.model import Catalog
from faultsite.problems import DataError, Problem

# --- the real glossary ------------------------------------------------------------------------------------------


def test_the_real_glossary_loads_without_problems(catalog: Catalog) -> None:
    glossary, problems = load_glossary(ROOT / "data", fault_texts(catalog, DEFAULT_LOCALE), LOCALES)
    assert [str(p) for p in problems] == []
    concepts = {locale: [term.concept for term in glossary.of(locale)] for locale in LOCALES}
    assert all(concepts[locale] and set(concepts[locale]) == set(concepts[DEFAULT_LOCALE]) for locale in LOCALES)


# Fault 18 is shown in English on the translated sites: the locale's words for its subject find it.
FAULT_18_WORDS = {
    "ja": ("過負荷", "イベント監視"),
    "zh-TW": ("過載", "事件監控"),
    "ko": ("과부하", "이벤트 모니터링"),
    "nl": ("overbelast", "bewaking van gebeurtenissen"),
}


@pytest.mark.parametrize("locale", sorted(FAULT_18_WORDS))
def test_fault_18_in_english_gets_the_locales_words_for_its_subject(catalog: Catalog, locale: str) -> None:
    english = fault_texts(catalog, DEFAULT_LOCALE)
    glossary, _problems = load_glossary(ROOT / "data", english, LOCALES)
    shown = fault_texts(catalog, locale)
    assert shown[18] == english[18]  # the page shows the English: the glossary is the only way in
    terms = fault_terms(glossary, english, shown, locale)
    assert set(FAULT_18_WORDS[locale]) <= set(terms[18])
    assert not set(FAULT_18_WORDS[locale]) & set(terms[3])  # an overload word is not attached to disk access


def test_the_seeds_mistranslated_product_names_lead_to_orbitals_fault(catalog: Catalog) -> None:
    english = fault_texts(catalog, DEFAULT_LOCALE)
    glossary, _problems = load_glossary(ROOT / "data", english, LOCALES)
    for locale, word in (("ja", "軌道"), ("zh-TW", "軌道"), ("ko", "Orbeability"), ("nl", "orbitale")):
        terms = fault_terms(glossary, english, fault_texts(catalog, locale), locale)
        assert [fault for fault, names in terms.items() if word in names] == [17], locale


# --- small fixtures ----------------------------------------------------------------------------------------------

ENGLISH = {1: "The Connector's system extension has been blocked.", 2: "Restart or reboot the computer."}
EN_YAML = """\
terms:
  - concept: system-extension
    english: [system extension]
    preferred: system extension
    variants: [sysext]
    source: "seed 000, fault 1"
  - concept: restart
    english: [restart, reboot]
    preferred: restart
    variants: [reboot]
    source: "seed 000, fault 2"
"""
JA_YAML = """\
terms:
  - concept: system-extension
    english: [system extension]
    preferred: システム機能拡張
    variants: [システム拡張]
    source: "Apple, support.apple.com/ja-jp/HT210999"
  - concept: restart
    english: [restart, reboot]
    preferred: 再起動
    variants: [リブート]
    source: "seed 002, fault 2; リブート: common usage"
"""


def _load(
    tmp_path: Path, files: dict[str, str], locales: tuple[str, ...] = ("en", "ja")
) -> tuple[Glossary, list[Problem]]:
    folder = tmp_path / GLOSSARY_DIR
    folder.mkdir()
    for locale, text in files.items():
        (folder / f"{locale}.yaml").write_text(text, encoding="utf-8")
    return load_glossary(tmp_path, ENGLISH, locales)


def test_fixture_loads_as_written(tmp_path: Path) -> None:
    glossary, problems = _load(tmp_path, {"en": EN_YAML, "ja": JA_YAML})
    assert problems == []
    assert glossary.of("ja") == (
        Term(
            "system-extension",
            ("system extension",),
            "システム機能拡張",
            ("システム拡張",),
            "Apple, support.apple.com/ja-jp/HT210999",
        ),
        Term("restart", ("restart", "reboot"), "再起動", ("リブート",), "seed 002, fault 2; リブート: common usage"),
    )


def test_no_folder_or_no_file_is_an_empty_glossary(tmp_path: Path) -> None:
    assert load_glossary(tmp_path, ENGLISH, ("en", "ja")) == (Glossary(), [])
    glossary, problems = _load(tmp_path, {"en": EN_YAML})
    assert problems == [] and glossary.of("ja") == () and len(glossary.of("en")) == 2


# (file, text edit: old -> new, expected problem: line, field, words of the message)
MISTAKES = {
    "unknown key": (
        "ja",
        "    preferred: 再起動",
        "    preferred: 再起動\n    note: x",
        10,
        "restart",
        "unknown field 'note'",
    ),
    "missing preferred": ("ja", "    preferred: 再起動\n", "", 7, "restart.preferred", "missing preferred"),
    "empty variant": ("ja", "[リブート]", "[リブート, '']", 10, "restart.variants", "expected non-empty text"),
    "empty english list": ("en", "[restart, reboot]", "[]", 8, "restart.english", "english must be a non-empty list"),
    "variants not a list": ("ja", "[リブート]", "リブート", 10, "restart.variants", "variants must be a list"),
    "english in no fault": (
        "en",
        "[system extension]",
        "[system extension, kext]",
        3,
        "system-extension.english",
        "'kext' occurs in no fault",
    ),
    "concept twice": ("ja", "concept: restart", "concept: system-extension", 7, "system-extension", "appears twice"),
    "name twice in one entry": (
        "ja",
        "[リブート]",
        "[リブート, りぶーと, リブート]",
        10,
        "restart.variants",
        "'リブート' is given twice",
    ),
    # reported where it comes second: the later entry is the one that repeats
    "name in two concepts": (
        "ja",
        "[システム拡張]",
        "[システム拡張, 再起動]",
        9,
        "restart.preferred",
        "also a term of concept 'system-extension'",
    ),
    "concept id": ("ja", "concept: restart", "concept: Re Start", 7, "concept", "lower-case words"),
    "source names nothing": (
        "ja",
        '"seed 002, fault 2; リブート: common usage"',
        "the seeds",
        11,
        "restart.source",
        "must name a seed",
    ),
    "two lines": ("ja", "preferred: 再起動", 'preferred: "再起動\\nする"', 9, "restart.preferred", "one line"),
    "terms not a list": ("ja", JA_YAML, "terms: {}\n", 1, "terms", "expected a list of terms"),
    "yaml syntax": ("ja", "[リブート]", "[リブート", 11, None, "YAML syntax error"),
}


@pytest.mark.parametrize("name", sorted(MISTAKES))
def test_each_mistake_is_reported_where_it_is(tmp_path: Path, name: str) -> None:
    locale, old, new, line, field, words = MISTAKES[name]
    files = {"en": EN_YAML, "ja": JA_YAML}
    assert files[locale].count(old) == 1
    files[locale] = files[locale].replace(old, new)
    _glossary, problems = _load(tmp_path, files)
    found = [p for p in problems if words in p.message]
    assert [(p.file, p.line, p.locale, p.field) for p in found] == [(f"glossary/{locale}.yaml", line, locale, field)], [
        str(p) for p in problems
    ]


def test_every_locale_lists_the_same_concepts_with_the_same_english(tmp_path: Path) -> None:
    ja = JA_YAML.split("  - concept: restart")[0].replace("[system extension]", "[System Extension, sysext]")
    _glossary, problems = _load(tmp_path, {"en": EN_YAML, "ja": ja, "fr": EN_YAML})
    assert sorted((p.file, p.line, p.locale, p.field, p.message) for p in problems) == [
        ("glossary/fr.yaml", None, "fr", None, "locale 'fr' is not configured in mkdocs.yml (en, ja)"),
        (
            "glossary/ja.yaml",
            2,  # where the list of terms begins
            "ja",
            "restart",
            "concept 'restart' is in glossary/en.yaml but not here: every locale lists the same",
        ),
        (
            "glossary/ja.yaml",
            3,
            "ja",
            "system-extension.english",
            "english must be the same in every locale's file, as first given: ['system extension']",
        ),
        (
            "glossary/ja.yaml",
            3,
            "ja",
            "system-extension.english",
            "english term 'sysext' occurs in no fault's English text",
        ),
    ]


def test_all_mistakes_of_a_file_at_once(tmp_path: Path) -> None:
    ja = JA_YAML.replace("[リブート]", "['']").replace("[システム拡張]", "[システム拡張, システム拡張]")
    _glossary, problems = _load(tmp_path, {"en": EN_YAML, "ja": ja})
    assert sorted((p.line, p.field) for p in problems) == [(5, "system-extension.variants"), (10, "restart.variants")]


# --- the functions search and the export call ---------------------------------------------------------------------

SYSEXT = Term("system-extension", ("system extension",), "システム機能拡張", ("システム拡張",), "seed 002")
RESTART = Term("restart", ("restart", "reboot"), "再起動", ("リブート",), "seed 002")
GLOSSARY = Glossary({"ja": (SYSEXT, RESTART)})


def test_fault_terms_by_english_text_or_by_the_text_the_page_shows() -> None:
    english = {1: "System Extensions were blocked.", 2: "Restarting clears it.", 3: "Nothing of the kind.", 4: "Nope."}
    shown = {1: "ブロックされました。", 2: "消えます。", 3: "リブートが必要です。"}  # fault 4 shows nothing of its own
    assert fault_terms(GLOSSARY, english, shown, "ja") == {
        1: ("システム機能拡張", "システム拡張"),
        2: ("再起動", "リブート"),
        3: ("再起動", "リブート"),
        4: (),
    }
    assert fault_terms(GLOSSARY, english, shown, "ko") == {1: (), 2: (), 3: (), 4: ()}  # no glossary: nothing added


def test_unit_terms_pairs_the_first_english_term_found_with_the_preferred_name() -> None:
    text = "Reboot the system. The system extensions are unable to load."
    assert unit_terms(GLOSSARY, "ja", text) == [("system extension", "システム機能拡張"), ("reboot", "再起動")]
    assert unit_terms(GLOSSARY, "ja", "Nothing here.") == []
    assert unit_terms(GLOSSARY, "nl", text) == []


@pytest.mark.parametrize(
    ("term", "text", "expected"),
    [
        ("restart", "Restarting the service", True),  # case and endings
        ("AMP", "for example", False),  # a Latin term begins a word
        ("limit", "unlimited", False),
        ("kext", "a kext was loaded", True),
        ("macOS", "Mac ConnectorのmacOSシステム拡張", True),  # kana before a Latin word is a boundary
        ("拡張", "システム拡張", True),  # CJK has no word boundaries
        (".cvd", "invalid .cvd files", True),
        ("Full Disk Access", "full  disk\naccess", True),  # spaces and line breaks
        ("ＦＤＡ", "grant FDA", True),  # NFKC
        ("Security & Privacy", "Open Security and Privacy", False),
    ],
)
def test_the_one_matching_rule(term: str, text: str, expected: bool) -> None:
    assert occurs(term, text) is expected


def test_fault_texts_is_what_the_page_shows(catalog: Catalog) -> None:
    english, ja = fault_texts(catalog, DEFAULT_LOCALE), fault_texts(catalog, "ja")
    assert set(english) == set(ja) == set(catalog.fault_ids)
    assert ja[18] == english[18] and "フルディスクアクセス" in ja[3] and "Full Disk Access" in english[3]


# --- many terms at once: the same answers as `occurs`, term by term ------------------------------------------------


def _real_terms(locale: str) -> list[str]:
    glossary, _problems = load_glossary(ROOT / "data", {}, LOCALES)
    return [word for term in glossary.of(locale) for word in (*term.english, *term.names)]


_PIECES = [*_real_terms("en"), *_real_terms("ja"), *_real_terms("nl"), "not ", "niet ", "ません", "un", " ", "s"]


@given(
    locale=st.sampled_from(LOCALES),
    pieces=st.lists(st.sampled_from(_PIECES) | st.text(max_size=4), max_size=12),
)
def test_term_finder_finds_what_occurs_finds_term_by_term(locale: str, pieces: list[str]) -> None:
    terms = _real_terms(locale) + _real_terms("en")
    text = "".join(pieces)
    assert TermFinder(terms, locale).found(text) == {term for term in terms if occurs(term, text, locale)}


def test_the_site_glossary_follows_every_edit_of_its_files(tmp_path: Path, catalog: Catalog) -> None:
    """Under serve the glossary is loaded at every rebuild and kept while its inputs stay the same: an edit of a
    glossary file is seen at once, and a mistake in one is reported at every load, not only the first."""
    shutil.copytree(ROOT / "data" / GLOSSARY_DIR, tmp_path / GLOSSARY_DIR)
    ja = tmp_path / GLOSSARY_DIR / "ja.yaml"
    before = site_glossary(tmp_path, catalog)["ja"]
    assert "フルディスクアクセス" in [term.names[0] for term in before]
    original = ja.read_text(encoding="utf-8")
    ja.write_text(
        original.replace('preferred: "フルディスクアクセス"', 'preferred: "フル ディスク アクセス権"'), "utf-8"
    )
    after = [term.names[0] for term in site_glossary(tmp_path, catalog)["ja"]]
    assert "フル ディスク アクセス権" in after and "フルディスクアクセス" not in after
    ja.write_text(original.replace('    preferred: "フルディスクアクセス"\n', ""), "utf-8")
    for _ in range(2):
        with pytest.raises(DataError, match="full-disk-access.preferred"):
            site_glossary(tmp_path, catalog)
    ja.write_text(original, "utf-8")
    assert site_glossary(tmp_path, catalog)["ja"] == before
    (tmp_path / GLOSSARY_DIR / "nl2.yaml").mkdir()  # not a file, but named like one: reported as a file would be
    with pytest.raises(DataError, match="locale 'nl2' is not configured"):
        site_glossary(tmp_path, catalog)
