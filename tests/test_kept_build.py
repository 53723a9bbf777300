"""Issue 24: a `mkdocs build` of data the last build checked and rendered reuses that build's structure verdict and
fault pages from the cache folder (kept_build.py), and any change to the data, or other code, checks and renders
everything again: a text that breaks a page's structure is refused whatever the cache holds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import DEFAULT_LOCALE, LOCALES, ROOT
from faultsite import kept_build
from faultsite.problems import DataError
from faultsite.render import render_fault
from faultsite.site import Build, new_build
from faultsite.structure import structure_problems


@pytest.fixture
def data(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path / "data"


class Counted:
    """How often the structure check and the fault pages' renderer ran."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.checks = self.pages = 0

        def check(*args: object, **kwargs: object) -> object:
            self.checks += 1
            return structure_problems(*args, **kwargs)  # type: ignore[arg-type]

        def render(*args: object) -> str:
            self.pages += 1
            return render_fault(*args)  # type: ignore[arg-type]

        monkeypatch.setattr("faultsite.load.structure_problems", check)
        monkeypatch.setattr("faultsite.pages.render_fault", render)

    def reset(self) -> tuple[int, int]:
        counts, self.checks, self.pages = (self.checks, self.pages), 0, 0
        return counts


def build(data: Path, cache: Path | None) -> Build:
    return new_build(data, LOCALES, DEFAULT_LOCALE, None, processes=1, cache=cache)  # None: a new process


def edit(data: Path, locale: str, old: str, new: str) -> None:
    path = data / "text" / f"{locale}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_same_data_is_checked_and_rendered_once(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    counted = Counted(monkeypatch)
    first = build(data, cache)
    assert counted.reset() == (1, len(first.pages))
    second = build(data, cache)
    assert counted.reset() == (0, 0), "the structure verdict and the pages came from the cache"
    assert second.pages == first.pages and second.catalog == first.catalog
    edit(data, "nl", "Herstart het systeem.", "Start de Mac opnieuw op.")
    third = build(data, cache)
    assert counted.reset() == (1, len(first.pages)), "an edit checks and renders everything again"
    without = build(data, None)
    assert counted.reset() == (1, 0), "without a cache (serve), no page is rendered before it is read"
    assert third.pages == without.pages and third.catalog == without.catalog
    assert counted.reset() == (0, len(first.pages)), "then each page once"
    assert "Start de Mac opnieuw op." in third.pages["faults/10.nl.md"].markdown


@pytest.mark.parametrize(
    ("locale", "old", "new"),
    [  # texts only the structure check refuses (tests/hostile_cases.yaml)
        ("en", "portal_text: Version mismatch", "portal_text: Version mismatch ]"),
        ("nl", "portal_text: Teveel systeemuitbreidingen", "portal_text: Teveel [x](https://www.cisco.com/)"),
    ],
)
def test_a_text_that_breaks_a_page_is_refused_whatever_the_cache_holds(
    data: Path, tmp_path: Path, locale: str, old: str, new: str
) -> None:
    cache = tmp_path / "cache"
    build(data, cache)
    kept = (cache / kept_build.FILE).read_bytes()
    edit(data, locale, old, new)
    with pytest.raises(DataError, match="breaks the structure"):
        build(data, cache)
    assert (cache / kept_build.FILE).read_bytes() == kept, "a refused build keeps nothing"


def test_a_damaged_or_foreign_cache_is_not_believed(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    counted = Counted(monkeypatch)
    cold = build(data, cache)
    stored = json.loads((cache / kept_build.FILE).read_text(encoding="utf-8"))
    damaged = [
        stored | {"fault_ids": stored["fault_ids"][:-1]},  # the right fingerprint, other faults
        stored | {"locales": {k: v for k, v in stored["locales"].items() if k != "ja"}},  # a locale missing
        stored | {"locales": {**stored["locales"], "nl": 1}},  # of another shape
        stored | {"environment": "other code"},
    ]
    for content in [*map(json.dumps, damaged), "{", ""]:
        (cache / kept_build.FILE).write_text(content, encoding="utf-8")
        counted.reset()
        again = build(data, cache)
        assert again.pages == cold.pages
        assert counted.reset() == (1, len(cold.pages)), content[:80]


def test_each_locale_reads_its_own_pages_and_renders_them_again_if_its_file_is_not_the_one_kept(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A locale's build reads its pages from its own file, when its first page is read; a file that is missing,
    damaged or of another build (its digest is not the one the main file names) is not believed, and that locale
    alone is rendered again, under the structure verdict kept."""
    cache = tmp_path / "cache"
    counted = Counted(monkeypatch)
    cold = {source: page.markdown for source, page in build(data, cache).pages.items()}
    per_locale = len(cold) // len(LOCALES)
    files = cache / kept_build.LOCALE_FILES
    kept = {locale: (files / f"{locale}.json").read_bytes() for locale in LOCALES}
    nl = json.loads(kept["nl"])
    other_page = json.dumps(nl[:-1] + ["# another page"], ensure_ascii=False).encode("utf-8")
    for content in [None, kept["nl"][:-10], other_page, kept["ja"]]:  # missing, cut, another page, another locale's
        if content is None:
            (files / "nl.json").unlink()
        else:
            (files / "nl.json").write_bytes(content)
        counted.reset()
        again = build(data, cache)
        assert counted.reset() == (0, 0), "nothing is read or rendered before a page asks"
        assert again.pages["faults/10.md"].markdown == cold["faults/10.md"]
        assert counted.reset() == (0, 0), "English came from its file"
        assert again.pages["faults/10.nl.md"].markdown == cold["faults/10.nl.md"]
        assert counted.reset() == (0, per_locale), "Dutch alone rendered again"
        (files / "nl.json").write_bytes(kept["nl"])
    again = build(data, cache)
    assert {source: page.markdown for source, page in again.pages.items()} == cold and counted.reset() == (0, 0)


def test_a_built_locale_gives_up_its_markdown_and_reads_it_again_if_asked(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    build(data, cache)
    reads: list[str] = []
    original = kept_build._locale_pages

    def counted_read(cache: Path, locale: str, digest: str, count: int) -> list[str] | None:
        reads.append(locale)
        return original(cache, locale, digest, count)

    monkeypatch.setattr(kept_build, "_locale_pages", counted_read)
    again = build(data, cache)
    first = again.pages["faults/10.ja.md"].markdown
    assert again.pages["faults/12.ja.md"].markdown and reads == ["ja"], "one read for the locale's pages"
    again.forget_markdown("ja")
    assert again.pages["faults/10.ja.md"].markdown == first and reads == ["ja", "ja"]
    given = build(data, None)  # under serve: rendered when read, and kept
    text = given.pages["faults/10.ja.md"].markdown
    given.forget_markdown("ja")
    assert given.pages["faults/10.ja.md"].markdown is text
