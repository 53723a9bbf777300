"""What the MkDocs glue calls: one object per build (loaded once per change of the data), the markers' renderers."""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .fallback import field_state, ui_string
from .kept_build import keep, read_kept
from .load import MKDOCS_YML, load_catalog
from .memo import hash_files
from .model import TEXT_FIELDS, Catalog
from .page_check import InlineCode
from .pages import FaultPage, fault_markdown, pages_of
from .render import TEMPLATES, render_home, render_status
from .urls import fault_page


@dataclass
class Build:
    """What one `mkdocs build` (every locale: the i18n plugin builds once per locale) or one serve rebuild uses."""

    fingerprint: str
    catalog: Catalog
    pages: dict[str, FaultPage]  # generated source path -> page
    site_dir: Path | None = None  # where the site is published when the whole build succeeded
    staging: Path | None = None  # where it is built meanwhile
    inline: InlineCode = field(default_factory=InlineCode)  # what the written pages run inline (for the CSP)

    def forget_markdown(self, locale: str) -> None:
        """Once `locale` is built: its generated pages' Markdown, read again from the cache if asked for."""
        for source in {page.source for page in self.pages.values() if page.locale == locale}:  # one per locale
            source.forget()


def data_fingerprint(data_dir: Path, locales: Sequence[str]) -> str:
    """Changes whenever anything the catalog and the generated pages are made from changes: a file under data/ (any,
    published-urls.txt and the curation records too; one deleted), the page templates, mkdocs.yml (its Markdown
    settings) or the configured locales."""
    digest = hashlib.sha256("\0".join(locales).encode())
    for folder in (data_dir, TEMPLATES):
        hash_files(digest, folder)
    digest.update(MKDOCS_YML.read_bytes())
    return digest.hexdigest()


def code_fingerprint(hooks: Path) -> str:
    """Changes whenever a Python module of the hooks changes (MkDocs loads them once per process)."""
    digest = hashlib.sha256()
    hash_files(digest, hooks, "*.py")
    return digest.hexdigest()


def new_build(
    data_dir: Path,
    locales: Sequence[str],
    default_locale: str,
    previous: Build | None,
    processes: int = 1,
    cache: Path | None = None,
) -> Build:
    """The next build; the catalog and pages of `previous` are reused when the data has not changed since. With a
    `cache` folder (`mkdocs build`), the last build's structure verdict and pages of the same data are reused from
    it, and this build's kept there (kept_build.py); without one (serve), each locale's pages are rendered when first
    read (pages.LocaleMarkdown)."""
    fingerprint = data_fingerprint(data_dir, locales) + default_locale
    if previous is not None and previous.fingerprint == fingerprint:
        return Build(fingerprint, previous.catalog, previous.pages)
    kept = read_kept(cache, fingerprint) if cache is not None else None

    def load(structure: bool) -> Catalog:
        return load_catalog(
            data_dir, locales=locales, default_locale=default_locale, processes=processes, structure=structure
        )

    catalog = load(structure=kept is None)
    if kept is not None and kept.fits(catalog):
        return Build(fingerprint, catalog, pages_of(catalog, kept.pages))
    if kept is not None:  # the right fingerprint, the wrong pages: a damaged file, of which nothing is believed
        catalog = load(structure=True)
    if cache is None:  # each locale's pages rendered when first read: under serve, in the worker of its locale
        return Build(fingerprint, catalog, pages_of(catalog))
    markdown = fault_markdown(catalog, processes)
    keep(cache, fingerprint, catalog.fault_ids, markdown)
    kept = read_kept(cache, fingerprint)  # as kept: each locale's pages read by the process that builds it
    return Build(fingerprint, catalog, pages_of(catalog, kept.pages if kept and kept.fits(catalog) else markdown))


# For a rebuild under serve that copies a locale whose inputs did not change (fault_site.py): what the hooks hand a
# locale's build is digested by the two functions below. Anything of fault_site.py's page events that reads the
# build's data must be named in one of them.


def shared_inputs(catalog: Catalog, pages: dict[str, FaultPage]) -> str:
    """A digest of what the hooks hand every locale's build: the locales, every generated page's source path and the
    locales that have their own text of its fault (the language links), the allowed hosts (the page check)."""
    shared = {
        "locales": [catalog.default_locale, *catalog.locales],
        "pages": sorted(pages),
        "own": {fid: sorted(own_content_locales(catalog, fid)) for fid in (None, *catalog.fault_ids)},
        "hosts": sorted(catalog.allowed_hosts),
    }
    return hashlib.sha256(repr(shared).encode("utf-8")).hexdigest()


def locale_inputs(catalog: Catalog, pages: dict[str, FaultPage], locale: str) -> str:
    """A digest of what the hooks hand one locale's build: its site name, its generated pages' Markdown and its
    markers' renderings."""
    digest = hashlib.sha256(catalog.texts[locale].ui["site_name"].encode("utf-8") + b"\0")
    for name, render in sorted(marker_renderers(catalog, locale).items()):
        digest.update(name.encode("utf-8") + b"\0" + render().encode("utf-8") + b"\0")
    for source, page in sorted(pages.items()):
        if page.locale == locale:
            digest.update(source.encode("utf-8") + b"\0" + page.markdown.encode("utf-8") + b"\0")
    return digest.hexdigest()


def source_date_epoch(root: Path) -> str | None:
    """The time of the last commit, in seconds since 1970, or None outside a git checkout."""
    try:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True, check=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() or None


def marker_renderers(catalog: Catalog, locale: str) -> dict[str, Callable[[], str]]:
    """The markers a hand-written page may contain, rendered for `locale`."""
    return {
        "home": lambda: render_home(catalog, locale),
        "status": lambda: render_status(catalog, locale),
    }


def own_content_locales(catalog: Catalog, fault_id: int | None) -> set[str]:
    """The locales whose version of a page (of fault `fault_id`, or a hand-written one) is in their own language."""
    if fault_id is None:
        return set(catalog.locales)
    return {
        loc
        for loc in catalog.locales
        if not all(field_state(catalog, loc, fault_id, f) == "missing" for f in TEXT_FIELDS)
    }


def not_found_strings(catalog: Catalog, site_path: str) -> dict[str, object]:
    """What the single page-not-found page needs to speak every locale."""
    keys = (
        "not_found_title",
        "not_found_text",
        "goto_label",
        "goto_button",
        "goto_unknown",
        "goto_several",
        "overview",
        "lang_offer",
        "lang_offer_dismiss",
    )
    return {
        "default": catalog.default_locale,
        "site_path": site_path,
        "fault_ids": list(catalog.fault_ids),
        "fault_page": fault_page("{id}"),
        "strings": {loc: {key: ui_string(catalog, loc, key).text for key in keys} for loc in catalog.locales},
    }
