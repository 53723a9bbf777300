"""Issue 20 item 4: a rebuild under `mkdocs serve` reuses the terms and glossary words of the texts it cut before,
also where the locales are indexed in forked workers, and writes the very index a cold build writes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import DEFAULT_LOCALE, LOCALES, ROOT
from faultsite import search
from faultsite.glossary_terms import FAULT_WORDS, NAME_WORDS, site_glossary
from faultsite.load import load_catalog
from faultsite.memo import Memo
from faultsite.model import Catalog
from faultsite.search import TERMS, write_search
from faultsite.terms import Analyzer, polarity


def _catalog(data: Path) -> Catalog:
    return load_catalog(data, locales=LOCALES, default_locale=DEFAULT_LOCALE)


def _index(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.json"))}


def _build(data: Path, site: Path, processes: int) -> dict[str, str]:
    catalog = _catalog(data)
    write_search(site, catalog, "worker", processes, site_glossary(data, catalog))
    return _index(site)


def test_a_warm_rebuild_after_an_edit_writes_what_a_cold_build_writes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    _build(data, tmp_path / "first", processes=2)  # the memos now hold what the forked workers computed
    assert TERMS.known and NAME_WORDS.known and FAULT_WORDS.known
    nl = data / "text" / "nl.yaml"
    edited = "Start de Mac opnieuw op en controleer de volledige schijftoegang."  # a glossary name fault 10 lacked
    nl.write_text(nl.read_text(encoding="utf-8").replace("Herstart het systeem.", edited), "utf-8")
    warm = _build(data, tmp_path / "warm", processes=2)
    for memo in (TERMS, NAME_WORDS, FAULT_WORDS):
        memo.known.clear()
    cold = _build(data, tmp_path / "cold", processes=1)
    assert warm == cold
    assert edited in warm["nl/search/text-" + str(_chunk_of(cold, 10)) + ".json"]


def _stored(cache: Path) -> dict[str, bytes]:
    return {str(path.relative_to(cache)): path.read_bytes() for path in sorted(cache.rglob("*.json"))}


def _chunk_of(index: dict[str, str], fault: int) -> int:
    """The text chunk of the nl index that holds `fault`'s body."""
    meta = json.loads(index["nl/search/search_index.json"])["config"]["fault_search"]
    at = next(n for n, page in enumerate(meta["pages"]) if page[2] == fault)
    return int(at // meta["chunk"])


def test_a_full_memo_forgets_the_half_least_recently_asked_for() -> None:
    memo: Memo[int, str] = Memo(limit=4)
    for key in range(4):
        memo.put(key, str(key))
    assert memo.get(0, lambda: "computed again") == "0"  # asked for: now the most recent
    memo.put(4, "4")
    assert sorted(memo.known) == [0, 3, 4]
    assert memo.find(1) is None and memo.get(1, lambda: "one again") == "one again"
    assert memo.fresh() == {0: "0", 1: "one again", 2: "2", 3: "3", 4: "4"}  # what this process made, for the server


def test_a_build_reads_the_terms_the_last_build_asked_for_and_writes_the_same_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under `mkdocs build` the memos are kept in the cache folder between builds: a new process (empty memos) with
    the last build's cache analyses no text again and writes the index a build without a cache writes; the cache
    then holds what that build asked for, whatever the number of processes."""
    catalog, cache = _catalog(ROOT / "data"), tmp_path / "cache"
    glossary = site_glossary(ROOT / "data", catalog)

    def build(site: Path, processes: int, kept: Path | None) -> dict[str, str]:
        for memo in (TERMS, NAME_WORDS, FAULT_WORDS):
            monkeypatch.setattr(memo, "known", {})  # a new process: nothing in memory
            monkeypatch.setattr(memo, "made", {})
        polarity.cache_clear()
        write_search(site, catalog, "worker", processes, glossary, kept)
        return _index(site)

    without = build(tmp_path / "without", 1, None)
    first = build(tmp_path / "first", 2, cache)
    stored = _stored(cache)
    kinds = ["fault-words.json", "name-words.json", "terms.json"]
    assert sorted(stored) == sorted(f"{locale}/{kind}" for locale in LOCALES for kind in kinds), "each locale's own"
    analysed: list[str] = []
    real, real_scan = Analyzer.terms, Analyzer.scan

    def counted(self: Analyzer, text: str) -> list[str]:
        analysed.append(text)
        return real(self, text)

    def scanned(self: Analyzer, text: str) -> object:  # how the glossary reads a text (terms.polarity)
        analysed.append(text)
        return real_scan(self, text)

    monkeypatch.setattr(Analyzer, "terms", counted)
    monkeypatch.setattr(Analyzer, "scan", scanned)
    second = build(tmp_path / "second", 1, cache)
    assert analysed == [], "every text's terms and glossary words came from the cache"
    assert first == second == without
    assert _stored(cache) == stored, "the same texts asked for"
    terms = json.loads((cache / "nl" / "terms.json").read_text(encoding="utf-8"))
    terms["entries"][0][1] = "a text, not its terms"  # the same code's file, of another shape
    (cache / "nl" / "terms.json").write_text(json.dumps(terms), encoding="utf-8")
    assert build(tmp_path / "third", 1, cache) == without and analysed, "a file of another shape is not read"
    analysed.clear()
    monkeypatch.setattr(search, "environment", lambda: "other analyzers")
    build(tmp_path / "fourth", 1, cache)
    assert analysed, "a cache written with other analyzers or code is not read"
