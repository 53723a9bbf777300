"""Finishing the built site: one search index and sitemap per locale, the portal JSON, and a Material fix.

Works on the output folder after MkDocs (and the i18n plugin's per-locale builds) have finished.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree

from .model import TEXT_FIELDS, Catalog
from .status import field_state, percent_translated, shown_field, status_matrix
from .urls import fault_path, locale_prefix

SCHEMA = Path(__file__).parent / "faults.schema.json"
_SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"

# Search settings per locale, after Material's own language files. Japanese and Chinese have no spaces between
# words. Their title and text are split into single characters (a zero-width space, which the separator knows),
# and each page gets fields of the overlapping character pairs of its title and text (not displayed). Material's
# worker splits a Han (with our patch, also kana) query into the longest terms the index knows: the pairs. So a
# word of any length matches, and a pasted title matches its own title best.
_LATIN_SEPARATOR = r"[\s\-,:!=\[\]()\"/]+|\.(?!\d)"
_CJK_SEPARATOR = r"[\s\u200b\u3000\-,:!=\[\]()\"/、。，．？！；：（）「」『』]+|\.(?!\d)"
SEARCH_SETTINGS = {
    "en": {"lang": ["en"], "separator": _LATIN_SEPARATOR, "pipeline": ["stopWordFilter"]},
    "nl": {"lang": ["nl"], "separator": _LATIN_SEPARATOR, "pipeline": ["stopWordFilter"]},
    "ja": {"lang": ["en"], "separator": _CJK_SEPARATOR, "pipeline": []},
    "zh-TW": {"lang": ["en"], "separator": _CJK_SEPARATOR, "pipeline": []},
    "ko": {"lang": ["en"], "separator": _LATIN_SEPARATOR, "pipeline": []},
}
_SPLIT_CJK = {"ja", "zh-TW"}
_HAN_QUERY = 'new RegExp("\\\\p{sc=Han}+","gu")'
_CJK_QUERY = 'new RegExp("[\\\\p{sc=Han}\\\\p{sc=Hiragana}\\\\p{sc=Katakana}]+","gu")'
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"  # kana, Han, half-width kana
_CJK_RUN = re.compile(f"[{_CJK}]+")
_BETWEEN_CJK = re.compile(f"(?<=[{_CJK}])(?=[{_CJK}])")
_TAG = re.compile(r"<[^>]+>")

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
        titles = _fault_titles(catalog, locale)
        docs = [{**doc, "tags": titles[doc["location"]]} if doc["location"] in titles else doc for doc in docs]
        if locale in _SPLIT_CJK:
            docs = [{**doc, "title": _split_cjk(doc["title"]), "text": _split_cjk(doc["text"]),
                     "title_grams": _character_pairs(doc["title"]), "grams": _character_pairs(_TAG.sub(" ", doc["text"]))}
                    for doc in docs]
        config = {**combined["config"], **SEARCH_SETTINGS.get(locale, {})}
        if locale in _SPLIT_CJK:
            config["fields"] = {**config["fields"], "title_grams": config["fields"]["title"], "grams": {"boost": 1.0}}
        index = {"config": config, "docs": docs}
        path = site / prefix / "search" / "search_index.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(index, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        path.write_text(text, encoding="utf-8")
        sizes[locale] = len(text.encode("utf-8"))
    return sizes


def _fault_titles(catalog: Catalog, locale: str) -> dict[str, list[str]]:
    """Page location -> the fault's portal text and endpoint description, indexed as the page's tags: the
    most heavily weighted field of Material's search, so that a pasted notification finds its own fault first."""
    return {f"faults/{fault_id}/": sorted({shown_field(catalog, locale, fault_id, field).text
                                          for field in ("portal_text", "endpoint_description")})
            for fault_id in catalog.fault_ids}


def _split_cjk(text: str) -> str:
    return _BETWEEN_CJK.sub("\u200b", text)


def _character_pairs(text: str) -> str:
    """Every pair of adjacent kana/Han characters of `text` (a lone character as itself), space-separated."""
    pairs: dict[str, None] = {}
    for run in _CJK_RUN.findall(text):
        for index in range(max(1, len(run) - 1)):
            pairs[run[index:index + 2]] = None
    return " ".join(pairs)


def patch_search_worker(site: Path) -> None:
    """Let Material's search worker split kana as it splits Han: a query in Japanese then matches our index."""
    workers = list((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    for worker in workers:
        code = worker.read_text(encoding="utf-8")
        if _HAN_QUERY not in code:
            raise ValueError(f"{worker.name}: Material's Han query splitting not found; re-check after an upgrade")
        worker.write_text(code.replace(_HAN_QUERY, _CJK_QUERY, 1), encoding="utf-8")
    if not workers:
        raise ValueError("Material's search worker not found in the built site")


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


def status_api(catalog: Catalog) -> dict:
    """The translation status page as data: state per locale, fault and field, and percent per locale."""
    matrix = status_matrix(catalog)
    return {"locales": {locale: {"percent_translated": percent_translated(matrix[locale]),
                                 "faults": {str(fault_id): fields for fault_id, fields in matrix[locale].items()}}
                        for locale in catalog.locales}}


def write_api(site: Path, catalog: Catalog, site_url: str) -> None:
    """api/faults.json with its JSON Schema, and api/status.json."""
    folder = site / "api"
    folder.mkdir(exist_ok=True)
    for name, data in (("faults.json", faults_api(catalog, site_url)), ("status.json", status_api(catalog))):
        text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
        (folder / name).write_text(text + "\n", encoding="utf-8")
    (folder / "faults.schema.json").write_text(SCHEMA.read_text(encoding="utf-8"), encoding="utf-8")
