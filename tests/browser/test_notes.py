"""Reader notes and "Show English" in Debian's Chromium: with and without JavaScript, remembered, and axe-clean."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from conftest import LOCALES
from faultsite.model import Catalog
from faultsite.note_view import ui_key
from faultsite.notes import NOTED_UI
from faultsite.urls import locale_prefix

# Translated fault pages with reader notes (faults 10 and 13 in nl, 13 in ja, 4 and 3 in ko, 14 in zh-TW), and one
# with a field shown in English (ja 10).
NOTED = ("nl/faults/10/", "ja/faults/13/", "zh-TW/faults/14/", "ko/faults/4/", "ko/faults/3/", "ja/faults/10/")


def english_paragraphs(page: Page) -> Locator:
    return page.locator("article .fault-english[lang=en]")


@pytest.fixture
def page_without_javascript(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="en-US", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_show_english_works_without_javascript(page_without_javascript: Page, site_url: str) -> None:
    page = page_without_javascript
    page.goto(site_url + "nl/faults/10/")
    control = page.get_by_label("Engelse tekst tonen")
    expect(control).not_to_be_checked()
    expect(english_paragraphs(page).first).to_be_hidden()
    # The notes and their English are shown whatever the control says.
    expect(page.locator("#note-resolution-3")).to_be_visible()
    expect(page.locator("#note-resolution-3 [lang=en]")).to_contain_text("may raise this fault")
    control.check()
    for index in range(english_paragraphs(page).count()):
        expect(english_paragraphs(page).nth(index)).to_be_visible()
    expect(page.locator("article")).to_contain_text("Reboot the system.")
    # Shown by CSS alone: the script that would set this class did not run.
    assert "show-english" not in (page.locator("html").get_attribute("class") or "")
    control.uncheck()
    expect(english_paragraphs(page).first).to_be_hidden()


def test_show_english_is_remembered_from_page_to_page(page: Page, site_url: str) -> None:
    page.goto(site_url + "ja/faults/13/")
    control = page.get_by_label("英語の原文を表示")
    expect(english_paragraphs(page).first).to_be_hidden()
    control.check()
    expect(english_paragraphs(page).first).to_be_visible()
    page.goto(site_url + "ja/faults/7/")
    expect(page.get_by_label("英語の原文を表示")).to_be_checked()
    expect(english_paragraphs(page).first).to_be_visible()
    page.goto(site_url + "ko/faults/2/")  # another language: the same choice
    expect(page.get_by_label("영어 원문 보기")).to_be_checked()
    expect(english_paragraphs(page).first).to_be_visible()
    page.get_by_label("영어 원문 보기").uncheck()
    page.goto(site_url + "nl/faults/2/")
    expect(page.get_by_label("Engelse tekst tonen")).not_to_be_checked()
    expect(english_paragraphs(page).first).to_be_hidden()


def test_shown_english_is_set_apart_and_marked_for_screen_readers(page: Page, site_url: str) -> None:
    page.goto(site_url + "zh-TW/faults/14/")
    page.get_by_label("顯示英文原文").check()
    english = english_paragraphs(page).first
    expect(english).to_be_visible()
    assert english.get_attribute("lang") == "en"
    style = english.evaluate("e => { const s = getComputedStyle(e); return [s.borderLeftWidth, s.backgroundColor]; }")
    paragraph = page.locator("article h2 + p").first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert style[0] != "0px" and style[1] != paragraph, style
    note = page.locator("#note-resolution-1")
    expect(note).to_contain_text("注意：此處譯文的意思可能與英文原文不同。")
    expect(note.locator("[lang=en]")).to_contain_text("Endpoint Security system extensions")


@pytest.mark.parametrize("path", NOTED)
def test_no_serious_accessibility_violation_with_notes_and_english_shown(
    page: Page, site_url: str, axe_source: str, path: str
) -> None:
    page.goto(site_url + path)
    page.locator("#show-english").check()
    expect(page.locator("article .fault-english").first).to_be_visible()  # English titles, paragraphs
    page.evaluate(axe_source)  # through DevTools: the Content-Security-Policy refuses inline scripts
    violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    found = [
        f"{v['id']} [{v['impact']}] {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    assert found == [], "\n".join(found)


def test_a_reversed_meaning_is_said_in_the_readers_language_and_stands_out(
    page: Page, site_url: str, catalog: Catalog
) -> None:
    page.goto(site_url + "nl/faults/10/")
    reversed_note, other_note = page.locator("#note-resolution-3"), page.locator("#note-resolution-2")
    ui = catalog.texts["nl"].ui
    says = {n.paragraph: n.says for n in catalog.notes["nl"] if n.shown and (n.fault, n.field) == (10, "resolution")}
    expect(reversed_note.locator(".reader-note__kind")).to_have_text(ui["note_meaning_reversed"])
    expect(reversed_note.locator(".reader-note__says")).to_have_text(says[3])
    expect(other_note.locator(".reader-note__kind")).to_have_text(ui["note_meaning_differs"])
    expect(other_note.locator(".reader-note__says")).to_have_text(says[2])
    style = "e => { const s = getComputedStyle(e); return [parseFloat(s.borderLeftWidth), s.borderLeftColor, "
    style += "s.backgroundColor]; }"
    strong, plain = reversed_note.evaluate(style), other_note.evaluate(style)
    assert strong[0] > plain[0] and strong[1] != plain[1] and strong[2] != plain[2], (strong, plain)


def test_english_shown_on_a_translated_page_is_announced_per_field_and_marked_in_the_overview(
    page: Page, site_url: str, catalog: Catalog
) -> None:
    ui = catalog.texts["ja"].ui
    page.goto(site_url + "ja/faults/10/")  # the Japanese seed lost fault 10's endpoint description
    notice = page.locator("article .admonition.note")
    expect(notice).to_have_text(ui["not_translated_named"].replace("{field}", ui["endpoint_description"]))
    expect(page.locator("article .fault-facts dd [lang=en]").first).to_have_text(
        catalog.texts["en"].faults[10].endpoint_description or ""
    )
    page.goto(site_url + "ja/")
    cells = page.locator("tr:has(#fault-10) td")
    expect(cells.nth(2).locator(".fallback-mark")).to_have_text(ui["in_english"])
    expect(cells.nth(1).locator(".fallback-mark")).to_have_count(0)  # the portal text is translated
    expect(page.locator("tr:has(#fault-18) .fallback-mark")).to_have_count(2)
    page.goto(site_url + "ja/status/")
    cells = page.locator('table.status-matrix tbody tr:has(th a[href$="/10/"]) td')
    expect(cells.nth(LOCALES[1:].index("ja")).locator(".visually-hidden")).to_have_text(ui["status_partial"])


def test_one_prompt_at_a_time_on_a_page_that_already_says_it_shows_english(
    browser: Browser, site_url: str, catalog: Catalog
) -> None:
    context = browser.new_context(locale="en-US")  # a reader of English
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(site_url + "ja/faults/13/")  # translated: the script offers English (it runs, and works here)
        expect(page.locator("[data-lang-offer] a")).to_have_text(catalog.texts["en"].ui["lang_offer"])
        page.goto(site_url + "ja/faults/18/")  # not translated: the page says so in Japanese, with its own link
        page.wait_for_load_state("load")
        expect(page.locator("article .admonition.warning")).to_contain_text(catalog.texts["ja"].ui["not_translated"])
        expect(page.locator("[data-lang-offer]")).to_be_hidden()
        assert page.locator("[data-lang-offer] a").count() == 0
    finally:
        context.close()


@pytest.mark.parametrize(("reader", "locale"), [("ja-JP", "ja"), ("ko-KR", "ko"), ("zh-TW", "zh-TW"), ("nl-NL", "nl")])
def test_a_reader_of_a_translated_language_is_offered_it_on_the_english_home_page(
    browser: Browser, site_url: str, catalog: Catalog, reader: str, locale: str
) -> None:
    context = browser.new_context(locale=reader)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(site_url)
        link = page.locator("[data-lang-offer] a")
        expect(link).to_have_text(catalog.texts[locale].ui["lang_offer"])
        assert page.url == site_url, "the offer never redirects"
        link.click()
        page.wait_for_url(f"{site_url}{locale}/")
        expect(page.locator("[data-lang-offer]")).to_be_hidden()
    finally:
        context.close()


def test_a_note_on_the_home_pages_introduction_is_shown_under_it_in_its_own_language_only(
    page: Page, site_url: str, catalog: Catalog, axe_source: str
) -> None:
    note = next(n for n in catalog.notes["nl"] if n.shown and (n.fault, n.field) == ("ui", "intro"))
    page.goto(site_url + "nl/")
    box = page.locator("#note-intro-1")
    expect(box.locator(".reader-note__kind")).to_have_text(catalog.texts["nl"].ui[ui_key(note.kind)])
    expect(box.locator(".reader-note__says")).to_have_text(note.says)
    expect(box.locator(".reader-note__english[lang=en]")).to_have_text(catalog.texts["en"].ui["intro"])
    # Between the introduction it is about and the overview's heading.
    top = "e => e.getBoundingClientRect().top"
    intro = page.locator("article p", has_text=note.quote).first.evaluate(top)
    overview = page.locator("article h2").nth(1).evaluate(top)
    assert intro < box.evaluate(top) < overview
    # It looks as a note on a fault page does.
    style = "e => { const s = getComputedStyle(e); return [s.borderLeftWidth, s.borderLeftColor, s.backgroundColor]; }"
    here = box.evaluate(style)
    page.evaluate(axe_source)
    violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    assert [v["id"] for v in violations if v["impact"] in ("serious", "critical")] == []
    page.goto(site_url + "nl/faults/10/")
    assert page.locator("#note-resolution-2").evaluate(style) == here
    # Only on the page of the note's language: a home page shows the notes of its own interface strings, no others.
    for locale in LOCALES:
        places = {
            (n.field, n.paragraph)
            for n in catalog.notes.get(locale, ())
            if n.shown and n.fault == "ui" and NOTED_UI[n.field][0] == ""
        }
        page.goto(site_url + locale_prefix(locale, LOCALES[0]))
        expect(page.locator("article .reader-note")).to_have_count(len(places))
