"""The curation records (data/curation/<locale>.yaml): known gaps and known differences, checked against the data.

The build reads them (load.py, stage 7) and refuses a record that is malformed or no longer true: an entry of an
unknown fault or kind, without its reason, a gap that is translated now, a difference no longer found, an
`alignment:` entry whose fault aligns. Whether every gap and difference is on record (review completeness) is
for the tests (tests/test_translations.py): a new gap is shown in English, visibly, and does not stop a build.
The `notes:` section is read by notes.py; its entries are not looked at here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from .fallback import field_state
from .markdown_text import fault_references, list_item_count, log_paths, versions_named
from .model import TEXT_FIELDS, UI_KEYS, Catalog
from .notes import misaligned
from .problems import DataError, Problem
from .yamlfile import read_yaml

CURATION_DIR = "curation"
KINDS = ("logs", "versions", "faults", "list_items")
_SECTIONS = {
    "corrections": ("fault", "field", "seed", "data", "why"),
    "gaps": ("fault", "field", "reason"),
    "differences": ("fault", "kind", "english", "translation", "reason"),
    "doubts": ("fault", "field", "seed", "why"),
    "alignment": ("fault", "why"),  # a resolution that does not render the English block by block (notes.py)
}
_REASONS = {"corrections": ("seed", "data", "why"), "gaps": ("reason",), "differences": ("reason",)}
_REASONS |= {"doubts": ("seed", "why"), "alignment": ("why",)}


@dataclass(frozen=True)
class Gap:
    locale: str
    fault: int | str  # a fault id, or "ui"
    field: str


@dataclass(frozen=True)
class Difference:
    locale: str
    fault: int
    kind: str
    english: tuple[Any, ...]
    translation: tuple[Any, ...]


@dataclass
class Curation:
    gaps: dict[Gap, str] = field(default_factory=dict)  # -> reason
    differences: dict[Difference, str] = field(default_factory=dict)
    corrections: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    alignment: dict[tuple[str, int], str] = field(default_factory=dict)  # (locale, fault) -> why blocks differ
    doubts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    lines: dict[object, tuple[str, int | None]] = field(default_factory=dict)  # gap, difference... -> file, line


def load_curation(data_dir: Path, catalog: Catalog) -> Curation:
    """Every locale's curation record; raise DataError naming every malformed or stale entry."""
    curation, problems = read_curation(data_dir, catalog)
    if problems:
        raise DataError(problems)
    return curation


def read_curation(data_dir: Path, catalog: Catalog) -> tuple[Curation, list[Problem]]:
    """Every locale's curation record (a locale without one has none), and every problem with the records."""
    curation, problems = Curation(), []
    gaps, differences = actual_gaps(catalog), actual_differences(catalog)
    for locale in catalog.locales:
        label = f"{CURATION_DIR}/{locale}.yaml"
        if not (data_dir / CURATION_DIR / f"{locale}.yaml").is_file():
            continue
        doc, found = read_yaml(data_dir / CURATION_DIR / f"{locale}.yaml", label)
        problems += [Problem(**{**p.__dict__, "locale": locale}) for p in found]
        data = doc.data if doc is not None else None
        if doc is None or data is None:
            continue
        if not isinstance(data, dict):
            problems.append(Problem(file=label, line=1, locale=locale, message="expected a mapping of sections"))
            continue
        for key in data:
            if key not in _SECTIONS and key != "notes":
                message = f"unknown section {key!r} (known: {', '.join([*_SECTIONS, 'notes'])})"
                problems.append(Problem(file=label, line=doc.line(key), locale=locale, message=message))
        curation.corrections[locale] = _entries(data, "corrections")
        curation.doubts[locale] = _entries(data, "doubts")
        for section, keys in _SECTIONS.items():
            entries = data.get(section) or []
            if not isinstance(entries, list):
                message = f"{section} must be a list"
                problems.append(Problem(file=label, line=doc.line(section), locale=locale, message=message))
                continue
            for index, entry in enumerate(entries):
                at = (label, doc.line(section, index))
                problems += _entry(curation, catalog, locale, section, keys, entry, at)
    problems += _stale(curation, catalog, gaps, differences)
    return curation, problems


def _entries(data: dict[str, Any], section: str) -> list[dict[str, Any]]:
    entries = data.get(section) or []
    return [entry for entry in entries if isinstance(entry, dict)] if isinstance(entries, list) else []


def _entry(
    curation: Curation,
    catalog: Catalog,
    locale: str,
    section: str,
    keys: tuple[str, ...],
    entry: Any,
    at: tuple[str, int | None],
) -> list[Problem]:
    """Take one entry, written at `at` (file, line), into `curation`; its problems."""
    problem = partial(Problem, file=at[0], line=at[1], locale=locale)
    if not isinstance(entry, dict) or set(entry) != set(keys):
        return [problem(message=f"{section} entry needs exactly the keys {', '.join(keys)}")]
    fault = entry["fault"]
    if fault not in (*catalog.fault_ids, "ui", "all"):
        return [problem(fault=fault, message=f"unknown fault {fault!r}")]
    short = [
        key for key in _REASONS[section] if not isinstance(entry[key], (str, int, float)) or not str(entry[key]).strip()
    ]
    if short or any(len(str(entry[key]).strip()) < 10 for key in ("reason", "why") if key in keys):
        return [
            problem(fault=fault, message=f"{section} entry needs its {' and '.join(_REASONS[section])} (a sentence)")
        ]
    if section == "gaps":
        fields = TEXT_FIELDS if entry["field"] == "all" else (entry["field"],)
        if not set(fields) <= set(UI_KEYS if fault == "ui" else TEXT_FIELDS):
            return [problem(fault=fault, message=f"unknown field {entry['field']!r} for fault {fault!r}")]
        for name in fields:
            curation.gaps[Gap(locale, fault, name)] = entry["reason"]
            curation.lines[Gap(locale, fault, name)] = at
    elif section == "differences":
        if entry["kind"] not in KINDS:
            return [problem(fault=fault, message=f"kind must be one of {', '.join(KINDS)}")]
        found = Difference(locale, fault, entry["kind"], _tuple(entry["english"]), _tuple(entry["translation"]))
        curation.differences[found], curation.lines[found] = entry["reason"], at
    elif section == "alignment":
        curation.alignment[(locale, fault)], curation.lines[(locale, fault)] = entry["why"], at
    return []


def _stale(curation: Curation, catalog: Catalog, gaps: set[Gap], differences: set[Difference]) -> list[Problem]:
    """A record that is no longer true: a gap translated since, a difference no longer found, a fault that aligns."""
    problems = []

    def stale(key: object, locale: str, fault: int | str, message: str) -> None:
        file, line = curation.lines[key]
        problems.append(Problem(file=file, line=line, locale=locale, fault=fault, message=message))

    for gap in set(curation.gaps) - gaps:
        stale(gap, gap.locale, gap.fault, f"the gap of {gap.field} is stale: it is translated now; remove the entry")
    for diff in set(curation.differences) - differences:
        shown = f"English {list(diff.english)}, translation {list(diff.translation)}"
        stale(diff, diff.locale, diff.fault, f"the difference ({diff.kind}: {shown}) is not found: fix or remove it")
    english = catalog.texts[catalog.default_locale].faults
    for (locale, fault), _why in curation.alignment.items():
        own = catalog.texts[locale].faults.get(fault) if isinstance(fault, int) else None
        if own is not None and own.resolution and not misaligned(english[fault].resolution or "", own.resolution):
            stale((locale, fault), locale, fault, "the alignment entry is stale: the resolution aligns; remove it")
    return problems


def actual_gaps(catalog: Catalog) -> set[Gap]:
    """Every field and interface string a locale lacks."""
    gaps = set()
    for locale in catalog.locales:
        if locale == catalog.default_locale:
            continue
        for fault_id in catalog.fault_ids:
            for name in TEXT_FIELDS:
                if field_state(catalog, locale, fault_id, name) == "missing":
                    gaps.add(Gap(locale, fault_id, name))
        for key in UI_KEYS:
            if key not in catalog.texts[locale].ui:
                gaps.add(Gap(locale, "ui", key))
    return gaps


def actual_differences(catalog: Catalog) -> set[Difference]:
    """Where a translated resolution names other log paths, versions, faults or list items than the English."""
    found = set()
    english = catalog.texts[catalog.default_locale]
    measures: dict[str, Callable[[str], tuple[Any, ...]]] = {
        "logs": lambda text: tuple(sorted(log_paths(text))),
        "versions": lambda text: tuple(sorted(versions_named(text))),
        "faults": lambda text: tuple(sorted(set(fault_references(text)))),
        "list_items": lambda text: (list_item_count(text),),
    }
    for locale, texts in catalog.texts.items():
        for fault_id, text in texts.faults.items():
            if locale == catalog.default_locale or text.resolution is None:
                continue
            source = english.faults[fault_id].resolution or ""
            for kind, measure in measures.items():
                if measure(source) != measure(text.resolution):
                    found.add(Difference(locale, fault_id, kind, measure(source), measure(text.resolution)))
    return found


def _tuple(value: Any) -> tuple[Any, ...]:
    return tuple(value) if isinstance(value, list) else (value,)
