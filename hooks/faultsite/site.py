"""What the MkDocs glue calls: load once per change of the data, and the per-locale renderers of markers."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable, Sequence

from .load import load_catalog
from .model import TEXT_FIELDS, Catalog
from .status import field_state, ui_string
from .render import render_home, render_status

_cache: dict[str, Catalog] = {}


def data_fingerprint(data_dir: Path, locales: Sequence[str]) -> str:
    """Changes whenever a data file or the configured locales change."""
    digest = hashlib.sha256("\0".join(locales).encode())
    for path in sorted(data_dir.rglob("*.yaml")):
        digest.update(str(path.relative_to(data_dir)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def cached_catalog(data_dir: Path, locales: Sequence[str], default_locale: str) -> tuple[Catalog, bool]:
    """The validated catalog, and whether it is new since the last call (the i18n plugin builds once per locale)."""
    key = data_fingerprint(data_dir, locales) + default_locale
    if key in _cache:
        return _cache[key], False
    catalog = load_catalog(data_dir, locales=locales, default_locale=default_locale)
    _cache.clear()
    _cache[key] = catalog
    return catalog, True


def marker_renderers(catalog: Catalog, locale: str) -> dict[str, Callable[[], str]]:
    """The markers a hand-written page may contain, rendered for `locale`."""
    return {
        "home": lambda: render_home(catalog, locale),
        "status": lambda: render_status(catalog, locale),
    }


def own_content_locales(catalog: Catalog, path: str) -> set[str]:
    """The locales whose page at `path` (inside the locale) is in their own language."""
    parts = path.strip("/").split("/")
    if len(parts) == 2 and parts[0] == "faults" and parts[1].isdigit() and int(parts[1]) in catalog.fault_ids:
        fault_id = int(parts[1])
        return {loc for loc in catalog.locales
                if not all(field_state(catalog, loc, fault_id, f) == "missing" for f in TEXT_FIELDS)}
    return set(catalog.locales)


def not_found_strings(catalog: Catalog, site_path: str) -> dict:
    """What the single page-not-found page needs to speak every locale."""
    keys = ("not_found_title", "not_found_text", "goto_label", "goto_button", "goto_unknown", "overview", "lang_offer",
            "lang_offer_dismiss")
    return {
        "default": catalog.default_locale,
        "site_path": site_path,
        "fault_ids": list(catalog.fault_ids),
        "strings": {loc: {key: ui_string(catalog, loc, key).text for key in keys} for loc in catalog.locales},
    }
