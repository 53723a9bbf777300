"""Finishing the built site: one search index and sitemap per locale, the portal JSON, and a Material fix.

Works on the output folder after MkDocs (and the i18n plugin's per-locale builds) have finished.
"""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

from .model import TEXT_FIELDS, Catalog
from .status import field_state, shown_field
from .urls import fault_path, locale_prefix

SCHEMA = Path(__file__).parent / "faults.schema.json"
_SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"

# Search settings per locale, after Material's own language files; "ja" brings the TinySegmenter that
# splits Japanese and Chinese text (which has no spaces) into words, both in the index and in the query.
SEARCH_SETTINGS = {
    "en": {"lang": ["en"], "separator": r"[\s\-]+", "pipeline": ["stopWordFilter"]},
    "nl": {"lang": ["nl"], "separator": r"[\s\-]+", "pipeline": ["stopWordFilter"]},
    "ja": {"lang": ["ja"], "separator": r"[\s\-　、。，．]+", "pipeline": []},
    "zh-TW": {"lang": ["ja"], "separator": r"[\s\u200b\u3000\-、。，．？！；：「」（）]+", "pipeline": []},
    "ko": {"lang": ["en"], "separator": r"[\s\-]+", "pipeline": []},
}

# Material 9.7+ prefetches "sitemap.xml" beside every <link rel="alternate"> of a page, to keep the language
# switch on the same page. Our alternates are absolute hreflang URLs (one per fault page), so that prefetch
# would ask the public host, or 404; the i18n plugin already points the switch at the same page.
_ALTERNATE_PREFETCH = "ui({document$:ct});"


def split_search_index(site: Path, catalog: Catalog) -> dict[str, int]:
    """Write <locale>/search/search_index.json with that locale's pages only; return bytes per locale."""
    combined = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    prefixes = {locale: locale_prefix(locale, catalog.default_locale) for locale in catalog.locales}
    sizes = {}
    for locale, prefix in prefixes.items():
        others = [p for loc, p in prefixes.items() if loc != locale and p]

        def belongs(location: str) -> bool:
            return location.startswith(prefix) and not any(location.startswith(p) for p in others if p != prefix)

        docs = [{**doc, "location": doc["location"][len(prefix):]} for doc in combined["docs"] if belongs(doc["location"])]
        index = {"config": {**combined["config"], **SEARCH_SETTINGS.get(locale, {})}, "docs": docs}
        path = site / prefix / "search" / "search_index.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(index, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        path.write_text(text, encoding="utf-8")
        sizes[locale] = len(text.encode("utf-8"))
    return sizes


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


def remove_alternate_prefetch(site: Path) -> None:
    """Drop Material's sitemap prefetch for alternates (see _ALTERNATE_PREFETCH); fail loudly if it moved."""
    bundles = list((site / "assets" / "javascripts").glob("bundle.*.min.js"))
    for bundle in bundles:
        code = bundle.read_text(encoding="utf-8")
        if _ALTERNATE_PREFETCH not in code:
            raise ValueError(f"{bundle.name}: Material's alternate prefetch call not found; re-check after an upgrade")
        bundle.write_text(code.replace(_ALTERNATE_PREFETCH, "", 1), encoding="utf-8")
    if not bundles:
        raise ValueError("Material's JavaScript bundle not found in the built site")


def faults_api(catalog: Catalog, site_url: str) -> dict:
    """The portal's view of every fault: text, page URL and translation status per locale."""
    faults = []
    for fault_id in catalog.fault_ids:
        locales = {}
        for locale in catalog.locales:
            states = {field: field_state(catalog, locale, fault_id, field) for field in TEXT_FIELDS}
            path = fault_path(fault_id, locale, catalog.default_locale)
            locales[locale] = {
                "portal_text": shown_field(catalog, locale, fault_id, "portal_text").text,
                "endpoint_description": shown_field(catalog, locale, fault_id, "endpoint_description").text,
                "text_language": {f: shown_field(catalog, locale, fault_id, f).lang for f in TEXT_FIELDS[:2]},
                "path": "/" + path,
                "url": site_url + path,
                "status": states,
            }
        faults.append({"id": fault_id, "locales": locales})
    return {"default_locale": catalog.default_locale, "locales": list(catalog.locales), "faults": faults}


def write_api(site: Path, catalog: Catalog, site_url: str) -> None:
    """api/faults.json and its JSON Schema."""
    folder = site / "api"
    folder.mkdir(exist_ok=True)
    data = json.dumps(faults_api(catalog, site_url), ensure_ascii=False, indent=1, sort_keys=True)
    (folder / "faults.json").write_text(data + "\n", encoding="utf-8")
    (folder / "faults.schema.json").write_text(SCHEMA.read_text(encoding="utf-8"), encoding="utf-8")
