"""What a translator is given: one unit per fault field a locale lacks or whose English changed since it was made.

Pure: from the catalog (and the glossary's terms, faultsite.glossary.unit_terms), the units with
everything a translator needs beside the English: its hash, the fault and field, the reader notes on the present
translation with the English paragraph each is about, and the glossary terms the English uses.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .fallback import field_state, text_hash
from .model import TEXT_FIELDS, Catalog
from .notes import blocks

_UNIT = re.compile(r"^fault-(\d+)\.(" + "|".join(TEXT_FIELDS) + r")$")


@dataclass(frozen=True)
class Unit:
    """One field to translate: its ID (the PO msgctxt), the English, and what helps translate it."""

    fault: int
    field: str
    english: str
    state: str  # "missing" or "outdated"
    translation: str  # the present, outdated translation ('' when missing)
    notes: tuple[str, ...]  # reader notes on the present translation, each with its English paragraph
    glossary: tuple[tuple[str, str], ...]  # (English term, the locale's term) the English uses

    @property
    def id(self) -> str:
        """The unit's ID, e.g. fault-18.resolution: the PO msgctxt, and how problems are reported."""
        return unit_id(self.fault, self.field)

    @property
    def source_hash(self) -> str:
        """The version of the English this unit translates (what translated_from records)."""
        return text_hash(self.english)


def unit_id(fault: int, field: str) -> str:
    """The ID of the unit of one fault field."""
    return f"fault-{fault}.{field}"


def parse_unit_id(text: str) -> tuple[int, str] | None:
    """(fault, field) of a unit ID, or None if `text` is not one."""
    found = _UNIT.match(text or "")
    return (int(found.group(1)), found.group(2)) if found else None


def units(catalog: Catalog, locale: str, terms: Callable[[str], list[tuple[str, str]]]) -> list[Unit]:
    """Every missing or outdated fault field of `locale`, in fault and field order; `terms(english)`: the glossary's
    (English term, the locale's term) pairs a text uses (glossary.unit_terms)."""
    found = []
    for fault_id in catalog.fault_ids:
        english = catalog.texts[catalog.default_locale].faults[fault_id]
        own = catalog.texts[locale].faults.get(fault_id)
        for field in TEXT_FIELDS:
            state = field_state(catalog, locale, fault_id, field)
            if state == "translated":
                continue
            source = (english.get(field) or "").strip()
            found.append(
                Unit(
                    fault=fault_id,
                    field=field,
                    english=source,
                    state=state,
                    translation=((own.get(field) if own else None) or "").strip(),
                    notes=_notes(catalog, locale, fault_id, field, source),
                    glossary=tuple(terms(source)),
                )
            )
    return found


def _notes(catalog: Catalog, locale: str, fault_id: int, field: str, english: str) -> tuple[str, ...]:
    """The reader notes on the present translation of a field, each with the English paragraph it is about."""
    paragraphs = blocks(english)
    return tuple(
        f"Reader note on paragraph {note.paragraph} ({note.kind}): {note.why}"
        + (
            f" English paragraph {note.paragraph}: {paragraphs[note.paragraph - 1].text}"
            if note.paragraph <= len(paragraphs)
            else ""
        )
        for note in catalog.notes.get(locale, ())
        if (note.fault, note.field) == (fault_id, field)
    )
