"""Reader notes and "Show English" in Debian's Chromium: with and without JavaScript, remembered, and axe-clean."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

# Translated fault pages with reader notes (faults 10 and 13 in nl, 13 in ja, 4 and 3 in ko, 14 in zh-TW).
NOTED = ("nl/faults/10/", "ja/faults/13/", "zh-TW/faults/14/", "ko/faults/4/", "ko/faults/3/")


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
