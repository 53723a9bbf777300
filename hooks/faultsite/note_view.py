"""What a translated fault page shows of its notes and of the English: the view of notes.py's reviewed notes.

Per title field and per block of the resolution, the English block it renders and the notes shown there; and, per
locale, the fields that carry a shown note (the status page and api/status.json list them).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .fallback import Shown
from .model import TEXT_FIELDS, Catalog, Note
from .notes import blocks
from .urls import fault_path


@dataclass(frozen=True)
class Pair:
    """One block of a translation, the English block it renders, and the notes a page shows there."""

    kind: str  # "p" or "li"
    text: str
    english: str
    notes: tuple[Note, ...]
    anchor: str

    @property
    def reversed(self) -> bool:
        """Whether a note here says the translation states the opposite of the English (shown more strongly)."""
        return any(note.kind == "meaning-reversed" for note in self.notes)


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
