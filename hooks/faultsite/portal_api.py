"""The portal API: api/faults.json (every fault's text, page URL and translation status per locale, with its JSON
Schema) and api/status.json (the translation status page as data)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .fallback import fault_state, field_state, percent_translated, shown_field, status_matrix
from .model import TEXT_FIELDS, Catalog
from .note_view import noted_fields
from .urls import fault_path

SCHEMA = Path(__file__).parent / "faults.schema.json"


def faults_api(catalog: Catalog, site_url: str) -> dict[str, Any]:
    """The portal's view of every fault: text, page URL and translation status per locale."""
    faults = []
    for fault_id in catalog.fault_ids:
        locales = {}
        for locale in catalog.locales:
            states = {field: field_state(catalog, locale, fault_id, field) for field in TEXT_FIELDS}
            path = fault_path(fault_id, locale, catalog.default_locale)
            locales[locale] = {
                "portal_text": shown_field(catalog, locale, fault_id, "portal_text").text,
                "endpoint_description": shown_field(catalog, locale, fault_id, "endpoint_description").text,
                "text_language": {f: shown_field(catalog, locale, fault_id, f).lang for f in TEXT_FIELDS[:2]},
                "path": "/" + path,
                "url": site_url + path,
                "status": states,
            }
        faults.append({"id": fault_id, "locales": locales})
    return {"default_locale": catalog.default_locale, "locales": list(catalog.locales), "faults": faults}


def status_api(catalog: Catalog) -> dict[str, Any]:
    """The translation status page as data: state per locale, fault and field, each fault's state (partly
    translated told apart from missing), percent per locale, and the fields whose translation carries a reader note
    (where to start improving a translation)."""
    matrix = status_matrix(catalog)
    return {
        "locales": {
            locale: {
                "percent_translated": percent_translated(matrix[locale]),
                "faults": {str(fault_id): fields for fault_id, fields in matrix[locale].items()},
                "fault_states": {str(fault_id): fault_state(fields) for fault_id, fields in matrix[locale].items()},
                "reader_notes": [
                    {
                        "fault": item.fault,
                        "field": item.field,
                        "path": item.path,
                        "notes": [
                            {"paragraph": note.paragraph, "kind": note.kind, "says": note.says} for note in item.notes
                        ],
                    }
                    for item in noted_fields(catalog, locale)
                ],
            }
            for locale in catalog.locales
        }
    }


def write_api(site: Path, catalog: Catalog, site_url: str) -> None:
    """api/faults.json with its JSON Schema, and api/status.json."""
    folder = site / "api"
    folder.mkdir(exist_ok=True)
    for name, data in (("faults.json", faults_api(catalog, site_url)), ("status.json", status_api(catalog))):
        text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
        (folder / name).write_text(text + "\n", encoding="utf-8")
    (folder / "faults.schema.json").write_text(SCHEMA.read_text(encoding="utf-8"), encoding="utf-8")
