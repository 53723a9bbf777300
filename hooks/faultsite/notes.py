"""Reader notes and paragraph alignment: where a translation may mislead, and which English paragraph it renders.

A text is cut into blocks: its paragraphs, with a list cut into its items (a translation is compared with the
English item by item). Notes are read from `notes:` in data/curation/<locale>.yaml and anchored to one block of
one field by a quote that must occur in it, so a note cannot silently drift when the text changes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .fallback import Shown
from .markdown_text import link_references, log_paths, versions_named
from .model import TEXT_FIELDS, Catalog, Note
from .problems import Problem
from .urls import fault_path
from .yamlfile import read_yaml

# The kinds a page can show, each with one wording per locale (ui key note_<kind>), and `wording`: clumsy but not
# misleading, kept on record and never shown.
SHOWN_KINDS: tuple[str, ...] = (
    "meaning-differs",
    "unclear",
    "cut-in-source",
    "different-version-or-path",
    "name-translated",
)
KINDS: tuple[str, ...] = (*SHOWN_KINDS, "wording")
_KEYS = ("fault", "field", "paragraph", "kind", "quote", "show", "why")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+")


@dataclass(frozen=True)
class Pair:
    """One block of a translation, the English block it renders, and the notes a page shows there."""

    kind: str  # "p" or "li"
    text: str
    english: str
    notes: tuple[Note, ...]
    anchor: str


@dataclass(frozen=True)
class Comparison:
    """What a translated fault page shows of the English: per title field and per block of the resolution."""

    titles: tuple[tuple[str, Pair], ...]  # (field, pair) for the portal text and endpoint description
    resolution: tuple[Pair, ...]  # empty when the resolution is not in the page's language
    whole_english: str  # the English resolution, when its blocks do not align one to one ('' otherwise)

    @property
    def offered(self) -> bool:
        """Whether the page has English to show beside its translation (then it has the control)."""
        return bool(self.titles or self.resolution or self.whole_english)


@dataclass(frozen=True)
class Block:
    """One paragraph, or one list item, of a Markdown text."""

    kind: str  # "p" or "li"
    text: str  # a list item without its marker


def blocks(text: str) -> tuple[Block, ...]:
    """The paragraphs and list items of `text`, in order (the data's Markdown has no nested blocks)."""
    found: list[Block] = []
    for chunk in re.split(r"\n[ \t]*\n", text.strip()):
        lines = [line for line in chunk.split("\n") if line.strip()]
        if lines and all(_LIST_ITEM.match(line) for line in lines):
            found += [Block("li", _LIST_ITEM.sub("", line, count=1)) for line in lines]
        elif lines:
            found.append(Block("p", " ".join(line.strip() for line in lines)))
    return tuple(found)


def block_facts(text: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """What must survive translation in one block: log paths, versions, and link references in order."""
    return tuple(sorted(log_paths(text))), tuple(sorted(versions_named(text))), tuple(link_references(text))


def misaligned(english: str, translation: str) -> list[str]:
    """Why the blocks of `translation` do not render the English blocks one to one ([] when they do)."""
    ours, theirs = blocks(english), blocks(translation)
    if [b.kind for b in ours] != [b.kind for b in theirs]:
        return [
            (
                f"blocks {''.join(b.kind[0] for b in theirs)!r} where the English has "
                f"{''.join(b.kind[0] for b in ours)!r} (p = paragraph, l = list item)"
            )
        ]
    return [
        f"block {number} names {block_facts(mine)} where the English names {block_facts(source)}"
        for number, (source, mine) in enumerate(zip((b.text for b in ours), (b.text for b in theirs), strict=False), 1)
        if block_facts(source) != block_facts(mine)
    ]


def field_blocks(catalog: Catalog, locale: str, fault: int | str, field: str) -> tuple[Block, ...]:
    """The blocks of one field as the locale's data has it (a ui string for fault "ui"); () if absent."""
    if fault == "ui":
        text = catalog.texts[locale].ui.get(field)
    else:
        entry = catalog.texts[locale].faults.get(int(fault))
        text = entry.get(field) if entry is not None and field in TEXT_FIELDS else None
    return blocks(text) if text else ()


def load_notes(
    data_dir: Path, catalog: Catalog, folder: str = "curation"
) -> tuple[dict[str, tuple[Note, ...]], list[Problem]]:
    """locale -> its reader notes, and every problem with them. A locale without a curation file has none."""
    notes: dict[str, tuple[Note, ...]] = {}
    problems: list[Problem] = []
    for locale in catalog.locales:
        path = data_dir / folder / f"{locale}.yaml"
        if not path.is_file():
            continue
        doc, found = read_yaml(path, f"{folder}/{locale}.yaml")
        problems += found
        data = doc.data if doc is not None and isinstance(doc.data, dict) else {}
        entries = data.get("notes") or []
        if not isinstance(entries, list):
            problems.append(
                Problem(file=f"{folder}/{locale}.yaml", locale=locale, field="notes", message="notes must be a list")
            )
            continue
        checked = [
            _note(
                catalog,
                locale,
                entry,
                where={"file": f"{folder}/{locale}.yaml", "locale": locale},
                line=lambda *keys, index=index, doc=doc: doc.line("notes", index, *keys) if doc else None,
            )
            for index, entry in enumerate(entries)
        ]
        problems += [p for _note_, found in checked for p in found]
        notes[locale] = tuple(n for n, _found in checked if n is not None)
    return notes, problems


def _note(
    catalog: Catalog, locale: str, entry: Any, where: Mapping[str, Any], line: Callable[..., int | None]
) -> tuple[Note | None, list[Problem]]:
    if not isinstance(entry, dict) or set(entry) != set(_KEYS):
        return None, [Problem(**where, line=line(), message=f"a note needs exactly the keys {', '.join(_KEYS)}")]
    at = {**where, "fault": entry["fault"], "field": entry["field"]}
    problems = [
        Problem(**at, line=line(key), message=message) for key, message in _note_problems(catalog, locale, entry)
    ]
    if problems:
        return None, problems
    return Note(
        fault=entry["fault"],
        field=entry["field"],
        paragraph=entry["paragraph"],
        kind=entry["kind"],
        quote=entry["quote"],
        shown=entry["show"],
        why=entry["why"],
    ), []


def _note_problems(catalog: Catalog, locale: str, entry: dict[str, Any]) -> list[tuple[str, str]]:
    """(key, message) for the first thing wrong with a note, checked in order: later checks need earlier ones."""
    fault, field, number, kind, show = (entry[key] for key in ("fault", "field", "paragraph", "kind", "show"))
    if fault != "ui" and fault not in catalog.fault_ids:
        return [("fault", f"unknown fault {fault!r}")]
    if kind not in KINDS:
        return [("kind", f"kind must be one of {', '.join(KINDS)}")]
    if not isinstance(show, bool):
        return [("show", "show must be true or false")]
    if not isinstance(entry["why"], str) or len(entry["why"].strip()) < 10:
        return [("why", "why must say why the note is shown or not (a sentence)")]
    if show and (kind not in SHOWN_KINDS or fault == "ui" or locale == catalog.default_locale):
        return [("show", "only a note of a shown kind on a translated fault field can be shown (show: false)")]
    found = field_blocks(catalog, locale, fault, field)
    if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= len(found):
        return [
            ("paragraph", f"paragraph must be 1 to {len(found)}, the blocks (paragraphs and list items) of this field")
        ]
    if (
        not isinstance(entry["quote"], str)
        or not entry["quote"].strip()
        or entry["quote"] not in found[number - 1].text
    ):
        return [
            (
                "quote",
                f"quote {entry['quote']!r:.60} is not in paragraph {number} of this field (has the text changed?)",
            )
        ]
    return []


def shown_notes(catalog: Catalog, locale: str, fault: int, field: str) -> dict[int, tuple[Note, ...]]:
    """Paragraph number -> the notes a page shows there, in one field of one fault."""
    found: dict[int, tuple[Note, ...]] = {}
    for note in catalog.notes.get(locale, ()):
        if note.shown and note.fault == fault and note.field == field:
            found[note.paragraph] = (*found.get(note.paragraph, ()), note)
    return found


def note_anchor(field: str, paragraph: int) -> str:
    """The id of a note on its fault page, e.g. note-resolution-3."""
    return f"note-{field.replace('_', '-')}-{paragraph}"


def ui_key(kind: str) -> str:
    """The interface string that words a note of `kind` for readers."""
    return "note_" + kind.replace("-", "_")


def compare_fields(catalog: Catalog, locale: str, fault_id: int, fields: Mapping[str, Shown]) -> Comparison:
    """The English beside each translated field of a fault page, block by block, with the notes shown there."""
    english = catalog.texts[catalog.default_locale].faults[fault_id]
    own = {name: shown for name, shown in fields.items() if shown.lang == locale != catalog.default_locale}
    titles = tuple(
        (name, _pairs(catalog, locale, fault_id, name, own[name].text, english.get(name) or "")[0])
        for name in TEXT_FIELDS[:2]
        if name in own
    )
    if "resolution" not in own:
        return Comparison(titles=titles, resolution=(), whole_english="")
    source, translation = english.resolution or "", own["resolution"].text
    if [b.kind for b in blocks(source)] != [b.kind for b in blocks(translation)]:
        # A reviewed merge or split: the notes stay at their paragraphs; the English follows as a whole.
        return Comparison(
            titles=titles,
            resolution=_pairs(catalog, locale, fault_id, "resolution", translation, ""),
            whole_english=source.strip(),
        )
    return Comparison(
        titles=titles, resolution=_pairs(catalog, locale, fault_id, "resolution", translation, source), whole_english=""
    )


def _pairs(catalog: Catalog, locale: str, fault_id: int, field: str, text: str, english: str) -> tuple[Pair, ...]:
    """Each block of `text` with the English block at its place ('' for every block when `english` is '')."""
    notes = shown_notes(catalog, locale, fault_id, field)
    sources = [b.text for b in blocks(english)] or [""] * len(blocks(text))
    return tuple(
        Pair(
            kind=mine.kind,
            text=mine.text,
            english=source,
            notes=notes.get(number, ()),
            anchor=note_anchor(field, number),
        )
        for number, (source, mine) in enumerate(zip(sources, blocks(text), strict=False), 1)
    )


@dataclass(frozen=True)
class NotedField:
    """A field of a translation that carries at least one shown note: where readers find it."""

    locale: str
    fault: int
    field: str
    notes: tuple[Note, ...]
    path: str  # site-relative address of the first note, e.g. nl/faults/13/#note-resolution-3


def noted_fields(catalog: Catalog, locale: str) -> tuple[NotedField, ...]:
    """Every field of `locale` with a shown note, by fault and in page order of the fields."""
    found = []
    for fault_id in catalog.fault_ids:
        for field in TEXT_FIELDS:
            shown = shown_notes(catalog, locale, fault_id, field)
            notes = [note for number in sorted(shown) for note in shown[number]]
            if notes:
                page = fault_path(fault_id, locale, catalog.default_locale)
                found.append(
                    NotedField(
                        locale, fault_id, field, tuple(notes), f"{page}#{note_anchor(field, notes[0].paragraph)}"
                    )
                )
    return tuple(found)
