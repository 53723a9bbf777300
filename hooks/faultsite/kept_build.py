"""What the last `mkdocs build` made of the same data, kept for the next: the verdict of the structure check (load.py's
stage 8) and every fault page's Markdown (issue 24).

The file names what it was made from: the data's fingerprint (site.data_fingerprint: every file under data/, the
page templates, mkdocs.yml, the locales) and memo.environment() (every installed package's version, every file of
the hooks). It is written only after every stage of the load passed and the pages were rendered, so a file that
matches says: this data, checked by this code, passed, and these are its pages. Other data or other code checks
and renders everything again; a missing, damaged, foreign or other-shaped file is ignored. Like the other caches it
is trusted with what it holds (SECURITY.md, "The build's cache"); the whole-page check still reads every page.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .memo import environment, strings, write_whole
from .model import Catalog

FILE = "data-build.json"


@dataclass(frozen=True)
class Kept:
    """The pages of the data the last build checked: locale -> each fault's Markdown, in `fault_ids` order."""

    fault_ids: tuple[int, ...]
    pages: dict[str, list[str]]

    def fits(self, catalog: Catalog) -> bool:
        """Whether these are pages of `catalog` (a file with the right fingerprint and the wrong pages is damaged)."""
        return self.fault_ids == catalog.fault_ids and set(self.pages) == set(catalog.locales)


def read_kept(cache: Path, fingerprint: str) -> Kept | None:
    """What the last build of the data with `fingerprint` kept in `cache`, if it is there and whole."""
    try:
        stored = json.loads((cache / FILE).read_text(encoding="utf-8"))
        if stored["environment"] != environment() or stored["fingerprint"] != fingerprint:
            return None
        fault_ids = tuple(stored["fault_ids"])
        if not all(type(fault_id) is int for fault_id in fault_ids):
            return None
        pages = {str(locale): strings(markdown) for locale, markdown in stored["pages"].items()}
        if any(len(markdown) != len(fault_ids) for markdown in pages.values()):
            return None
        return Kept(fault_ids, pages)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def keep(cache: Path, fingerprint: str, kept: Kept) -> None:
    """Keep `kept` for the next build of the data with `fingerprint` (only after it passed every check)."""
    stored = {"environment": environment(), "fingerprint": fingerprint, "fault_ids": list(kept.fault_ids)}
    write_whole(cache / FILE, json.dumps(stored | {"pages": kept.pages}, ensure_ascii=False))
