"""What the last `mkdocs build` made of the same data, kept for the next: the verdict of the structure check (load.py's
stage 8) and every fault page's Markdown (issue 24).

The file names what it was made from: the data's fingerprint (site.data_fingerprint: every file under data/, the
page templates, mkdocs.yml, the locales) and memo.environment() (every installed package's version, every file of
the hooks). It is written only after every stage of the load passed and the pages were rendered, so a file that
matches says: this data, checked by this code, passed, and these are its pages. Other data or other code checks
and renders everything again; a missing, damaged, foreign or other-shaped file is ignored. Like the other caches it
is trusted with what it holds (SECURITY.md, "The build's cache"); the whole-page check still reads every page.

Each locale's pages are a file of their own (data-build/<locale>.json), read by the process that builds that locale
when its first page is read: a locale worker reads its locales' pages, not the whole site's (read before the fork,
every locale's pages were 27 MB of strings at 1,000 faults that each worker inherited and, for the pages it built,
copied). After a data edit, the pages just rendered are read back from the files just written. The main file
names each locale file by its digest; a locale file that is missing or not the one written with it is ignored, and
that locale's pages are rendered again (from the catalog the verdict stands for).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from .memo import environment, strings, write_whole
from .model import Catalog

FILE = "data-build.json"
LOCALE_FILES = "data-build"  # <locale>.json: a JSON list of each fault's Markdown, in `fault_ids` order


@dataclass(frozen=True)
class Kept:
    """The pages of the data the last build checked: locale -> what reads each fault's Markdown, in `fault_ids` order
    (None: that locale's file is missing or is not the one kept with this verdict)."""

    fault_ids: tuple[int, ...]
    pages: Mapping[str, Callable[[], list[str] | None]]

    def fits(self, catalog: Catalog) -> bool:
        """Whether these are pages of `catalog` (a file with the right fingerprint and the wrong pages is damaged)."""
        return self.fault_ids == catalog.fault_ids and set(self.pages) == set(catalog.locales)


def read_kept(cache: Path, fingerprint: str) -> Kept | None:
    """What the last build of the data with `fingerprint` kept in `cache`, if it is there and whole (each locale's
    pages are read when asked for)."""
    try:
        stored = json.loads((cache / FILE).read_text(encoding="utf-8"))
        if stored["environment"] != environment() or stored["fingerprint"] != fingerprint:
            return None
        fault_ids = tuple(stored["fault_ids"])
        if not all(type(fault_id) is int for fault_id in fault_ids):
            return None
        digests = stored["locales"]
        if not isinstance(digests, dict) or not all(isinstance(digest, str) for digest in digests.values()):
            return None
        pages = {
            str(locale): partial(_locale_pages, cache, locale, digest, len(fault_ids))
            for locale, digest in digests.items()
        }
        return Kept(fault_ids, pages)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _locale_pages(cache: Path, locale: str, digest: str, count: int) -> list[str] | None:
    """A locale's kept pages, if its file is the one written with the main file (its digest) and holds `count`."""
    try:
        content = (cache / LOCALE_FILES / f"{locale}.json").read_bytes()
        if hashlib.sha256(content).hexdigest() != digest:
            return None
        pages = strings(json.loads(content))
        return pages if len(pages) == count else None
    except (OSError, ValueError, TypeError):
        return None


def keep(cache: Path, fingerprint: str, fault_ids: tuple[int, ...], pages: dict[str, list[str]]) -> None:
    """Keep `pages` (locale -> each fault's Markdown) for the next build of the data with `fingerprint` (only after it
    passed every check). The locales' files first, then the main file that names them."""
    digests = {}
    for locale, markdown in pages.items():
        content = json.dumps(markdown, ensure_ascii=False)
        digests[locale] = hashlib.sha256(content.encode("utf-8")).hexdigest()
        write_whole(cache / LOCALE_FILES / f"{locale}.json", content)
    stored = {"environment": environment(), "fingerprint": fingerprint, "fault_ids": list(fault_ids)}
    write_whole(cache / FILE, json.dumps(stored | {"locales": digests}))
