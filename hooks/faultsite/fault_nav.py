"""What the sidebar beside a fault page lists (overrides/partials/fault-nav.html reads it from the page's front matter):
the faults around it, not every fault. A window keeps a page the same weight at any number of faults: listing all
1,000 of a large site in every page would make each page about 2.5 times heavier (README, "How the pages look"),
and the overview lists them all."""

from __future__ import annotations

from .fallback import shown_field, ui_string
from .model import Catalog
from .urls import fault_path, locale_prefix, relative_url

# Faults listed on each side of a fault: every fault up to 2 * NEARBY + 1, a window of that many beyond.
NEARBY = 7


def fault_nav(catalog: Catalog, fault_id: int, locale: str) -> dict[str, object]:
    """The faults around `fault_id` by ID and portal text (its language where English stands in), and the overview at
    this fault's row, with URLs relative to the fault's page."""
    ids = list(catalog.fault_ids)
    start = max(0, min(ids.index(fault_id) - NEARBY, len(ids) - 2 * NEARBY - 1))
    page = fault_path(fault_id, locale, catalog.default_locale)
    faults: list[dict[str, object]] = []
    for other in ids[start : start + 2 * NEARBY + 1]:
        text = shown_field(catalog, locale, other, "portal_text")
        url = relative_url(page, fault_path(other, locale, catalog.default_locale))
        faults.append({"id": other, "text": " ".join(text.text.split()), "url": url})
        if text.lang != locale:  # English standing in for a missing translation
            faults[-1]["lang"] = text.lang
    home = relative_url(page, locale_prefix(locale, catalog.default_locale))
    overview = {
        "text": ui_string(catalog, locale, "back_to_overview").text,
        "url": f"{home.rstrip('/')}/#fault-{fault_id}",
    }
    return {"current": fault_id, "faults": faults, "overview": overview}
