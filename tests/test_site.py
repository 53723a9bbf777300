"""One real build: every fault page in every locale exists at its permanent URL, in its language, with its fallbacks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import LOCALES
from htmlscan import loaded_urls, scan
from faultsite.model import TEXT_FIELDS
from faultsite.status import field_state
from faultsite.urls import fault_path, locale_prefix


def read(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def article(html: str) -> str:
    return html[html.index("<article"):html.index("</article>")]


@pytest.mark.parametrize("locale", LOCALES)
def test_every_fault_page_exists_with_its_language_title_and_fallback_notice(built_site, catalog, locale):
    ui = catalog.texts[locale].ui
    for fault_id in catalog.fault_ids:
        html = read(built_site, fault_path(fault_id, locale, "en"))
        assert f'<html lang="{locale}"' in html, (locale, fault_id)
        title = re.search(r"<h1[^>]*>(.*?)</h1>", html).group(1)
        assert re.sub(r"<[^>]+>", "", title).startswith(f"{ui['fault']} {fault_id}: "), (locale, fault_id, title)
        missing = all(field_state(catalog, locale, fault_id, f) == "missing" for f in TEXT_FIELDS)
        assert (ui.get("not_translated", "") in html) == missing, (locale, fault_id)
        if missing:
            assert '<div class="fallback" lang="en">' in html and '<span lang="en">' in title
            assert 'href="../../../faults/%d/" hreflang="en"' % fault_id in html


def test_fault_10_links_to_fault_13_in_the_same_locale(built_site):
    for locale in LOCALES:
        body = article(read(built_site, fault_path(10, locale, "en")))
        assert 'href="../13/"' in body, locale


@pytest.mark.parametrize("locale", LOCALES)
def test_home_page_has_the_overview_table_with_anchors(built_site, catalog, locale):
    html = read(built_site, locale_prefix(locale, "en"))
    assert catalog.texts[locale].ui["intro"].split()[0] in html
    for fault_id in catalog.fault_ids:
        assert f'<a href="faults/{fault_id}/" id="fault-{fault_id}">{fault_id}</a>' in html, (locale, fault_id)


def test_no_page_loads_anything_from_another_site(built_site):
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html, page
        external = [url for url in loaded_urls(scan(html)) if re.match(r"([a-z]+:)?//", url)]
        assert external == [], (page, external)


def test_fault_page_size_does_not_grow_with_the_number_of_faults(built_site):
    # The sidebar lists no fault: a fault page names only itself and its related faults.
    html = read(built_site, "faults/18/")
    others = set(re.findall(r'href="\.\./(\d+)/"', html))
    assert others == set(), others
    nav = html[html.index('<nav class="md-nav md-nav--primary"'):html.index("</nav>")]
    assert "faults/" not in nav


def test_status_page_in_every_locale(built_site, catalog):
    for locale in LOCALES:
        html = read(built_site, locale_prefix(locale, "en") + "status/")
        assert catalog.texts[locale].ui["status_title"] in html
        assert "%" in html
