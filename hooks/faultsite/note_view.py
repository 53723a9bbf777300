"""What a translated page shows of its notes and of the English: the view of notes.py's reviewed notes.

Per title field and per block of the resolution, the English block it renders and the notes shown there; the same
for the interface's paragraphs that carry a shown note (home and status pages); and, per locale, the fields and
interface strings that carry a shown note (the status page and api/status.json list them).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .fallback import Shown
from .model import TEXT_FIELDS, Catalog, Note
from .notes import NOTED_UI, blocks
from .urls import fault_path, locale_prefix


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


def shown_notes(catalog: Catalog, locale: str, fault: int | str, field: str) -> dict[int, tuple[Note, ...]]:
    """Paragraph number -> the notes a page shows there, in one field of one fault (or one ui string: "ui")."""
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


def ui_pairs(catalog: Catalog, locale: str, key: str) -> tuple[Pair, ...]:
    """The blocks of an interface string of NOTED_UI with its shown notes and, beside them, the English block;
    () when it carries none (the page then shows the string as it is)."""
    notes = shown_notes(catalog, locale, "ui", key) if key in NOTED_UI else {}
    if not notes:
        return ()
    english = [b.text for b in blocks(catalog.texts[catalog.default_locale].ui[key])]
    return tuple(
        Pair(
            kind=mine.kind,
            text=mine.text,
            # Only a noted block shows its English: these pages have no "Show English" control.
            english=english[number - 1] if number in notes and number <= len(english) else "",
            notes=notes.get(number, ()),
            anchor=note_anchor(key, number),
        )
        for number, mine in enumerate(blocks(catalog.texts[locale].ui[key]), 1)
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
    """A field (or interface string) of a translation that carries at least one shown note: where readers find it."""

    locale: str
    fault: int | str  # "ui" for an interface string
    field: str
    notes: tuple[Note, ...]
    path: str  # site-relative address of the first note, e.g. nl/faults/13/#note-resolution-3
    place: str  # the ui key that names where it is: the field's label, or the heading an interface string is under


def noted_fields(catalog: Catalog, locale: str) -> tuple[NotedField, ...]:
    """Every interface string (in page order) and fault field (by fault, in page order) of `locale` with a shown
    note."""
    found = []
    for key, (page, heading) in NOTED_UI.items():
        on_ui = tuple(
            note for _number, here in sorted(shown_notes(catalog, locale, "ui", key).items()) for note in here
        )
        if on_ui:
            path = f"{locale_prefix(locale, catalog.default_locale)}{page}#{note_anchor(key, on_ui[0].paragraph)}"
            found.append(NotedField(locale, "ui", key, on_ui, path, heading))
    for fault_id in catalog.fault_ids:
        for field in TEXT_FIELDS:
            shown = shown_notes(catalog, locale, fault_id, field)
            notes = [note for number in sorted(shown) for note in shown[number]]
            if notes:
                page = fault_path(fault_id, locale, catalog.default_locale)
                anchor = note_anchor(field, notes[0].paragraph)
                found.append(NotedField(locale, fault_id, field, tuple(notes), f"{page}#{anchor}", field))
    return tuple(found)
