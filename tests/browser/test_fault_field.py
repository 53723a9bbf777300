"""The fault-ID field in a real browser (Debian's Chromium via Playwright): an ID, a pasted notification or link in
any language goes to its fault in the page's language; anything else gets a message, a choice or the site search."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from browser.test_search import home
from conftest import DEFAULT_LOCALE, LOCALES
from faultsite.model import Catalog
from faultsite.urls import fault_path

FAULT_WORD = {"en": "fault", "nl": "fout", "ja": "障害", "zh-TW": "故障", "ko": "결함"}


def goto_fault(page: Page, value: str) -> None:
    page.fill("form[data-fault-goto] input", value)
    page.click("form[data-fault-goto] button")


# (page's locale, what the reader types or pastes, the fault it names): each case in turn in one page, from the
# locale's home page, as a reader would go from one notification to the next.
JUMPS = [
    *((locale, f"{FAULT_WORD[locale]} 13", 13) for locale in LOCALES),  # the fault word of the page's language
    ("en", "Fault Raised: Disk access not granted.", 3),
    ("en", "Fault 13: Too many network content filter system extensions", 13),
    ("ja", "障害3: ディスクアクセスが許可されていません。", 3),
    ("ja", "13番", 13),
    ("zh-TW", "第13號", 13),
    ("ko", "13번", 13),
    ("nl", "cvd", 7),
    ("ja", "https://mac-connector-faults.example.org/faults/13/", 13),
    ("ko", "/nl/faults/7", 7),
]
# A notification pasted from another language's portal: (its language, the page's locale); fault 15's text.
PASTED_ACROSS = [("en", "ja"), ("ko", "nl"), ("zh-TW", "en")]


def test_the_fault_id_field_sends_an_id_or_a_pasted_notification_to_its_fault_in_the_pages_language(
    page: Page, site_url: str, catalog: Catalog
) -> None:
    cases = JUMPS + [
        (target, catalog.texts[source].faults[15].endpoint_description or "", 15) for source, target in PASTED_ACROSS
    ]
    wrong = []
    for locale, value, fault_id in cases:
        page.goto(home(site_url, locale))
        goto_fault(page, value)
        expected = site_url + fault_path(fault_id, locale, DEFAULT_LOCALE)
        try:
            page.wait_for_url(expected)
        except PlaywrightTimeoutError:
            wrong.append(f"{locale} {value!r}: went to {page.url}, not {expected}")
            continue
        if page.locator("html").get_attribute("lang") != locale:
            wrong.append(f"{locale} {value!r}: {expected} is not in {locale}")
    assert wrong == [], "\n".join(wrong)


def test_unknown_fault_id_gets_a_message_naming_the_number_only(page: Page, site_url: str, catalog: Catalog) -> None:
    ids = ", ".join(map(str, catalog.fault_ids))
    for locale, value, number in [
        ("ja", "8", "8"),
        ("ja", "障害99：", "99"),
        ("ko", "결함 16", "16"),
        ("en", "Fault 099", "99"),
    ]:
        page.goto(home(site_url, locale))
        goto_fault(page, value)
        message = page.locator("form[data-fault-goto] [role=status]")
        expect(message).to_have_text(catalog.texts[locale].ui["goto_unknown"].format(id=number, ids=ids))
        assert page.url == home(site_url, locale), value


def test_fault_id_field_offers_every_fault_a_phrase_names_instead_of_jumping(
    page: Page, site_url: str, catalog: Catalog
) -> None:
    page.goto(home(site_url, "en"))
    goto_fault(page, "system extension")
    links = page.locator("form[data-fault-goto] [role=status] li a")
    expect(links.first).to_be_visible()
    titles = links.all_inner_texts()
    named = [
        f
        for f in catalog.fault_ids
        if "system extension" in (catalog.texts["en"].faults[f].endpoint_description or "").lower()
    ]
    assert len(named) > 1
    assert {f"Fault {f}: {catalog.texts['en'].faults[f].portal_text}" for f in named} <= set(titles)
    assert page.url == home(site_url, "en")


def test_fault_id_field_hands_text_it_cannot_resolve_to_the_site_search(page: Page, site_url: str) -> None:
    page.goto(home(site_url, "ja") + "faults/7/")
    goto_fault(page, "zzzz qqqq")
    box = page.locator("input.md-search__input")
    expect(box).to_be_focused()
    expect(box).to_have_value("zzzz qqqq")
    expect(page.locator(".md-search-result__meta")).to_have_text(
        page.evaluate(
            "() => JSON.parse(document.getElementById('__config').textContent).translations['search.result.none']"
        )
    )
