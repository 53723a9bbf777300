"""What search indexes of each page of a locale (the faults from the data, the home and status pages)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .fallback import shown_field, ui_string
from .glossary_terms import GlossaryConcept, fault_words, name_words
from .model import Catalog
from .render import fault_title
from .urls import fault_page

# Markdown of the data (a checked subset: links by reference, code spans, emphasis, lists) to plain text.
_REFERENCE_LINK = re.compile(r"\[([^\[\]]{0,2000})\]\[[^\[\]]{0,200}\]")
_MARKUP = re.compile(r"[`*_]|^\s{0,3}(?:[-+]|\d+\.)\s+|^\s{0,3}>\s?|^#{1,6}\s+", re.M)
_NAME_FIELDS = ("portal_text", "endpoint_description")
_MAX_NAMES = 31  # a name is a bit of the postings' masks (31 bits in JavaScript)


def plain_text(markdown: str) -> str:
    """What a reader sees of the data's Markdown, as one line per paragraph."""
    text = _MARKUP.sub("", _REFERENCE_LINK.sub(r"\1", markdown))
    paragraphs = (" ".join(block.split()) for block in re.split(r"\n\s*\n|\n(?=\S)", text))
    return "\n".join(p for p in paragraphs if p)


@dataclass(frozen=True)
class SearchDoc:
    """One page as search sees it."""

    location: str  # relative to the locale's root, as Material's results link it
    title: str  # displayed (plain text; the engine escapes it)
    fault: int  # 0 for a page that is not a fault
    names: tuple[str, ...]  # the fault's names: its portal text and endpoint description as the locale shows them
    other_names: tuple[str, ...]  # their versions in the other locales (searchable, never displayed)
    body: str  # plain text, one paragraph per line
    glossary: tuple[str, ...] = ()  # the locale's glossary words for what the fault talks about (never displayed)
    name_glossary: tuple[tuple[str, ...], ...] = ()  # per name (own, then others): the glossary words it holds


def _names(catalog: Catalog, locale: str, fault_id: int) -> tuple[str, ...]:
    return tuple(plain_text(shown_field(catalog, locale, fault_id, field).text) for field in _NAME_FIELDS)


def locale_docs(catalog: Catalog, locale: str, glossary: Sequence[GlossaryConcept] = ()) -> list[SearchDoc]:
    """Every page of a locale that search finds: the faults (from the data), the home and status pages, with the
    locale's glossary words for each fault and each of its names."""
    words = fault_words(catalog, locale, glossary)
    default = catalog.default_locale
    ui = {key: ui_string(catalog, locale, key).text for key in catalog.texts[default].ui}
    docs = [
        SearchDoc("", ui["site_name"], 0, (), (), "\n".join((ui["intro"], ui["table_intro"]))),
        SearchDoc("status/", ui["status_title"], 0, (), (), ui["status_intro"]),
    ]
    for fault_id in catalog.fault_ids:
        names = _names(catalog, locale, fault_id)
        others: dict[str, None] = {}  # each distinct name once, in the order of the locales
        for other in catalog.locales:
            for name in _names(catalog, other, fault_id):
                if name and name not in names:
                    others[name] = None
        resolution = plain_text(shown_field(catalog, locale, fault_id, "resolution").text)
        body = "\n".join((resolution, *catalog.fault(fault_id).logs))
        title = fault_title(ui, fault_id, names[0])
        # Beyond 15 locales, later names only count as words.
        other_names = tuple(others)[: _MAX_NAMES - len(names)]
        by_name = tuple(name_words(name, glossary, locale) for name in (*names, *other_names))
        doc = SearchDoc(
            fault_page(fault_id),
            title,
            fault_id,
            names,
            other_names,
            body,
            words.get(fault_id, ()),
            by_name,
        )
        docs.append(doc)
    return docs
