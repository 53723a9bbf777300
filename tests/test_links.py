"""Link integrity across the whole built site, all locales: every internal href, src and #anchor resolves,
every external link goes to a host the data allows, and no placeholder link exists anywhere."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from faultsite.model import Catalog
from htmlscan import scan

SITE_URL = "https://mac-connector-faults.example.org/"
LINK_ATTRIBUTES = {
    ("a", "href"),
    ("link", "href"),
    ("script", "src"),
    ("img", "src"),
    ("form", "action"),
    ("iframe", "src"),
    ("source", "src"),
}


@pytest.fixture(scope="module")
def pages(built_site: Path) -> dict[str, Path]:
    """URL path ('/nl/faults/13/') -> HTML file, for every page of the site."""
    result = {}
    for html in built_site.rglob("*.html"):
        relative = html.relative_to(built_site).as_posix()
        result["/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)] = html
    return result


def resolve(built_site: Path, path: str) -> Path | None:
    """The file a static host serves for `path`, or None."""
    target = built_site / unquote(path).lstrip("/")
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


@cache
def ids_of(html_file: Path) -> frozenset[str]:
    return frozenset(scan(html_file.read_text(encoding="utf-8")).ids)


def check_url(built_site: Path, page_url: str, url: str, allowed_hosts: set[str]) -> str | None:
    """Why `url`, found on the page at `page_url`, is broken; None if it is fine."""
    if url.strip() in ("", "#"):
        return "placeholder link"
    absolute = urljoin(SITE_URL + page_url.lstrip("/"), url)
    parts = urlsplit(absolute)
    if parts.scheme in ("mailto", "data"):
        return None
    if absolute.startswith(SITE_URL):
        path = "/" + parts.path[len(urlsplit(SITE_URL).path) :]
        target = resolve(built_site, path)
        if target is None:
            return "target does not exist"
        if parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in ids_of(target):
            return f"no element with id {parts.fragment!r} on the target page"
        return None
    if parts.scheme != "https" or parts.hostname not in allowed_hosts:
        return "external link to a host the data does not allow"
    return None


def test_every_link_on_every_page_resolves(built_site: Path, pages: dict[str, Path], catalog: Catalog) -> None:
    allowed = set(catalog.allowed_hosts)
    broken = []
    for page_url, html_file in sorted(pages.items()):
        if page_url == "/404.html":
            page_url = "/"  # served at any depth; its links are absolute
        for tag, attrs in scan(html_file.read_text(encoding="utf-8")).tags:
            for name in ("href", "src", "action"):
                if (tag, name) in LINK_ATTRIBUTES and name in attrs:
                    problem = check_url(built_site, page_url, attrs[name], allowed)
                    if problem:
                        broken.append(f"{page_url}: <{tag} {name}={attrs[name]!r}>: {problem}")
    assert broken == [], "\n".join(broken)


def test_every_sitemap_entry_and_alternate_resolves(built_site: Path, catalog: Catalog) -> None:
    broken = []
    for sitemap in [built_site / "sitemap.xml", *built_site.glob("*/sitemap.xml")]:
        for url in re.findall(r'(?:<loc>|href=")([^<"]+)', sitemap.read_text(encoding="utf-8")):
            problem = check_url(built_site, "/", url, set(catalog.allowed_hosts))
            if problem or not url.startswith(SITE_URL):
                broken.append(f"{sitemap.relative_to(built_site)}: {url}: {problem or 'not on the site'}")
    assert broken == [], "\n".join(broken)


def test_the_crawler_catches_a_broken_link(built_site: Path, catalog: Catalog) -> None:
    """The checks above can fail: a missing page, a missing anchor, a placeholder and a foreign host."""
    hosts = set(catalog.allowed_hosts)
    assert check_url(built_site, "/nl/faults/10/", "../99/", hosts) == "target does not exist"
    assert (check_url(built_site, "/nl/faults/10/", "../13/#nowhere", hosts) or "").startswith("no element with id")
    assert check_url(built_site, "/nl/faults/10/", "#", hosts) == "placeholder link"
    assert (check_url(built_site, "/", "https://example.com/", hosts) or "").startswith("external link")
    assert check_url(built_site, "/nl/faults/10/", "../../#fault-13", hosts) is None
