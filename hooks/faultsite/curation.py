"""The curation records (data/curation/<locale>.yaml): known gaps and known differences, checked against the data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from .fallback import field_state
from .markdown_text import fault_references, list_item_count, log_paths, versions_named
from .model import TEXT_FIELDS, UI_KEYS, Catalog
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


@dataclass(frozen=True)
class Curation:
    gaps: dict[Gap, str]  # -> reason
    differences: dict[Difference, str]
    corrections: dict[str, list[dict[str, Any]]]
    alignment: dict[tuple[str, int], str]  # (locale, fault) -> why its blocks do not match the English
    doubts: dict[str, list[dict[str, Any]]]


def load_curation(data_dir: Path, catalog: Catalog) -> Curation:
    """Read every locale's curation record; raise DataError naming every malformed entry."""
    problems: list[Problem] = []
    gaps: dict[Gap, str] = {}
    differences: dict[Difference, str] = {}
    corrections: dict[str, list[dict[str, Any]]] = {}
    alignment: dict[tuple[str, int], str] = {}
    doubts: dict[str, list[dict[str, Any]]] = {}
    for locale in catalog.locales:
        label = f"{CURATION_DIR}/{locale}.yaml"
        doc, found = read_yaml(data_dir / CURATION_DIR / f"{locale}.yaml", label)
        problems += found
        if doc is None:
            continue
        data = doc.data if isinstance(doc.data, dict) else {}
        for section, keys in _SECTIONS.items():
            entries = data.get(section) or []
            for index, entry in enumerate(entries):
                problem = partial(Problem, file=label, line=doc.line(section, index), locale=locale)
                if not isinstance(entry, dict) or set(entry) != set(keys):
                    problems.append(problem(message=f"{section} entry needs exactly the keys {', '.join(keys)}"))
                    continue
                fault = entry["fault"]
                if fault not in (*catalog.fault_ids, "ui", "all"):
                    problems.append(problem(fault=fault, message=f"unknown fault {fault!r}"))
                elif section == "gaps":
                    for field in _gap_fields(entry["field"]):
                        gaps[Gap(locale, fault, field)] = entry["reason"]
                elif section == "differences":
                    if entry["kind"] not in KINDS:
                        problems.append(problem(fault=fault, message=f"kind must be one of {', '.join(KINDS)}"))
                    differences[
                        Difference(locale, fault, entry["kind"], _tuple(entry["english"]), _tuple(entry["translation"]))
                    ] = entry["reason"]
                elif section == "alignment":
                    alignment[(locale, fault)] = entry["why"]
            corrections[locale] = list(data.get("corrections") or [])
            doubts[locale] = list(data.get("doubts") or [])
    if problems:
        raise DataError(problems)
    return Curation(gaps=gaps, differences=differences, corrections=corrections, alignment=alignment, doubts=doubts)


def actual_gaps(catalog: Catalog) -> set[Gap]:
    """Every field and interface string a locale lacks."""
    gaps = set()
    for locale in catalog.locales:
        if locale == catalog.default_locale:
            continue
        for fault_id in catalog.fault_ids:
            for field in TEXT_FIELDS:
                if field_state(catalog, locale, fault_id, field) == "missing":
                    gaps.add(Gap(locale, fault_id, field))
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


def _gap_fields(field: str) -> tuple[str, ...]:
    return TEXT_FIELDS if field == "all" else (field,)


def _tuple(value: Any) -> tuple[Any, ...]:
    return tuple(value) if isinstance(value, list) else (value,)
