"""Section anchors of the built fault pages (issue 22.3): one id per section in every locale, a permalink on each
heading that points at it and is named in the page's language, and every id published before still inside its
section's heading. Read from the HTML of the session's build, each heading told by its label in the locale's data."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import DEFAULT_LOCALE, LOCALES
from faultsite.anchors import SECTION_IDS, former_ids
from faultsite.model import Catalog
from faultsite.urls import fault_path, locale_prefix


@dataclass
class Heading:
    level: int
    id: str
    words: str = ""  # its text, without the permalink
    ids_inside: list[str] = field(default_factory=list)
    permalinks: list[dict[str, str]] = field(default_factory=list)


class _Headings(HTMLParser):
    """The headings of a page's article, with the ids and permalinks inside them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[Heading] = []
        self.open: Heading | None = None
        self.in_permalink = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.open = Heading(int(tag[1]), attributes.get("id", ""))
            self.headings.append(self.open)
        elif self.open is not None:
            if "id" in attributes:
                self.open.ids_inside.append(attributes["id"])
            if tag == "a" and "headerlink" in attributes.get("class", "").split():
                self.open.permalinks.append(attributes)
                self.in_permalink = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self.in_permalink = False
        if self.open is not None and tag == f"h{self.open.level}":
            self.open.words = " ".join(self.open.words.split())
            self.open = None

    def handle_data(self, data: str) -> None:
        if self.open is not None and not self.in_permalink:
            self.open.words += data


def headings(site: Path, path: str) -> list[Heading]:
    html = (site / path / "index.html").read_text(encoding="utf-8")
    parser = _Headings()
    parser.feed(html[html.index("<article") : html.index("</article>")])
    return parser.headings


def _sections(catalog: Catalog, site: Path, locale: str, fault_id: int) -> dict[str, Heading]:
    """The page's section headings by the key of their label (every h2 must be one of them)."""
    ui = catalog.texts[locale].ui
    keys = {ui[key]: key for key, _ in SECTION_IDS}
    found = [h for h in headings(site, fault_path(fault_id, locale, DEFAULT_LOCALE)) if h.level == 2]
    assert all(h.words in keys for h in found), [h.words for h in found]
    return {keys[h.words]: h for h in found}


@pytest.mark.parametrize("locale", LOCALES)
def test_each_section_has_the_same_id_in_every_locale(built_site: Path, catalog: Catalog, locale: str) -> None:
    wrong = [
        f"fault {fault_id} {key}: #{heading.id}"
        for fault_id in catalog.fault_ids
        for key, heading in _sections(catalog, built_site, locale, fault_id).items()
        if heading.id != dict(SECTION_IDS)[key]
    ]
    assert wrong == []


def test_a_fault_shows_its_sections_under_the_same_ids_in_every_locale(built_site: Path, catalog: Catalog) -> None:
    # The sections a fault shows may differ (a translation may cite the tech note the English does not): the ids of
    # those it shows come from one set, and a link to a section of one locale's page works on every locale's page
    # that shows that section.
    for fault_id in catalog.fault_ids:
        ids = {loc: {h.id for h in _sections(catalog, built_site, loc, fault_id).values()} for loc in LOCALES}
        assert set().union(*ids.values()) <= {id for _, id in SECTION_IDS}, (fault_id, ids)
        assert "resolution" in set.intersection(*ids.values()), (fault_id, ids)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_heading_but_the_title_has_one_permalink_to_itself_named_by_its_words(
    built_site: Path, catalog: Catalog, locale: str
) -> None:
    pages = [fault_path(fault_id, locale, DEFAULT_LOCALE) for fault_id in catalog.fault_ids]
    pages += [locale_prefix(locale, DEFAULT_LOCALE), locale_prefix(locale, DEFAULT_LOCALE) + "status/"]
    wrong = []
    for path in pages:
        for heading in headings(built_site, path):
            links = heading.permalinks
            if heading.level == 1:
                fine = links == []  # the page's own address is the title's link
            else:
                fine = len(links) == 1 and links[0]["href"] == f"#{heading.id}"
                fine = fine and links[0].get("aria-label") == heading.words != ""
            if not fine:
                wrong.append(f"{path} h{heading.level} {heading.words!r}: {links}")
    assert wrong == [], "\n".join(wrong)


@pytest.mark.parametrize("locale", LOCALES)
def test_ids_published_before_stay_in_their_sections_heading(built_site: Path, catalog: Catalog, locale: str) -> None:
    # faultsite/former_ids.yaml records the ids of the site as built before issue 22 (toc's slugs of each heading).
    wrong, kept = [], 0
    for fault_id in catalog.fault_ids:
        sections = _sections(catalog, built_site, locale, fault_id)
        html = (built_site / fault_path(fault_id, locale, DEFAULT_LOCALE) / "index.html").read_text(encoding="utf-8")
        for key, ids in former_ids(locale, fault_id).items():
            for old in ids:
                kept += 1
                if key not in sections or old not in sections[key].ids_inside or html.count(f'id="{old}"') != 1:
                    wrong.append(f"fault {fault_id} #{old} ({key})")
    assert wrong == [] and kept >= len(catalog.fault_ids), wrong
