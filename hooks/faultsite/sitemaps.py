"""One sitemap per locale, cut from the sitemap of the whole site (Material fetches <base>/sitemap.xml)."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

from .model import Catalog
from .urls import locale_prefix

_SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def write_locale_sitemaps(site: Path, catalog: Catalog, site_url: str) -> None:
    """Each locale root gets the sitemap of its own pages (Material fetches <base>/sitemap.xml)."""
    ElementTree.register_namespace("", _SITEMAP_NS)
    ElementTree.register_namespace("xhtml", "http://www.w3.org/1999/xhtml")
    tree = ElementTree.parse(site / "sitemap.xml")
    for locale in catalog.locales:
        prefix = locale_prefix(locale, catalog.default_locale)
        if not prefix:
            continue
        root = ElementTree.Element(f"{{{_SITEMAP_NS}}}urlset")
        for url in tree.getroot():
            loc = url.find(f"{{{_SITEMAP_NS}}}loc")
            if loc is not None and loc.text and loc.text.startswith(site_url + prefix):
                root.append(url)
        ElementTree.ElementTree(root).write(site / prefix / "sitemap.xml", encoding="utf-8", xml_declaration=True)
