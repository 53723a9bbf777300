"""One real build: every fault page in every locale exists at its permanent URL, in its language, with its fallbacks."""

from __future__ import annotations

import html as html_module
import json
import re
from pathlib import Path

import pytest

from conftest import DEFAULT_LOCALE, LOCALES, ROOT
from faultsite.fallback import field_state, percent_translated, shown_field, status_matrix
from faultsite.fault_nav import NEARBY
from faultsite.markdown_text import fault_references
from faultsite.model import TEXT_FIELDS, Catalog
from faultsite.urls import fault_path, locale_prefix
from htmlscan import loaded_urls, scan


def read(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def article(html: str) -> str:
    return html[html.index("<article") : html.index("</article>")]


@pytest.mark.parametrize("locale", LOCALES)
def test_every_fault_page_exists_with_its_language_title_and_fallback_notice(
    built_site: Path, catalog: Catalog, locale: str
) -> None:
    ui = catalog.texts[locale].ui
    for fault_id in catalog.fault_ids:
        html = read(built_site, fault_path(fault_id, locale, DEFAULT_LOCALE))
        assert f'<html lang="{locale}"' in html, (locale, fault_id)
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", html)
        assert heading is not None, (locale, fault_id)
        title = heading.group(1)
        lead = ui["fault_title"].split("{text}")[0].replace("{id}", str(fault_id))  # "Fault 13: ", "故障13："
        assert re.sub(r"<[^>]+>", "", title).startswith(lead), (locale, fault_id, title)
        missing = all(field_state(catalog, locale, fault_id, f) == "missing" for f in TEXT_FIELDS)
        assert (ui.get("not_translated", "") in html) == missing, (locale, fault_id)
        if missing:
            assert '<div class="fallback" lang="en">' in html and '<span lang="en">' in title
            assert f'href="../../../faults/{fault_id}/" hreflang="en"' in html


@pytest.mark.parametrize("locale", LOCALES)
def test_every_fault_named_in_a_resolution_is_linked_in_the_same_locale(
    built_site: Path, catalog: Catalog, locale: str
) -> None:
    for fault_id in catalog.fault_ids:
        body = article(read(built_site, fault_path(fault_id, locale, DEFAULT_LOCALE)))
        for ref in fault_references(shown_field(catalog, locale, fault_id, "resolution").text):
            assert f'href="../{ref}/"' in body, (locale, fault_id, ref)


@pytest.mark.parametrize("locale", LOCALES)
def test_home_page_has_the_overview_table_with_anchors(built_site: Path, catalog: Catalog, locale: str) -> None:
    html = read(built_site, locale_prefix(locale, DEFAULT_LOCALE))
    assert catalog.texts[locale].ui["intro"].split()[0] in html
    for fault_id in catalog.fault_ids:
        assert f'<a href="faults/{fault_id}/" id="fault-{fault_id}">{fault_id}</a>' in html, (locale, fault_id)


def test_no_page_loads_anything_from_another_site(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html, page
        external = [url for url in loaded_urls(scan(html)) if re.match(r"([a-z]+:)?//", url)]
        assert external == [], (page, external)


def test_fault_page_size_does_not_grow_with_the_number_of_faults(built_site: Path, catalog: Catalog) -> None:
    # The sidebar lists at most 2 * NEARBY + 1 faults, consecutive in ID order around this one (issue 22); the rest
    # of a fault page names only the faults its text names, its related faults and the previous and next fault.
    ids = list(catalog.fault_ids)
    for at, fault_id in enumerate(ids):
        neighbours = {str(i) for i in ids[max(at - 1, 0) : at + 2] if i != fault_id}
        named = fault_references(shown_field(catalog, DEFAULT_LOCALE, fault_id, "resolution").text)
        html = read(built_site, fault_path(fault_id, DEFAULT_LOCALE, DEFAULT_LOCALE))
        sidebar = re.search(r'<ul class="md-nav__list fault-nav">(.*?)</ul>', html, re.S)
        assert sidebar is not None, fault_id
        listed = [int(i) for i in re.findall(r'<span class="fault-nav__id">(\d+)</span>', sidebar[1])]
        first = ids.index(listed[0])
        assert listed == ids[first : first + min(len(ids), 2 * NEARBY + 1)] and fault_id in listed, (fault_id, listed)
        rest = html.replace(sidebar[0], "")
        others = set(re.findall(r'href="\.\./(\d+)/"', rest))
        assert others == neighbours | {str(i) for i in (*catalog.fault(fault_id).related, *named)}, (fault_id, others)
        nav = rest[rest.index('<nav class="md-nav md-nav--primary"') : rest.index("</nav>")]
        assert "faults/" not in nav, fault_id


def test_status_page_in_every_locale(built_site: Path, catalog: Catalog) -> None:
    matrix = status_matrix(catalog)
    for page_locale in LOCALES:
        html = read(built_site, locale_prefix(page_locale, DEFAULT_LOCALE) + "status/")
        assert catalog.texts[page_locale].ui["status_title"] in html
        for locale in LOCALES[1:]:  # every translation's share, on every locale's page
            assert f"</meter> {percent_translated(matrix[locale])} %</td>" in html, (page_locale, locale)


def test_every_published_fault_url_is_served(built_site: Path) -> None:
    from faultsite.permanent_urls import published_paths

    published = [path for _line, path in published_paths(ROOT / "data" / "published-urls.txt")]
    assert published, "data/published-urls.txt lists no URL"
    missing = [path for path in published if not (built_site / path.strip("/") / "index.html").is_file()]
    assert missing == []


def test_every_served_fault_url_is_recorded_as_published(built_site: Path, catalog: Catalog) -> None:
    from faultsite.permanent_urls import published_paths

    published = {path for _line, path in published_paths(ROOT / "data" / "published-urls.txt")}
    served = {"/" + fault_path(f, loc, DEFAULT_LOCALE) for loc in LOCALES for f in catalog.fault_ids}
    assert served - published == set(), "add these to data/published-urls.txt once they are published"


def test_portal_json_is_valid_against_its_schema(built_site: Path, catalog: Catalog) -> None:
    import jsonschema

    data = json.loads((built_site / "api" / "faults.json").read_text(encoding="utf-8"))
    schema = json.loads((built_site / "api" / "faults.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())
    by_id = {fault["id"]: fault for fault in data["faults"]}
    assert sorted(by_id) == list(catalog.fault_ids)
    for fault_id in catalog.fault_ids:
        for locale in LOCALES:
            entry = by_id[fault_id]["locales"][locale]
            assert (built_site / entry["path"].strip("/") / "index.html").is_file(), entry["path"]
            assert entry["status"] == {f: field_state(catalog, locale, fault_id, f) for f in TEXT_FIELDS}
            for field in ("portal_text", "endpoint_description"):  # the shown text, in its language
                shown = shown_field(catalog, locale, fault_id, field)
                assert (entry[field], entry["text_language"][field]) == (shown.text, shown.lang), (fault_id, locale)


def test_status_json_matches_the_status_page(built_site: Path, catalog: Catalog) -> None:
    data = json.loads((built_site / "api" / "status.json").read_text(encoding="utf-8"))
    matrix = status_matrix(catalog)
    for locale in LOCALES:
        assert data["locales"][locale]["faults"] == {str(f): fields for f, fields in matrix[locale].items()}
    assert data["locales"][DEFAULT_LOCALE]["percent_translated"] == 100
    for locale in LOCALES[1:]:
        html = read(built_site, locale_prefix(locale, DEFAULT_LOCALE) + "status/")
        assert f"{data['locales'][locale]['percent_translated']} %" in html


@pytest.mark.parametrize("locale", LOCALES)
def test_head_has_canonical_and_absolute_hreflang_alternates(built_site: Path, catalog: Catalog, locale: str) -> None:
    """A page in its own language is canonical and lists the locales that have the fault in their own language;
    a page that falls back to English points search engines at the English page."""
    site_url = "https://mac-connector-faults.example.org/"
    for fault_id in catalog.fault_ids:
        path = fault_path(fault_id, locale, DEFAULT_LOCALE)
        head = read(built_site, path).split("</head>")[0]
        links = [attrs for tag, attrs in scan(head).tags if tag == "link"]
        own = [loc for loc in LOCALES if any(field_state(catalog, loc, fault_id, f) != "missing" for f in TEXT_FIELDS)]
        english = site_url + fault_path(fault_id, DEFAULT_LOCALE, DEFAULT_LOCALE)
        if locale not in own:
            assert '<meta name="robots" content="noindex, follow">' in head, path
            assert {"rel": "canonical", "href": english} in links, path
            assert f'hreflang="{locale}"' not in head, path
            continue
        assert {"rel": "canonical", "href": site_url + path} in links, path
        alternates = {a["hreflang"]: a["href"] for a in links if a.get("rel") == "alternate"}
        own_pages = {loc: site_url + fault_path(fault_id, loc, DEFAULT_LOCALE) for loc in own}
        assert alternates == {**own_pages, "x-default": english}, path


def test_sitemap_lists_every_page(built_site: Path) -> None:
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    pages = [p.parent.relative_to(built_site).as_posix() for p in built_site.rglob("index.html")]
    for page in pages:
        url = "https://mac-connector-faults.example.org/" + ("" if page == "." else page + "/")
        assert f"<loc>{url}</loc>" in sitemap, url


def test_search_index_per_locale_lists_that_locales_pages_with_their_own_titles(
    built_site: Path, catalog: Catalog
) -> None:
    for locale in LOCALES:
        root = built_site / locale_prefix(locale, DEFAULT_LOCALE)
        index = json.loads((root / "search" / "search_index.json").read_text(encoding="utf-8"))
        pages = index["config"]["fault_search"]["pages"]
        assert {location for location, *_ in pages} >= {f"faults/{n}/" for n in catalog.fault_ids}, locale
        for location, title, fault, *_ in pages:
            html = (root / location / "index.html").read_text(encoding="utf-8")
            if fault:  # the result is titled as the page is
                heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
                assert heading is not None, (locale, location)
                assert html_module.unescape(re.sub(r"<[^>]+>", "", heading[1])).strip() == title, (locale, location)


def test_no_script_or_event_handler_comes_from_the_data(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if "<article" not in html:
            continue
        content = article(html)
        for tag, attrs in scan(content).tags:
            assert tag not in ("script", "iframe", "object", "embed", "style"), (page, tag)
            assert not [name for name in attrs if name.startswith("on")], (page, tag, attrs)
            assert not any(value.strip().lower().startswith("javascript:") for value in attrs.values()), (page, attrs)
