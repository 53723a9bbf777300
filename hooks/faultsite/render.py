"""Data -> Markdown: pure functions that render fault pages, the overview table and the status table."""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2

from .anchors import SECTION_IDS, sections
from .fallback import (
    FAULT_STATES,
    Shown,
    fault_state,
    percent_translated,
    shown_field,
    shown_versions,
    status_matrix,
    ui_string,
)
from .fault_nav import fault_nav
from .markdown_text import FAULT_REFERENCE, link_references
from .model import TEXT_FIELDS, UI_KEYS, Catalog
from .note_view import compare_fields, noted_fields, ui_key, ui_pairs
from .urls import fault_page, fault_path, fault_source, locale_prefix, relative_url

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class Related:
    id: int
    portal_text: Shown


@dataclass(frozen=True)
class ShownLink:
    title: Shown
    url: str
    lang: str


def render_fault(catalog: Catalog, fault_id: int, locale: str) -> str:
    """The Markdown page of one fault in one locale, English standing in for what is not translated."""
    fault = catalog.fault(fault_id)
    fields = {name: shown_field(catalog, locale, fault_id, name) for name in TEXT_FIELDS}
    states = [field.state for field in fields.values()]
    ui = _ui(catalog, locale)
    portal = fields["portal_text"]
    refs = _unique(link_references(fields["resolution"].text))
    compare = compare_fields(catalog, locale, fault_id, fields)
    shown_english = "\n".join(pair.english for pair in compare.resolution) + compare.whole_english
    references = [
        (ref, f"{m.group(1)}.md" if (m := FAULT_REFERENCE.match(ref)) else catalog.links[ref].url_for(locale))
        for ref in _unique(refs + link_references(shown_english))
    ]
    own_titles = catalog.texts[locale].links
    links = [
        ShownLink(
            title=Shown(
                own_titles.get(ref, catalog.links[ref].title),
                locale if ref in own_titles else catalog.default_locale,
                "translated",
            ),
            url=catalog.links[ref].url_for(locale),
            lang=locale if locale in catalog.links[ref].urls else catalog.default_locale,
        )
        for ref in refs
        if not FAULT_REFERENCE.match(ref)
    ]
    page_path = fault_path(fault_id, locale, catalog.default_locale)
    # Material inserts page.title unescaped into <title> and the header: the data's text arrives escaped.
    title = html.escape(fault_title(ui, fault_id, " ".join(portal.text.split())), quote=False)
    versions = shown_versions(fault, [shown.text for shown in fields.values()])
    related = [
        Related(id=other, portal_text=shown_field(catalog, locale, other, "portal_text")) for other in fault.related
    ]
    shown = {"log_files": bool(fault.logs), "versions": bool(versions.connector or versions.macos)}
    shown |= {"related_faults": bool(related), "more_information": bool(links)}
    return _template("fault.md.j2", locale).render(
        fault=fault,
        locale=locale,
        default_locale=catalog.default_locale,
        ui=ui,
        title=title,
        whole_fault_missing=all(state == "missing" for state in states),
        # Fields shown in English on a page that is otherwise translated: each gets a notice in the page's language.
        english_fields=[name for name, shown in fields.items() if shown.lang != locale],
        versions=versions,
        outdated="outdated" in states,
        english_url=relative_url(page_path, fault_path(fault_id, catalog.default_locale, catalog.default_locale)),
        portal_text=portal,
        endpoint_description=fields["endpoint_description"],
        resolution=fields["resolution"],
        related=related,
        links=links,
        references=references,
        neighbours=_neighbours(catalog, fault_id, locale),
        compare=compare,
        sections=sections(locale, fault_id, [key for key, _ in SECTION_IDS if shown.get(key, True)]),
        sidebar=json.dumps(fault_nav(catalog, fault_id, locale), ensure_ascii=False, sort_keys=True),
    )


def _neighbours(catalog: Catalog, fault_id: int, locale: str) -> dict[str, Related]:
    """The faults before and after this one in ID order, for the previous/next links of a fault page."""
    ids = list(catalog.fault_ids)
    at = ids.index(fault_id)
    near = {"previous": ids[at - 1] if at > 0 else None, "next": ids[at + 1] if at + 1 < len(ids) else None}
    return {
        side: Related(id=other, portal_text=shown_field(catalog, locale, other, "portal_text"))
        for side, other in near.items()
        if other is not None
    }


def fault_title(ui: dict[str, str], fault_id: int, text: str) -> str:
    """ "Fault 13: text", worded and punctuated as the locale's seed does (ui fault_title)."""
    return ui["fault_title"].replace("{id}", str(fault_id)).replace("{text}", text)


def render_home(catalog: Catalog, locale: str) -> str:
    """The home page: introduction and the overview table of every fault, each row anchored as #fault-<id>."""
    rows = [
        {
            "id": fault_id,
            "source": fault_source(fault_id, catalog.default_locale, catalog.default_locale),
            **{name: shown_field(catalog, locale, fault_id, name) for name in TEXT_FIELDS[:2]},
        }
        for fault_id in catalog.fault_ids
    ]
    noted = {key: ui_pairs(catalog, locale, key) for key in ("intro", "table_intro")}
    return _template("home.md.j2", locale).render(
        ui=_ui(catalog, locale), rows=rows, fault_ids=catalog.fault_ids, fault_page=fault_page("{id}"), noted=noted
    )


# A symbol per state, so a cell does not tell its state by colour alone; a CSS class per state styles it.
STATE_SYMBOLS: dict[str, str] = {"translated": "✓", "outdated": "!", "partial": "◐", "missing": "✕"}


def render_status(catalog: Catalog, locale: str) -> str:
    """The translation status: a bar per locale, and one cell per fault x locale with its per-field detail."""
    matrix = status_matrix(catalog)
    others = [loc for loc in catalog.locales if loc != catalog.default_locale]
    worst = {loc: {fault_id: fault_state(fields) for fault_id, fields in matrix[loc].items()} for loc in others}
    return _template("status.md.j2", locale).render(
        ui=_ui(catalog, locale),
        noted_ui=ui_pairs(catalog, locale, "status_intro"),
        locales=others,
        fault_ids=catalog.fault_ids,
        fault_urls={fault_id: relative_url("status/", fault_page(fault_id)) for fault_id in catalog.fault_ids},
        fields=TEXT_FIELDS,
        matrix=matrix,
        names={loc: ui_string(catalog, loc, "language_name").text for loc in catalog.locales},
        percent={loc: percent_translated(matrix[loc]) for loc in others},
        states=FAULT_STATES,
        worst=worst,
        symbols=STATE_SYMBOLS,
        prefix=locale_prefix(locale, catalog.default_locale),
        noted={
            loc: [
                (item, relative_url(locale_prefix(locale, catalog.default_locale) + "status/", item.path))
                for item in noted_fields(catalog, loc)
            ]
            for loc in others
        },
    )


def _ui(catalog: Catalog, locale: str) -> dict[str, str]:
    return {key: ui_string(catalog, locale, key).text for key in UI_KEYS}


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


class _Page:
    """A template with the helpers that mark English fallback text for one page locale."""

    def __init__(self, name: str, locale: str) -> None:
        self.template = _environment().get_template(name)
        inline = _inline_filter(locale)
        self.helpers = {
            "inline": inline,
            "block": _block_filter(locale),
            "titled": lambda ui, fault_id, shown: fault_title(ui, fault_id, inline(shown)),
            "note_key": ui_key,
        }

    def render(self, **context: object) -> str:
        return self.template.render(**context, **self.helpers)


def _template(name: str, locale: str) -> _Page:
    return _Page(name, locale)


def _inline_filter(locale: str) -> Callable[[Shown], str]:
    def inline(shown: Shown) -> str:
        text = " ".join(shown.text.split()).replace("|", "\\|")
        return text if shown.lang == locale else f'<span lang="{shown.lang}">{text}</span>'

    return inline


def _block_filter(locale: str) -> Callable[[Shown], str]:
    def block(shown: Shown) -> str:
        text = shown.text.strip()
        if shown.lang == locale:
            return text
        return f'<div lang="{shown.lang}" class="fallback" markdown>\n\n{text}\n\n</div>'

    return block
