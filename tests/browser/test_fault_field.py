"""The fault-ID field in a real browser (Debian's Chromium via Playwright): an ID, a pasted notification or link in
any language goes to its fault in the page's language; anything else gets a message, a choice or the site search."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from evalsets import load_probes
from helpers import goto_fault, home
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from conftest import DEFAULT_LOCALE, LOCALES
from faultsite.model import Catalog
from faultsite.urls import fault_path, locale_prefix

# (page's locale, what the reader types or pastes, the fault it names): each case in turn in one page, from the
# locale's home page, as a reader would go from one notification to the next.
JUMPS = [
    ("en", "Fault Raised: Disk access not granted.", 3),
    ("en", "Fault 13: Too many network content filter system extensions", 13),
    ("ja", "障害3: ディスクアクセスが許可されていません。", 3),
    ("ja", "13番", 13),
    ("zh-TW", "第13號", 13),
    ("ko", "13번", 13),
    ("nl", "Fout gemeld: Scanservice is niet gestart", 7),  # (cvd alone: to search, test_fault_id)
    ("ja", "https://mac-connector-faults.example.org/faults/13/", 13),
    ("ko", "/nl/faults/7", 7),
]
# A notification pasted from another language's portal: (its language, the page's locale); fault 15's text.
PASTED_ACROSS = [("en", "ja"), ("ko", "nl"), ("zh-TW", "en")]


def test_the_fault_id_field_sends_an_id_or_a_pasted_notification_to_its_fault_in_the_pages_language(
    page: Page, site_url: str, catalog: Catalog
) -> None:
    cases = [(locale, f"{catalog.texts[locale].ui['fault']} 13", 13) for locale in LOCALES]  # the page's own word
    cases += JUMPS + [
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


# --- the blind probes (tests/goto_probes_blind.yaml, issue 20 item 3) -------------------------------------------------

# What the field did with a submitted value, read in the page: the message and the list it shows, whether it opened
# the search box, and the page it went to (the await below survives the navigation).
_OUTCOME = """() => {
  const status = document.querySelector('form[data-fault-goto] [role=status]');
  const toggle = document.getElementById('__search');
  const links = [...document.querySelectorAll('form[data-fault-goto] [role=status] li a')].map((a) => a.href);
  if (!status) return null;
  if (links.length) return { several: links };
  if (toggle && toggle.checked) return { search: document.querySelector('input.md-search__input').value };
  if (status.textContent) return { message: status.textContent };
  return null;
}"""


def probe_outcome(page: Page, start: str, value: str) -> dict[str, Any]:
    """Submit `value` in the field of the page at `start` and return what happened: {"went": url} or what
    _OUTCOME reads."""
    page.goto(start)
    goto_fault(page, value)
    page.wait_for_function(f"() => location.href !== {start!r} || ({_OUTCOME})() !== null")
    if page.url != start:
        return {"went": page.url}
    found: dict[str, Any] = page.evaluate(_OUTCOME)
    return found


def _fault_of(url: str, site_url: str, locale: str) -> int | None:
    prefix = site_url + locale_prefix(locale, DEFAULT_LOCALE) + "faults/"
    tail = url[len(prefix) :] if url.startswith(prefix) else ""
    return int(tail.strip("/")) if tail.strip("/").isdigit() else None


def probe_verdict(outcome: dict[str, Any], expect: dict[str, Any], ui: Mapping[str, str], known: str) -> bool:
    """The probe's expectation against what the field did (a list with the fault first counts for {fault: N})."""
    went, listed = outcome.get("went_fault"), outcome.get("listed", [])
    if "fault" in expect:
        return bool(went == expect["fault"] or listed[:1] == [expect["fault"]])
    if "several" in expect:
        return went is None and bool(listed) and set(expect["several"]) <= set(listed)
    if "unknown" in expect:
        return bool(outcome.get("message") == ui["goto_unknown"].format(id=expect["unknown"], ids=known))
    return "search" in outcome


@pytest.mark.parametrize("locale", LOCALES)
def test_blind_probes_of_the_fault_id_field(page: Page, site_url: str, catalog: Catalog, locale: str) -> None:
    """Every blind probe of the locale right, through the real field of the locale's home page: its fault (or a list
    with it first), the unknown-ID message, every fault of a shared phrase, or the site search; never another fault."""
    probes = load_probes()[locale]
    known = ", ".join(map(str, catalog.fault_ids))
    start = home(site_url, locale)
    wrong = []
    for probe in probes:
        outcome = probe_outcome(page, start, probe["input"])
        if "went" in outcome:
            outcome["went_fault"] = _fault_of(outcome["went"], site_url, locale)
        outcome["listed"] = [_fault_of(url, site_url, locale) for url in outcome.get("several", [])]
        if not probe_verdict(outcome, probe["expect"], catalog.texts[locale].ui, known):
            wrong.append(f"  {probe['input']!r}: {outcome} (expected {probe['expect']})")
    print(f"{locale}: probes {len(probes) - len(wrong)}/{len(probes)}\n" + "\n".join(wrong))
    assert wrong == [], f"{locale}: {len(wrong)} of {len(probes)} probes wrong\n" + "\n".join(wrong)
