"""The fallback rule and translation status: which text a page shows (the locale's, or English where it is missing),
and whether a translation is translated, outdated or missing."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Literal

from .model import TEXT_FIELDS, Catalog

State = Literal["translated", "outdated", "missing"]
STATES: tuple[State, ...] = ("translated", "outdated", "missing")


def text_hash(text: str) -> str:
    """The version of an English text that a translation records: 12 hex digits of its SHA-256."""
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Shown:
    """The text a page shows for one field, the language it is in, and its translation state."""

    text: str
    lang: str
    state: State


def field_state(catalog: Catalog, locale: str, fault_id: int, field: str) -> State:
    """Translated, outdated (English changed since) or missing."""
    if locale == catalog.default_locale:
        return "translated"
    text = catalog.texts[locale].faults.get(fault_id)
    if text is None or text.get(field) is None:
        return "missing"
    english = catalog.texts[catalog.default_locale].faults[fault_id].get(field) or ""
    return "translated" if text.translated_from.get(field) == text_hash(english) else "outdated"


def shown_field(catalog: Catalog, locale: str, fault_id: int, field: str) -> Shown:
    """The locale's text of a field, or the English text where it is missing."""
    state = field_state(catalog, locale, fault_id, field)
    if state == "missing":
        locale = catalog.default_locale
    return Shown(text=catalog.texts[locale].faults[fault_id].get(field) or "", lang=locale, state=state)


def ui_string(catalog: Catalog, locale: str, key: str) -> Shown:
    """An interface string in `locale`, or in English where the locale lacks it."""
    ui = catalog.texts[locale].ui
    if key in ui:
        return Shown(text=ui[key], lang=locale, state="translated")
    return Shown(text=catalog.texts[catalog.default_locale].ui[key], lang=catalog.default_locale, state="missing")


def status_matrix(catalog: Catalog) -> dict[str, dict[int, dict[str, State]]]:
    """locale -> fault -> field -> state, for every configured locale."""
    return {
        locale: {
            fault_id: {field: field_state(catalog, locale, fault_id, field) for field in TEXT_FIELDS}
            for fault_id in catalog.fault_ids
        }
        for locale in catalog.locales
    }


def percent_translated(states: dict[int, dict[str, State]]) -> int:
    """Whole percent of fields that are translated and up to date."""
    cells = [state for fields in states.values() for state in fields.values()]
    return round(100 * sum(state == "translated" for state in cells) / len(cells)) if cells else 100
