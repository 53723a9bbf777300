"""The site in a real browser (Debian's Chromium via Playwright): search, the language switch, the page-not-found
page, and no request outside the site, failing or refused by the Content-Security-Policy on any page view (the
fault-ID field: test_fault_field.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from helpers import goto_fault, home, page_types, search, search_all
from playwright.sync_api import Browser, ConsoleMessage, Page, Response

from conftest import DEFAULT_LOCALE, LOCALES
from faultsite.fallback import shown_field
from faultsite.model import Catalog
from faultsite.urls import fault_path

# A word or phrase that occurs in one resolution only, per language with no spaces between words (or few).
RESOLUTION_WORDS = {"ja": ("整合性", 7), "zh-TW": ("病毒定義", 7), "ko": ("무결성", 7)}


@pytest.mark.parametrize("locale", LOCALES)
def test_search_for_an_id_finds_that_fault_first_in_the_readers_language(
    page: Page, site_url: str, catalog: Catalog, locale: str
) -> None:
    page.goto(home(site_url, locale))
    expected = "/" + fault_path(13, locale, DEFAULT_LOCALE)
    assert search(page, "13")[:1] == [expected]
    assert search(page, f"{catalog.texts[locale].ui['fault']} 13")[:1] == [expected]


@pytest.mark.parametrize("locale", LOCALES)
def test_search_for_any_id_portal_text_or_endpoint_description_finds_its_fault_first(
    page: Page, site_url: str, catalog: Catalog, locale: str
) -> None:
    page.goto(home(site_url, locale))
    cases = []  # (query, the path expected first)
    for fault_id in catalog.fault_ids:
        queries = [str(fault_id)] + [
            shown_field(catalog, locale, fault_id, field).text for field in ("portal_text", "endpoint_description")
        ]
        cases += [(query, "/" + fault_path(fault_id, locale, DEFAULT_LOCALE)) for query in dict.fromkeys(queries)]
    results = search_all(page, [query for query, _ in cases])
    wrong = [
        f"{query!r}: {found[:1]} instead of {path}"
        for (query, path), found in zip(cases, results, strict=True)
        if found[:1] != [path]
    ]
    assert wrong == [], "\n".join(wrong)


@pytest.mark.parametrize("locale", sorted(RESOLUTION_WORDS))
def test_search_finds_a_word_of_a_resolution_in_japanese_chinese_and_korean(
    page: Page, site_url: str, locale: str
) -> None:
    word, fault_id = RESOLUTION_WORDS[locale]
    page.goto(home(site_url, locale))
    assert search(page, word)[:1] == ["/" + fault_path(fault_id, locale, DEFAULT_LOCALE)]


def test_language_switch_stays_on_the_same_fault(page: Page, site_url: str) -> None:
    page.goto(site_url + "faults/13/")
    for locale in LOCALES[1:]:
        link = page.locator(f".md-select__link[hreflang='{locale}']")
        assert urlsplit(link.evaluate("a => a.href")).path == "/" + fault_path(13, locale, DEFAULT_LOCALE)
    page.locator(".md-header__option .md-select").hover()
    page.locator(".md-select__link[hreflang='ko']").click()
    page.wait_for_url(re.compile(re.escape(site_url + "ko/faults/13/") + "$"))
    assert page.locator("html").get_attribute("lang") == "ko"


@pytest.mark.parametrize("locale", LOCALES)
def test_page_not_found_speaks_the_locale_and_offers_the_fault_field(
    page: Page, site_url: str, catalog: Catalog, locale: str
) -> None:
    response = page.goto(home(site_url, locale) + "faults/99/")
    assert response is not None and response.status == 404
    ui = catalog.texts[locale].ui
    assert page.locator("h1").inner_text() == ui["not_found_title"]
    assert page.locator("html").get_attribute("lang") == locale
    goto_fault(page, "7")
    page.wait_for_url(re.compile(re.escape(site_url + fault_path(7, locale, DEFAULT_LOCALE)) + "$"))


WATCH_POLICY = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", e => window.__violations.push(
  e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sourceFile || "") + ":" + e.lineNumber));
"""


@dataclass(frozen=True)
class PageViews:
    """What the page views of one locale did: every request, every failed one, what the Content-Security-Policy
    refused, what the console reported as an error, and the serious accessibility violations axe-core found."""

    requests: list[str]
    failures: list[str]
    violations: list[str]
    errors: list[str]
    inaccessible: list[str]


@dataclass
class _Viewer:
    """One tab that watches what its pages do, into `views` (each locale's page views in turn)."""

    page: Page
    views: PageViews
    not_found: str = ""  # the address whose 404 status is expected


@pytest.fixture(scope="module")
def _viewer(browser: Browser) -> Iterator[_Viewer]:
    context = browser.new_context(locale="en-US")
    context.add_init_script(WATCH_POLICY)  # through DevTools: not subject to the policy
    viewer = _Viewer(context.new_page(), PageViews([], [], [], [], []))
    page = viewer.page
    page.set_default_timeout(15_000)
    page.on("request", lambda request: viewer.views.requests.append(request.url))
    page.on("requestfailed", lambda request: viewer.views.failures.append(f"{request.url} ({request.failure})"))

    def on_response(response: Response) -> None:
        if response.status >= 400 and response.url != viewer.not_found:
            viewer.views.failures.append(f"{response.url} -> {response.status}")

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" and "404 (Not Found)" not in message.text:  # the 404 page's own status
            viewer.views.errors.append(message.text)

    page.on("response", on_response)
    page.on("console", on_console)
    page.on("pageerror", lambda error: viewer.views.errors.append(str(error)))
    yield viewer
    context.close()


@pytest.fixture(scope="module", params=LOCALES)
def page_views(request: pytest.FixtureRequest, _viewer: _Viewer, site_url: str, axe_source: str) -> PageViews:
    """Every page type of a locale, viewed once for the three tests below as a reader would: loaded (and checked by
    axe-core as loaded), searched with what loads the most code (the search worker and its index, the fault-ID
    field's lookup), left until the network is idle. One watching tab serves every locale, one after the other."""
    views = _viewer.views = PageViews([], [], [], [], [])
    _viewer.not_found = site_url + page_types(request.param)["404"]
    page = _viewer.page
    for kind, path in page_types(request.param).items():
        page.goto(site_url + path)
        page.evaluate(axe_source)  # through DevTools: the pages' Content-Security-Policy refuses inline scripts
        found = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
        for violation in found:
            if violation["impact"] in ("serious", "critical"):
                targets = [node["target"] for node in violation["nodes"]][:3]
                views.inaccessible.append(f"{kind} ({path}): {violation['id']} [{violation['impact']}] {targets}")
        assert search(page, "13"), f"{kind} ({path}): no search result"
        page.wait_for_load_state("networkidle")
        views.violations.extend(f"{kind} ({path}): {v}" for v in page.evaluate("window.__violations"))
    page.goto("about:blank")  # what the last page still does is counted for this locale
    return views


def test_no_request_leaves_the_site_and_none_fails(page_views: PageViews, site_url: str) -> None:
    outside = [url for url in page_views.requests if not url.startswith(site_url) and not url.startswith("data:")]
    assert outside == []
    assert page_views.failures == []


def test_no_page_type_breaks_the_content_security_policy(page_views: PageViews) -> None:
    assert page_views.violations == [], "\n".join(page_views.violations)
    assert page_views.errors == [], "\n".join(page_views.errors)


def test_no_serious_accessibility_violation_on_any_page_type(page_views: PageViews) -> None:
    assert page_views.inaccessible == [], "\n".join(page_views.inaccessible)


def test_english_text_on_a_fallback_page_is_marked_for_screen_readers(page: Page, site_url: str) -> None:
    page.goto(site_url + "ja/faults/18/")
    assert page.locator("html").get_attribute("lang") == "ja"
    assert page.locator("article .fallback[lang=en]").count() == 1
    assert page.locator("article h1 span[lang=en]").count() == 1
