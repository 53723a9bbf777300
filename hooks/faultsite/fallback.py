"""The fallback rule and translation status: which text a page shows (the locale's, or English where it is missing),
whether a translation is translated, outdated or missing (a fault: also partly translated), and which versions the
shown text names."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Literal

from .markdown_text import versions_named
from .model import TEXT_FIELDS, Catalog, Fault, Versions

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


# A fault's state on the status page: every text translated and current, some outdated, some shown in English
# while others are translated ("partial"), or none translated.
FaultState = Literal["translated", "outdated", "partial", "missing"]
FAULT_STATES: tuple[FaultState, ...] = ("translated", "outdated", "partial", "missing")


def fault_state(fields: dict[str, State]) -> FaultState:
    """The state of a fault from the states of its texts: partly translated is told apart from missing."""
    states = set(fields.values())
    if states == {"missing"}:
        return "missing"
    if "missing" in states:
        return "partial"
    return "outdated" if "outdated" in states else "translated"


# A version a page names that faults.yaml does not classify: Mac Connector versions are 1.x, macOS versions 10 and
# later (tests/test_render.py holds this rule to every classification in faults.yaml).
_MACOS_FROM = 10


def shown_versions(fault: Fault, texts: list[str]) -> Versions:
    """The versions a fault page names in the text it shows (in whatever language each field is shown), classified
    as faults.yaml classifies the English ones; a version only a translation names is classified by its number."""
    named = versions_named("\n".join(texts))
    listed = (*fault.versions.connector, *fault.versions.macos)
    whole = {
        v for v in listed if "." not in v and re.search(rf"(?<![0-9.]){re.escape(v)}(?![0-9]|\.\d)", " ".join(texts))
    }
    found = named | whole
    extra = found - set(listed)
    connector = [v for v in fault.versions.connector if v in found] + [v for v in extra if _major(v) < _MACOS_FROM]
    macos = [v for v in fault.versions.macos if v in found] + [v for v in extra if _major(v) >= _MACOS_FROM]
    return Versions(connector=tuple(sorted(connector, key=_version_key)), macos=tuple(sorted(macos, key=_version_key)))


def _major(version: str) -> int:
    return int(version.split(".")[0])


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))
