"""What a reader of a Material site expects: language offer, colour scheme, copy buttons, anchors, pager, print."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from conftest import DEFAULT_LOCALE, LOCALES
from faultsite.anchors import SECTION_IDS, former_ids
from faultsite.fallback import FAULT_STATES
from faultsite.model import Catalog
from faultsite.urls import locale_prefix

OFFER = {
    "en": "This page is also available in English.",
    "ja": "このページは日本語でも読めます",
    "ko": "이 페이지는 한국어로도 읽을 수 있습니다",
    "zh-TW": "此頁面也有繁體中文版本",
    "nl": "Deze pagina is ook in het Nederlands te lezen.",
}


# New browser contexts, made with Browser.new_context's options.
ContextFor = Callable[..., BrowserContext]


def _prefix(locale: str) -> str:
    return locale_prefix(locale, DEFAULT_LOCALE)


@pytest.fixture
def context_for(browser: Browser) -> Iterator[ContextFor]:
    """New browser contexts (a reader's locale / colour scheme), all closed at the end of the test."""
    made: list[BrowserContext] = []

    def make(**options: Any) -> BrowserContext:
        context = browser.new_context(**options)
        context.set_default_timeout(15_000)
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


@pytest.mark.parametrize(("reader", "offered"), [("ja-JP", "ja"), ("ko-KR", "ko"), ("zh-TW", "zh-TW"), ("nl-BE", "nl")])
def test_a_reader_of_another_language_is_offered_this_fault_in_it_and_not_redirected(
    context_for: ContextFor,
    site_url: str,
    reader: str,
    offered: str,
) -> None:
    page = context_for(locale=reader).new_page()
    page.goto(f"{site_url}faults/13/")
    offer = page.locator("[data-lang-offer]")
    link = offer.get_by_role("link")
    assert link.inner_text() == OFFER[offered]
    assert link.get_attribute("hreflang") == offered
    assert page.url == f"{site_url}faults/13/", "the offer must never redirect"
    link.click()
    page.wait_for_url(f"{site_url}{offered}/faults/13/")
    assert page.locator("[data-lang-offer]").is_hidden(), "no offer on the page in the reader's own language"


def test_the_offer_once_dismissed_stays_dismissed(context_for: ContextFor, site_url: str) -> None:
    page = context_for(locale="ja-JP").new_page()
    page.goto(f"{site_url}faults/13/")
    offer = page.locator("[data-lang-offer]")
    offer.get_by_role("button", name="閉じる").click()
    assert offer.is_hidden()
    page.goto(f"{site_url}faults/14/")
    page.wait_for_load_state("load")
    assert page.locator("[data-lang-offer]").is_hidden()


def test_no_offer_of_a_language_in_which_this_fault_is_not_translated(
    context_for: ContextFor, site_url: str, catalog: Catalog
) -> None:
    # Fault 18 exists in Japanese only as the English fallback page: nothing to offer a Japanese reader.
    page = context_for(locale="ja-JP").new_page()
    page.goto(f"{site_url}faults/18/")
    page.wait_for_load_state("load")
    alternates = page.eval_on_selector_all('link[rel="alternate"][hreflang]', "ls => ls.map(l => l.hreflang)")
    assert "ja" not in alternates
    assert page.locator("[data-lang-offer]").is_hidden()


def test_an_english_reader_on_a_japanese_page_is_offered_english(context_for: ContextFor, site_url: str) -> None:
    page = context_for(locale="en-GB").new_page()
    page.goto(f"{site_url}ja/faults/4/")
    assert page.locator("[data-lang-offer] a").inner_text() == OFFER["en"]


@pytest.mark.parametrize(("scheme", "expected"), [("dark", "slate"), ("light", "default")])
def test_colour_scheme_starts_from_the_system_preference_and_toggles(
    context_for: ContextFor, site_url: str, scheme: str, expected: str
) -> None:
    page = context_for(color_scheme=scheme).new_page()
    page.goto(site_url)
    body = page.locator("body")
    assert body.get_attribute("data-md-color-scheme") == expected
    # Auto -> light -> dark: the reader can pick either scheme whatever the system says.
    seen = set()
    for _ in range(3):
        page.locator("form[data-md-component=palette] label:visible").first.click()
        seen.add(body.get_attribute("data-md-color-scheme"))
    assert {"default", "slate"} <= seen


def test_one_click_copies_exactly_the_log_path(context_for: ContextFor, site_url: str) -> None:
    context = context_for(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{site_url}faults/4/")
    block = page.locator("h2#log-files + .highlight")
    block.locator("button[data-md-type=copy]").click()
    assert page.evaluate("navigator.clipboard.readText()") == "/Library/Logs/Cisco/ampdaemon.log"


# The WCAG contrast of an element's colour against what is behind it: each background up the tree laid over the
# next, down to the first opaque one (the icon of a copy button is drawn in its colour). Measured once the element's
# transitions have ended (Material fades a button's colour over 0.25 s): the colours a reader is left looking at.
CONTRAST = r"""async el => {
  await Promise.all(el.getAnimations({ subtree: true }).map(a => a.finished));
  const rgba = c => { const [r, g, b, a = 1] = c.match(/[\d.]+/g).map(Number); return [r, g, b, a]; };
  const over = (top, under) => top.slice(0, 3).map((v, i) => v * top[3] + under[i] * (1 - top[3])).concat(1);
  const layers = [];
  for (let node = el; node; node = node.parentElement) {
    const bg = rgba(getComputedStyle(node).backgroundColor);
    if (bg[3] > 0) layers.push(bg);
    if (bg[3] === 1) break;
  }
  let back = [255, 255, 255, 1];
  for (const layer of layers.reverse()) back = over(layer, back);
  const fore = over(rgba(getComputedStyle(el).color), back);
  const lum = c => c.slice(0, 3).map(v => v / 255).map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const [hi, lo] = [lum(fore), lum(back)].sort((a, b) => b - a);
  return (hi + 0.05) / (lo + 0.05);
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_copy_buttons_are_visible_without_hover_and_say_they_copied(
    context_for: ContextFor, site_url: str, scheme: str
) -> None:
    context = context_for(color_scheme=scheme, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{site_url}ja/faults/5/")
    button = page.locator("h2#log-files + .highlight button[data-md-type=copy]").first
    # Unhovered (the mouse is elsewhere, as on a touch screen): a non-text contrast of 3:1 (WCAG 1.4.11).
    page.mouse.move(0, 0)
    assert button.evaluate(CONTRAST) >= 3, "the copy button fades into the code block until hovered"
    icon = "e => getComputedStyle(e, '::after').maskImage"
    copy_icon = button.evaluate(icon)
    button.click()
    expect(button).to_have_attribute("data-copied", "")
    assert button.evaluate(icon) != copy_icon  # a check mark instead of the copy icon
    assert button.evaluate(CONTRAST) >= 3
    copied = json.loads(page.locator("#__config").inner_text())["translations"]["clipboard.copied"]
    expect(page.locator(".md-dialog [role=status]")).to_have_text(copied)  # Material's words, read out
    expect(button).not_to_have_attribute("data-copied", "", timeout=5_000)  # until Material's message goes
    assert button.evaluate(icon) == copy_icon


@pytest.mark.parametrize("locale", [DEFAULT_LOCALE, "ja"])
def test_the_old_anchor_highlights_its_row_of_the_overview(page: Page, site_url: str, locale: str) -> None:
    page.goto(f"{site_url}{_prefix(locale)}#fault-13")
    row = page.locator("tr:has(#fault-13) td").first
    other = page.locator("tr:has(#fault-14) td").first
    assert row.evaluate("e => getComputedStyle(e).backgroundColor") != other.evaluate(
        "e => getComputedStyle(e).backgroundColor"
    )
    assert row.is_visible()


def test_the_fault_id_field_is_on_every_page_once_and_jumps_in_the_pages_language(page: Page, site_url: str) -> None:
    for path in ["faults/13/", "status/", "ko/faults/18/", "ja/status/", "ja/", "", "nl/faults/99/"]:  # one page each
        page.goto(site_url + path)
        assert page.locator("form[data-fault-goto]").count() == 1, path
        form = page.locator("form[data-fault-goto]")
        form.locator("input").fill("15")
        form.locator("input").press("Enter")
        locale = path.split("/")[0] if path.split("/")[0] in LOCALES else DEFAULT_LOCALE
        page.wait_for_url(f"{site_url}{_prefix(locale)}faults/15/")


def test_fault_pages_link_the_previous_and_next_fault(page: Page, site_url: str, catalog: Catalog) -> None:
    ids = list(catalog.fault_ids)
    page.goto(f"{site_url}ja/faults/{ids[1]}/")
    page.locator("a[rel=next]").click()
    page.wait_for_url(f"{site_url}ja/faults/{ids[2]}/")
    page.locator("a[rel=prev]").click()
    page.wait_for_url(f"{site_url}ja/faults/{ids[1]}/")
    page.goto(f"{site_url}faults/{ids[0]}/")
    assert page.locator("a[rel=prev]").count() == 0
    page.goto(f"{site_url}faults/{ids[-1]}/")
    assert page.locator("a[rel=next]").count() == 0


def test_fallback_notice_is_a_titled_warning_with_its_icon(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}ko/faults/18/")
    title = page.locator(".admonition.warning > .admonition-title")
    assert "한국어로 번역되지 않았습니다" in title.inner_text()
    icon = title.evaluate(
        "e => getComputedStyle(e, '::before').maskImage || getComputedStyle(e, '::before').webkitMaskImage"
    )
    assert icon.startswith("url("), icon


def test_print_view_drops_the_chrome_and_prints_link_targets(context_for: ContextFor, site_url: str) -> None:
    page = context_for().new_page()
    page.goto(f"{site_url}faults/13/")
    page.emulate_media(media="print")
    for selector in [".md-header", "form[data-fault-goto]", ".md-search", ".md-footer"]:
        assert page.locator(selector).first.is_hidden(), selector
    after = page.locator("a[rel=next]").evaluate("e => getComputedStyle(e, '::after').content")
    assert re.search(r"\.\./14/", after), after


def test_status_matrix_is_a_table_a_screen_reader_can_walk(page: Page, site_url: str, catalog: Catalog) -> None:
    page.goto(f"{site_url}status/")
    table = page.locator("table.status-matrix")
    locales = [loc for loc in catalog.locales if loc != catalog.default_locale]
    assert table.locator("thead th[scope=col]").count() == 1 + len(locales)
    assert table.locator("tbody th[scope=row]").count() == len(catalog.fault_ids)
    cells = table.locator("tbody td")
    assert cells.count() == len(catalog.fault_ids) * len(locales)
    states = set(FAULT_STATES)  # a fault partly shown in English is "partial", told apart from "missing"
    words = {catalog.texts[DEFAULT_LOCALE].ui[f"status_{state}"] for state in states}
    for i in range(cells.count()):
        cell = cells.nth(i)
        state = re.search(r"status-cell--(\w+)", cell.get_attribute("class") or "")
        assert state and state.group(1) in states
        # The state is said in words (visually hidden), not by colour alone.
        assert cell.locator("summary .visually-hidden").inner_text() in words
    # Per-field detail on demand.
    first = cells.first
    assert first.locator("li").first.is_hidden()
    first.locator("summary").click()
    assert first.locator("li").count() == 3 and first.locator("li").first.is_visible()
    meters = page.locator("table.status-percent meter")
    assert meters.count() == len(locales)


@pytest.mark.parametrize("width", [1280, 390])
def test_status_matrix_fits_the_screen(context_for: ContextFor, site_url: str, width: int) -> None:
    page = context_for(viewport={"width": width, "height": 800}).new_page()
    page.goto(f"{site_url}ko/status/")
    box = page.locator("table.status-matrix").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")


def test_status_cells_show_a_symbol_not_the_words(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}status/")
    words = page.locator("table.status-matrix tbody td .visually-hidden").first
    box = words.bounding_box()
    assert box is not None and box["width"] <= 1 and box["height"] <= 1


@pytest.mark.parametrize("locale", LOCALES)
def test_a_section_link_published_before_lands_on_its_section(page: Page, site_url: str, locale: str) -> None:
    # Fault 4 shows every kind of section but one; its ids before issue 22 (faultsite/former_ids.yaml) and now.
    for key, ids in former_ids(locale, 4).items():
        for fragment in (*ids, dict(SECTION_IDS)[key]):
            page.goto(f"{site_url}{_prefix(locale)}faults/4/#{fragment}")
            heading = page.locator(":target").locator("xpath=ancestor-or-self::h2")
            assert heading.get_attribute("id") == dict(SECTION_IDS)[key], fragment
            assert heading.is_visible() and heading.evaluate("h => h.getBoundingClientRect().top < innerHeight")
