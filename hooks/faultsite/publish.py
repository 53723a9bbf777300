"""Finishing the built site: one search index and sitemap per locale, the portal JSON, and a Material fix.

Works on the output folder after MkDocs (and the i18n plugin's per-locale builds) have finished.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from .model import TEXT_FIELDS, Catalog
from .normalize import normalize
from .notes import noted_fields
from .status import field_state, percent_translated, shown_field, status_matrix
from .urls import fault_path, locale_prefix

SCHEMA = Path(__file__).parent / "faults.schema.json"
_SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"

# Search settings per locale, after Material's own language files. Japanese and Chinese have no spaces between
# words. Their title and text are split into single characters (a zero-width space, which the separator knows),
# and each page gets fields of the overlapping character pairs of its title and text (not displayed). Material's
# worker splits a Han (with the patch below, also kana) query into the terms the index knows, pairs first. So a
# word matches, and a pasted title matches its own title best.
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
# Korean is written in words with particles and endings glued on (방화벽을): pairs of Hangul syllables match a
# word whatever ending the reader or the text uses.
_HANGUL_GRAMS = {"ko"}
_HANGUL_RUN = re.compile("[\uac00-\ud7af]+")
# Patches of Material's search worker (9.8.1), each applied once and checked: (why, before, after).
_WORKER_PATCHES = (
    (
        (
            "split kana (with its long-vowel mark, which Unicode counts as neither script) and Hangul queries into the"
            " index's terms, as Material does for Han"
        ),
        'new RegExp("\\\\p{sc=Han}+","gu")',
        'new RegExp("[\\\\p{sc=Han}\\\\p{sc=Hiragana}\\\\p{sc=Katakana}\\\\u30fc\\\\p{sc=Hangul}]+","gu")',
    ),
    (
        "pass every query through the shared query pipeline (normalize.js, prepended to the worker) first",
        "search(e){if(e=e.replace(",
        "search(e){if(e=self.faultNormalize(e),e=e.replace(",
    ),
    (
        "rank an exact term above its prefix matches, so that '1' finds fault 1 before faults 12 to 18",
        ".map(r=>/(^[+-]|[~^]\\d+$)/.test(r)?r:`${r}*`)",
        ".map(r=>/(^[+-]|[~^]\\d+$)/.test(r)?r:`${r} ${r}*`)",
    ),
)
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
    sizes = {}
    for locale in catalog.locales:
        text = json.dumps(
            locale_index(combined, catalog, locale), ensure_ascii=False, separators=(",", ":"), sort_keys=True
        )
        path = site / locale_prefix(locale, catalog.default_locale) / "search" / "search_index.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        sizes[locale] = len(text.encode("utf-8"))
    return sizes


def locale_index(combined: dict, catalog: Catalog, locale: str) -> dict:
    """One locale's search index, cut from the index of all locales, with its language's settings."""
    prefix = locale_prefix(locale, catalog.default_locale)
    others = tuple(
        p for loc in catalog.locales if (p := locale_prefix(loc, catalog.default_locale)) not in ("", prefix)
    )
    docs = [
        {**doc, "location": doc["location"][len(prefix) :]}
        for doc in combined["docs"]
        if doc["location"].startswith(prefix) and not doc["location"].startswith(others)
    ]
    tags = _fault_tags(catalog, locale)
    docs = [{**doc, "tags": tags[doc["location"]]} if doc["location"] in tags else doc for doc in docs]
    config = {**combined["config"], **SEARCH_SETTINGS.get(locale, {})}
    if locale in _SPLIT_CJK:
        endpoints = _fault_endpoints(catalog, locale)
        docs = [
            {
                **doc,
                "title": _split_cjk(doc["title"]),
                "text": _split_cjk(doc["text"]),
                "title_grams": _character_pairs(doc["title"] + " " + endpoints.get(doc["location"], "")),
                "grams": _character_pairs(_TAG.sub(" ", doc["text"])),
            }
            for doc in docs
        ]
        config["fields"] = {**config["fields"], "title_grams": config["fields"]["title"], "grams": {"boost": 1.0}}
    elif locale in _HANGUL_GRAMS:
        docs = [
            {
                **doc,
                "title_grams": _character_pairs(doc["title"], _HANGUL_RUN),
                "grams": _character_pairs(_TAG.sub(" ", doc["text"]), _HANGUL_RUN),
            }
            for doc in docs
        ]
        config["fields"] = {**config["fields"], "title_grams": config["fields"]["title"], "grams": {"boost": 1.0}}
    if locale != catalog.default_locale:
        english = _english_titles(catalog)
        docs = [{**doc, "english": english[doc["location"]]} if doc["location"] in english else doc for doc in docs]
        config["fields"] = {**config["fields"], "english": config["fields"]["title"]}
    return {"config": config, "docs": docs}


def _english_titles(catalog: Catalog) -> dict[str, str]:
    """Fault page location -> its English portal text and endpoint description, normalized like every query:
    searchable on every locale (English pasted on /ja/ finds the Japanese page), never displayed."""
    default = catalog.default_locale
    return {
        f"faults/{fault_id}/": normalize(
            " ".join(
                shown_field(catalog, default, fault_id, field).text for field in ("portal_text", "endpoint_description")
            )
        )
        for fault_id in catalog.fault_ids
    }


def _fault_endpoints(catalog: Catalog, locale: str) -> dict[str, str]:
    """Fault page location -> its endpoint description, matched as strongly as its title."""
    return {
        f"faults/{fault_id}/": shown_field(catalog, locale, fault_id, "endpoint_description").text
        for fault_id in catalog.fault_ids
    }


def _fault_tags(catalog: Catalog, locale: str) -> dict[str, list[str]]:
    """Page location -> its fault's ID, portal text and endpoint description, indexed as the page's tags (the most
    heavily weighted field of Material's search), so that an ID or a pasted notification finds its fault first.
    Not the titles in Japanese and Chinese: there a one-character query term would prefix-match a whole title;
    their titles are matched through the character pairs of the title field instead."""

    def tags(fault_id: int) -> list[str]:
        if locale in _SPLIT_CJK:
            return [str(fault_id)]
        titles = {
            shown_field(catalog, locale, fault_id, field).text for field in ("portal_text", "endpoint_description")
        }
        return [str(fault_id), *sorted(titles)]

    return {f"faults/{fault_id}/": tags(fault_id) for fault_id in catalog.fault_ids}


def _split_cjk(text: str) -> str:
    return _BETWEEN_CJK.sub("\u200b", text)


def _character_pairs(text: str, runs: re.Pattern[str] = _CJK_RUN) -> str:
    """Every pair of adjacent kana/Han (or Hangul) characters of `text` (a lone character as itself),
    space-separated."""
    pairs: dict[str, None] = {}
    for run in runs.findall(normalize(text)):
        for index in range(max(1, len(run) - 1)):
            pairs[run[index : index + 2]] = None
    return " ".join(pairs)


def patch_search_worker(site: Path) -> None:
    """Apply _WORKER_PATCHES to Material's search worker; fail loudly where the code they expect has changed."""
    workers = list((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    pipeline = (site / "assets" / "javascripts" / "normalize.js").read_text(encoding="utf-8")
    for worker in workers:
        code = pipeline + "\n" + worker.read_text(encoding="utf-8")
        for why, before, after in _WORKER_PATCHES:
            if before not in code:
                raise ValueError(f"{worker.name}: cannot {why}: Material's code changed; re-check after an upgrade")
            code = code.replace(before, after, 1)
        worker.write_text(code, encoding="utf-8")
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


def faults_api(catalog: Catalog, site_url: str) -> dict[str, Any]:
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


def status_api(catalog: Catalog) -> dict[str, Any]:
    """The translation status page as data: state per locale, fault and field, percent per locale, and the fields
    whose translation carries a reader note (where to start improving a translation)."""
    matrix = status_matrix(catalog)
    return {
        "locales": {
            locale: {
                "percent_translated": percent_translated(matrix[locale]),
                "faults": {str(fault_id): fields for fault_id, fields in matrix[locale].items()},
                "reader_notes": [
                    {
                        "fault": item.fault,
                        "field": item.field,
                        "path": item.path,
                        "notes": [{"paragraph": note.paragraph, "kind": note.kind} for note in item.notes],
                    }
                    for item in noted_fields(catalog, locale)
                ],
            }
            for locale in catalog.locales
        }
    }


def write_api(site: Path, catalog: Catalog, site_url: str) -> None:
    """api/faults.json with its JSON Schema, and api/status.json."""
    folder = site / "api"
    folder.mkdir(exist_ok=True)
    for name, data in (("faults.json", faults_api(catalog, site_url)), ("status.json", status_api(catalog))):
        text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
        (folder / name).write_text(text + "\n", encoding="utf-8")
    (folder / "faults.schema.json").write_text(SCHEMA.read_text(encoding="utf-8"), encoding="utf-8")
