"""Reader notes and "Show English": blocks, exact rendering, data mistakes, and what the built site shows."""

from __future__ import annotations

import dataclasses
import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from helpers import (
    JA,
    NL,
    Edit,
    Expect,
    append,
    assert_reported,
    case,
    copy_data,
    load_error,
    make_catalog,
    noted_catalog,
    replace,
)

from conftest import DEFAULT_LOCALE, LOCALES
from faultsite.fallback import field_state
from faultsite.model import Catalog, Note
from faultsite.note_view import note_anchor, noted_fields, ui_key
from faultsite.notes import NOTED_UI, blocks
from faultsite.render import render_fault, render_home, render_status
from faultsite.urls import fault_path, locale_prefix

NL_CURATION = "curation/nl.yaml"


# --- blocks -----------------------------------------------------------------------------------------------------


def test_blocks_are_paragraphs_and_list_items_in_order() -> None:
    text = "First line\nwrapped.\n\n- *one*\n- `two`\n\nLast."
    assert [(b.kind, b.text) for b in blocks(text)] == [
        ("p", "First line wrapped."),
        ("li", "*one*"),
        ("li", "`two`"),
        ("p", "Last."),
    ]


# --- rendering --------------------------------------------------------------------------------------------------


def test_a_translated_resolution_is_shown_block_by_block_with_its_english_and_notes() -> None:
    page = render_fault(noted_catalog(), 1, "nl")
    resolution = page[page.index("## nl-resolution") : page.index("## nl-log_files")]
    assert (
        resolution
        == """## nl-resolution <span class="fault-anchor" id="probleemoplossingoplossing"></span> { #resolution }

Lees [fout 2][fault-2] en [de nota][note].

<div class="fault-english" lang="en" markdown>

Read [fault 2][fault-2] and [the note][note].

</div>

- `/Library/Logs/a.log` <span class="fault-english" lang="en">`/Library/Logs/a.log`</span>
- *Toep* <span class="reader-note" id="note-resolution-3"><span class="reader-note__kind">nl-note_unclear</span> \
<span class="reader-note__says">Zegt.</span> \
<span class="reader-note__label">nl-note_english</span> <span class="reader-note__english" lang="en">*App*</span></span>

"""
    )
    assert page.count('id="show-english"') == 1


def test_a_reversed_note_on_a_merged_resolution_stays_at_its_paragraph_and_the_english_follows_whole() -> None:
    catalog = make_catalog()  # its Dutch resolution is one paragraph; the English has a paragraph and two items
    note = Note(
        fault=1,
        field="resolution",
        paragraph=1,
        kind="meaning-reversed",
        quote="Lees",
        shown=True,
        why="A test.",
        says="<Omgekeerd>",
    )
    page = render_fault(dataclasses.replace(catalog, notes={"nl": (note,)}), 1, "nl")
    resolution = page[page.index("## nl-resolution") : page.index("## nl-log_files")]
    assert (
        resolution
        == """## nl-resolution <span class="fault-anchor" id="probleemoplossingoplossing"></span> { #resolution }

Lees [fout 2][fault-2] en [de nota][note].

<div class="reader-note reader-note--reversed" id="note-resolution-1" markdown>
<p class="reader-note__kind">nl-note_meaning_reversed</p>
<p class="reader-note__says">&lt;Omgekeerd&gt;</p>
</div>

<div class="fault-english" lang="en" markdown>

Read [fault 2][fault-2] and [the note][note].

- `/Library/Logs/a.log`
- *App*

</div>

"""
    )


def test_a_note_not_shown_and_an_english_page_show_nothing() -> None:
    catalog = noted_catalog()
    hidden = dataclasses.replace(catalog, notes={"nl": (dataclasses.replace(catalog.notes["nl"][0], shown=False),)})
    assert "reader-note" not in render_fault(hidden, 1, "nl")
    english = render_fault(catalog, 1, "en")
    assert "show-english" not in english and "fault-english" not in english and "reader-note" not in english


def test_a_page_in_english_only_has_no_show_english_control() -> None:
    page = render_fault(make_catalog(), 2, "nl")  # fault 2 is not translated
    assert "show-english" not in page and "fault-english" not in page


def _render_page(catalog: Catalog, page: str, locale: str) -> str:
    """The home page ("") or the status page ("status/") of NOTED_UI."""
    return {"": render_home, "status/": render_status}[page](catalog, locale)


@pytest.mark.parametrize("key", NOTED_UI)
def test_a_note_on_an_interface_paragraph_follows_it_on_its_page_in_the_notes_language_only(key: str) -> None:
    page, _heading = NOTED_UI[key]
    plain_catalog = make_catalog()
    note = Note(
        fault="ui",
        field=key,
        paragraph=1,
        kind="meaning-differs",
        quote="nl-",
        shown=True,
        why="A test.",
        says="<Zegt>.",
    )
    catalog = dataclasses.replace(plain_catalog, notes={"nl": (note,)})
    shown = _render_page(catalog, page, "nl")
    anchor = note_anchor(key, 1)
    assert (
        f"""nl-{key}

<div class="reader-note" id="{anchor}" markdown>
<p class="reader-note__kind">nl-note_meaning_differs</p>
<p class="reader-note__says">&lt;Zegt&gt;.</p>
<p class="reader-note__label">nl-note_english</p>
<div class="reader-note__english" lang="en" markdown>

{key.upper()}

</div>
</div>

"""
        in shown
    )
    # Only there: not on the English page, not on the other page (which may list it among the noted fields).
    assert f'id="{anchor}"' not in _render_page(catalog, page, "en")
    assert f'id="{anchor}"' not in _render_page(catalog, "status/" if page == "" else "", "nl")
    if page == "":  # and the rest of the page is as it was
        begin = shown.index(f'<div class="reader-note" id="{anchor}"')
        end = shown.index("</div>\n</div>\n\n", begin) + len("</div>\n</div>\n\n")
        assert shown[:begin] + shown[end:] == _render_page(plain_catalog, page, "nl")


# --- data mistakes ----------------------------------------------------------------------------------------------

NOTE_CASES = [
    case(
        "note-quote-not-in-paragraph",
        replace(
            NL_CURATION,
            'quote: "Als de stekker niet wordt geïnstalleerd"',
            'quote: "Als de stekker wel wordt geïnstalleerd"',
        ),
        NL_CURATION,
        "is not in paragraph 1",
        at='quote: "Als de stekker wel',
        locale="nl",
        fault=4,
        field="resolution",
    ),
    case(
        "note-stale-after-text-change",
        replace(NL, "Als de stekker niet wordt geïnstalleerd", "Als de connector wordt verwijderd"),
        NL_CURATION,
        "is not in paragraph 1",
        "has the text changed",
        at='quote: "Als de stekker niet',
        locale="nl",
        fault=4,
        field="resolution",
    ),
    case(
        "note-paragraph-out-of-range",
        replace(
            NL_CURATION,
            '    paragraph: 3\n    kind: meaning-reversed\n    quote: "deze fout kunnen opheffen"',
            '    paragraph: 4\n    kind: meaning-reversed\n    quote: "deze fout kunnen opheffen"',
        ),
        NL_CURATION,
        "paragraph must be 1 to 3",
        at="    paragraph: 4",
        locale="nl",
        fault=10,
        field="resolution",
    ),
    case(
        "note-unknown-kind",
        replace(
            NL_CURATION,
            '    kind: meaning-reversed\n    quote: "deze fout kunnen opheffen"',
            '    kind: misleading\n    quote: "deze fout kunnen opheffen"',
        ),
        NL_CURATION,
        "kind must be one of",
        at="    kind: misleading",
        locale="nl",
        fault=10,
        field="resolution",
    ),
    case(
        "note-shown-on-an-interface-string",
        replace(
            NL_CURATION,
            '    quote: "Tabel van aansluitingsfout"\n    show: false',
            '    quote: "Tabel van aansluitingsfout"\n    show: true  # edited',
        ),
        NL_CURATION,
        "only a note of a shown kind",
        at="show: true  # edited",
        locale="nl",
        fault="ui",
        field="overview",
    ),
    case(
        "note-of-kind-wording-shown",
        replace(
            NL_CURATION,
            '    quote: "Systeem extensie"\n    show: false',
            '    quote: "Systeem extensie"\n    show: true  # edited',
        ),
        NL_CURATION,
        "only a note of a shown kind",
        at="show: true  # edited",
        locale="nl",
        fault=1,
        field="endpoint_description",
    ),
    case(
        "note-unknown-fault",
        replace(
            NL_CURATION,
            "  - fault: 4\n    field: resolution\n    paragraph: 1\n    kind: meaning-differs",
            "  - fault: 9\n    field: resolution\n    paragraph: 1\n    kind: meaning-differs",
        ),
        NL_CURATION,
        "unknown fault 9",
        at="  - fault: 9",
        locale="nl",
        fault=9,
        field="resolution",
    ),
    case(
        "note-missing-why",
        append(
            NL_CURATION, "  - {fault: 4, field: resolution, paragraph: 1, kind: unclear, quote: Zie, show: false}\n"
        ),
        NL_CURATION,
        "needs exactly the keys",
        at="  - {fault: 4",
        locale="nl",
    ),
    case(
        "note-shown-without-says",
        replace(
            NL_CURATION,
            '    says: "Het Engels zegt: de systeemextensie is goedgekeurd',
            '    saying: "Het Engels zegt: de systeemextensie',
        ),
        NL_CURATION,
        "needs exactly the keys",
        at=("  - fault: 4", "    saying:"),
        locale="nl",
    ),
    case(
        "note-shown-without-says-key",
        replace(
            NL_CURATION,
            'Shown."\n    says: "Het Engels zegt: de systeemextensie is goedgekeurd',
            'Shown."\n    # says: "Het Engels',
        ),
        NL_CURATION,
        "a shown note needs says",
        at=("    show: true", "    # says:"),
        locale="nl",
        fault=4,
        field="resolution",
    ),
    case(
        "note-says-with-markdown",
        replace(
            NL_CURATION,
            '    says: "Het Engels zegt: de systeemextensie is goedgekeurd',
            '    says: "Het *Engels* zegt: de systeemextensie is goedgekeurd',
        ),
        NL_CURATION,
        "says is plain text",
        at='    says: "Het *Engels*',
        locale="nl",
        fault=4,
        field="resolution",
    ),
    case(
        "note-same-explanation-twice-on-a-page",
        replace(
            NL_CURATION,
            '    quote: "Scanservice vaak opnieuw starten"\n    show: false\n',
            '    quote: "Scanservice vaak opnieuw starten"\n    show: true\n'
            '    says: "Het Engels meldt wat er gebeurt: de scanservice start vaak opnieuw '
            "(‘Scan service restarting frequently’). Het is geen opdracht om de "
            'scanservice vaak opnieuw te starten."\n',
        ),
        NL_CURATION,
        "already says on this page",
        "explain a passage once per page",
        at="  - fault: 6\n    field: endpoint_description",
        locale="nl",
        fault=6,
        field="endpoint_description",
    ),
    case(
        "link-title-for-an-unknown-link",
        replace(NL, "  tech-note: Technische nota", "  tech-nota: Technische nota"),
        NL,
        "unknown field 'tech-nota'",
        "known: tech-note",
        at="  tech-nota:",
        locale="nl",
        field="links",
    ),
    case(
        "link-title-empty",
        replace(JA, "  tech-note: テクニカルノート 216089", '  tech-note: ""'),
        JA,
        "empty text",
        at='  tech-note: ""',
        locale="ja",
        field="links.tech-note",
    ),
]


@pytest.mark.parametrize(("edit", "expect"), NOTE_CASES)
def test_a_note_mistake_is_reported(tmp_path: Path, edit: Edit, expect: Expect) -> None:
    data = copy_data(tmp_path)
    edit(data)
    assert_reported(load_error(data), expect, data)


# --- the built site ---------------------------------------------------------------------------------------------


class _Elements(HTMLParser):
    """For every element with an id or one of the note classes: its text, and the lang of what it contains."""

    VOID = frozenset({"input", "br", "img", "meta", "link", "hr", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[dict[str, Any]] = []
        self.found: list[dict[str, Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag in self.VOID:
            self.found.append({"tag": tag, "attrs": attributes, "text": "", "langs": set()})
            return
        element = {"tag": tag, "attrs": attributes, "text": "", "langs": set()}
        for parent in self.stack:
            if "lang" in attributes:
                parent["langs"].add(attributes["lang"])
        self.stack.append(element)
        self.found.append(element)

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()["tag"] == tag:
                break

    def handle_data(self, data: str) -> None:
        for element in self.stack:
            element["text"] += data


def elements(html: str) -> list[dict[str, Any]]:
    parser = _Elements()
    parser.feed(html[html.index("<article") : html.index("</article>")])
    return parser.found


def plain(markdown: str) -> str:
    """The words of a Markdown block as a page shows them (references, emphasis and code marks removed)."""
    text = re.sub(r"\[([^\]]+)\]\[[^\]]*\]", r"\1", markdown)
    return " ".join(re.sub(r"[*`]", "", text).split())


def read(site: Path, path: str) -> str:
    return (site / path.split("#")[0] / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("locale", LOCALES)
def test_each_translated_fault_page_has_one_show_english_control_in_its_language(
    built_site: Path, catalog: Catalog, locale: str
) -> None:
    label = catalog.texts[locale].ui["show_english"]
    for fault_id in catalog.fault_ids:
        found = elements(read(built_site, fault_path(fault_id, locale, DEFAULT_LOCALE)))
        boxes = [e for e in found if e["tag"] == "input" and e["attrs"].get("id") == "show-english"]
        translated = locale != DEFAULT_LOCALE and any(
            field_state(catalog, locale, fault_id, f) != "missing"
            for f in ("portal_text", "endpoint_description", "resolution")
        )
        assert len(boxes) == (1 if translated else 0), (locale, fault_id)
        labels = [e["text"] for e in found if e["tag"] == "label" and e["attrs"].get("for") == "show-english"]
        assert labels == ([label] if translated else []), (locale, fault_id)
        english = [
            e
            for e in found
            if "fault-english" in e["attrs"].get("class", "").split()
            or "reader-note__english" in e["attrs"].get("class", "").split()
        ]
        assert all(e["attrs"].get("lang") == "en" or "en" in e["langs"] for e in english), (locale, fault_id)
        if translated and field_state(catalog, locale, fault_id, "resolution") != "missing":
            source = catalog.texts[DEFAULT_LOCALE].faults[fault_id].resolution or ""
            shown = " ".join(" ".join(e["text"].split()) for e in english)
            for block in blocks(source):  # every English paragraph and list item is on the page
                assert plain(block.text) in shown, (locale, fault_id, block.text[:60])


def _note_page(catalog: Catalog, note: Note, locale: str) -> tuple[str, str]:
    """The page a shown note is on (site-relative) in `locale`, and the English text of its field."""
    english = catalog.texts[DEFAULT_LOCALE]
    if note.fault == "ui":
        return locale_prefix(locale, DEFAULT_LOCALE) + NOTED_UI[note.field][0], english.ui[note.field]
    assert isinstance(note.fault, int), note
    return fault_path(note.fault, locale, DEFAULT_LOCALE), english.faults[note.fault].get(note.field) or ""


@pytest.mark.parametrize("locale", LOCALES[1:])
def test_every_shown_note_is_at_its_paragraph_with_its_heading_what_the_english_says_and_the_english(
    built_site: Path, catalog: Catalog, locale: str
) -> None:
    ui = catalog.texts[locale].ui
    notes = [n for n in catalog.notes[locale] if n.shown]
    assert notes, locale
    for note in notes:
        path, english_text = _note_page(catalog, note, locale)
        article = read(built_site, path)
        found = elements(article)
        by_id = {e["attrs"]["id"]: e for e in found if "id" in e["attrs"]}
        box = by_id.get(note_anchor(note.field, note.paragraph))
        assert box is not None, (locale, note)
        text = " ".join(box["text"].split())
        assert ui[ui_key(note.kind)] in text and "en" in box["langs"], (locale, note)
        # What the English says, in the page's language, under the heading; a reversed meaning stands out.
        assert " ".join(note.says.split()) in text, (locale, note)
        reversed_here = any(
            n.shown
            and n.kind == "meaning-reversed"
            and (n.fault, n.field, n.paragraph) == (note.fault, note.field, note.paragraph)
            for n in catalog.notes[locale]
        )
        assert ("reader-note--reversed" in box["attrs"]["class"].split()) == reversed_here, (locale, note)
        english = blocks(english_text)[note.paragraph - 1]
        assert plain(english.text) in text, (locale, note, text)
        # The note follows the paragraph (or list item) it is about.
        before = article[: article.index(f'id="{note_anchor(note.field, note.paragraph)}"')]
        assert plain(note.quote) in re.sub(r"<[^>]+>", "", before).split("</h1>")[-1], (locale, note)
        # Only on the page of its own language.
        for other in LOCALES:
            if other != locale and note.fault == "ui":
                elsewhere = read(built_site, _note_page(catalog, note, other)[0])
                assert f'id="{note_anchor(note.field, note.paragraph)}"' not in elsewhere, (other, note)


def test_the_status_page_counts_and_links_every_noted_field(built_site: Path, catalog: Catalog) -> None:
    data = json.loads((built_site / "api" / "status.json").read_text(encoding="utf-8"))
    for page_locale in LOCALES:
        html = read(built_site, locale_prefix(page_locale, DEFAULT_LOCALE) + "status/")
        here = "/" + locale_prefix(page_locale, DEFAULT_LOCALE) + "status/"
        links = {
            posixpath.normpath(posixpath.join(here, a["attrs"]["href"].split("#")[0])).lstrip("/")
            + "/#"
            + a["attrs"]["href"].split("#")[1]: a["text"]
            for a in elements(html)
            if a["tag"] == "a" and "#note-" in a["attrs"].get("href", "")
        }
        ui = catalog.texts[page_locale].ui
        for locale in LOCALES[1:]:
            noted = noted_fields(catalog, locale)
            assert noted, locale
            assert [item["path"] for item in data["locales"][locale]["reader_notes"]] == [n.path for n in noted]
            assert f"(<code>{locale}</code>)</td>\n<td>{len(noted)}: " in html, (page_locale, locale)
            for item in noted:
                assert item.path in links, (page_locale, item.path)
                # Named in the status page's language: a fault's field, or the heading an interface string is under.
                named = ui[item.place] if item.fault == "ui" else f"{ui['fault']} {item.fault} · {ui[item.field]}"
                assert links[item.path] == named, (page_locale, item.path)
                assert f'id="{item.path.split("#")[1]}"' in read(built_site, item.path)
        assert len(links) == sum(len(noted_fields(catalog, locale)) for locale in LOCALES[1:]), page_locale


def test_titles_follow_each_seed_and_the_tech_note_is_named_in_the_page_language(
    built_site: Path, catalog: Catalog
) -> None:
    def title(path: str) -> str:
        found = re.search(r"<title>(.*?)</title>", read(built_site, path))
        assert found is not None, path
        return found.group(1)

    assert title("zh-TW/faults/13/").startswith("故障13：網路內容過濾器系統擴展太多 - ")
    assert title("ja/faults/13/").startswith("障害13：")
    assert title("ko/faults/13/").startswith("결함 13: ")
    for locale in LOCALES:
        assert title(locale_prefix(locale, DEFAULT_LOCALE)) == catalog.texts[locale].ui["site_name"], locale
    for locale, words in (
        ("nl", "Technische nota 216089"),
        ("ja", "テクニカルノート 216089"),
        ("zh-TW", "技術說明 216089"),
        ("ko", "기술 참고 216089"),
        ("en", "Tech note 216089"),
    ):
        html = read(built_site, locale_prefix(locale, DEFAULT_LOCALE) + "faults/3/")
        assert f">{words}</a>" in html, locale
