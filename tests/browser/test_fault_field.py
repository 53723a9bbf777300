"""The fault-ID field in a real browser (Debian's Chromium via Playwright): an ID, a pasted notification or link in
any language goes to its fault in the page's language; anything else gets a message, a choice or the site search."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from browser.test_search import home
from conftest import DEFAULT_LOCALE, LOCALES
from faultsite.model import Catalog
from faultsite.urls import fault_path

FAULT_WORD = {"en": "fault", "nl": "fout", "ja": "障害", "zh-TW": "故障", "ko": "결함"}


def goto_fault(page: Page, value: str) -> None:
    page.fill("form[data-fault-goto] input", value)
    page.click("form[data-fault-goto] button")


@pytest.mark.parametrize("locale", LOCALES)
def test_fault_id_field_jumps_to_the_fault_in_the_same_language(page: Page, site_url: str, locale: str) -> None:
    page.goto(home(site_url, locale))
    goto_fault(page, f"{FAULT_WORD[locale]} 13")
    page.wait_for_url(re.compile(re.escape(site_url + fault_path(13, locale, DEFAULT_LOCALE)) + "$"))
    assert page.locator("html").get_attribute("lang") == locale


@pytest.mark.parametrize(
    "locale, value, number",
    [("ja", "8", "8"), ("ja", "障害99：", "99"), ("ko", "결함 16", "16"), ("en", "Fault 099", "99")],
)
def test_unknown_fault_id_gets_a_message_naming_the_number_only(
    page: Page, site_url: str, catalog: Catalog, locale: str, value: str, number: str
) -> None:
    page.goto(home(site_url, locale))
    goto_fault(page, value)
    message = page.locator("form[data-fault-goto] [role=status]")
    ids = ", ".join(map(str, catalog.fault_ids))
    expect(message).to_have_text(catalog.texts[locale].ui["goto_unknown"].format(id=number, ids=ids))
    assert page.url == home(site_url, locale)


@pytest.mark.parametrize(
    "locale, value, fault_id",
    [
        ("en", "Fault Raised: Disk access not granted.", 3),
        ("en", "Fault 13: Too many network content filter system extensions", 13),
        ("ja", "障害3: ディスクアクセスが許可されていません。", 3),
        ("ja", "13番", 13),
        ("zh-TW", "第13號", 13),
        ("ko", "13번", 13),
        ("nl", "cvd", 7),
        ("ja", "https://mac-connector-faults.example.org/faults/13/", 13),
        ("ko", "/nl/faults/7", 7),
    ],
)
def test_fault_id_field_reads_a_pasted_notification_or_an_id_typed_any_way(
    page: Page, site_url: str, locale: str, value: str, fault_id: int
) -> None:
    page.goto(home(site_url, locale))
    goto_fault(page, value)
    page.wait_for_url(re.compile(re.escape(site_url + fault_path(fault_id, locale, "en")) + "$"))


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


@pytest.mark.parametrize("source, target", [("en", "ja"), ("ko", "nl"), ("zh-TW", "en")])
def test_pasting_a_notification_in_any_language_finds_the_fault(
    page: Page, site_url: str, catalog: Catalog, source: str, target: str
) -> None:
    page.goto(home(site_url, target))
    goto_fault(page, catalog.texts[source].faults[15].endpoint_description or "")
    page.wait_for_url(re.compile(re.escape(site_url + fault_path(15, target, DEFAULT_LOCALE)) + "$"))
