"""The generated Markdown page of every fault in every locale, kept in memory (never written under docs/, which
`mkdocs serve` watches: writing there made it build twice per data edit)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from .model import Catalog
from .parallel import fork_map
from .render import render_fault
from .urls import fault_source

GENERATED_DIR = "faults"
Kept = Callable[[], list[str] | None]  # a locale's pages from the cache, or None (kept_build.py)
_MARKER = re.compile(r"<!--\s*faults:([\w-]+)\s*-->")


class LocaleMarkdown:
    """One locale's fault pages' Markdown, in `catalog.fault_ids` order: given, or read from the cache (`kept`, None
    when it has not the pages) or rendered when a page first asks for it. Under serve nothing asks for an alternate
    locale's until that locale's worker builds it or digests its inputs, so the server's process renders the default
    locale's pages only (the others meanwhile, in the workers); under `mkdocs build` each locale's process reads its
    own from the cache likewise."""

    def __init__(self, catalog: Catalog, locale: str, texts: list[str] | Kept | None = None) -> None:
        self._catalog, self._locale = catalog, locale
        self._texts: list[str] | None = None if callable(texts) else texts
        self._kept: Kept | None = texts if callable(texts) else None

    def texts(self) -> list[str]:
        if self._texts is None:
            kept = self._kept() if self._kept is not None else None
            if kept is None:
                kept = [render_fault(self._catalog, fault_id, self._locale) for fault_id in self._catalog.fault_ids]
            self._texts = kept
        return self._texts

    def forget(self) -> None:
        """Give up the texts if they came from the cache (read, or rendered, again if asked for); given ones stay."""
        if self._kept is not None:
            self._texts = None


@dataclass(frozen=True, eq=False)
class FaultPage:
    """A generated page: it carries its fault and locale, so no later step recovers them from a path."""

    fault_id: int
    locale: str
    index: int  # its place in its locale's Markdown
    source: LocaleMarkdown = field(repr=False)

    @property
    def markdown(self) -> str:
        return self.source.texts()[self.index]

    def __eq__(self, other: object) -> bool:  # the same page: the same fault, locale and Markdown
        if not isinstance(other, FaultPage):
            return NotImplemented
        return (self.fault_id, self.locale, self.markdown) == (other.fault_id, other.locale, other.markdown)

    def __hash__(self) -> int:
        return hash((self.fault_id, self.locale))


def fault_pages(catalog: Catalog, processes: int = 1) -> dict[str, FaultPage]:
    """Source path (as if under docs/, with the i18n plugin's locale suffix) -> page, for every fault and locale."""
    return pages_of(catalog, fault_markdown(catalog, processes))


def fault_markdown(catalog: Catalog, processes: int = 1) -> dict[str, list[str]]:
    """locale -> each fault's Markdown, in `catalog.fault_ids` order. The locales' pages are rendered by up to
    `processes` processes (forked; this one among them)."""

    def locale_pages(locale: str) -> list[str]:
        return [render_fault(catalog, fault_id, locale) for fault_id in catalog.fault_ids]

    return dict(zip(catalog.locales, fork_map(locale_pages, list(catalog.locales), processes), strict=True))


def pages_of(catalog: Catalog, markdown: Mapping[str, list[str] | Kept] | None = None) -> dict[str, FaultPage]:
    """Source path -> page, from locale -> each fault's Markdown in `catalog.fault_ids` order (or what reads it from
    the cache); without `markdown`, each locale's is rendered when one of its pages is first read (LocaleMarkdown)."""
    pages = {}
    for locale in catalog.locales:
        source = LocaleMarkdown(catalog, locale, markdown[locale] if markdown is not None else None)
        for index, fault_id in enumerate(catalog.fault_ids):
            pages[fault_source(fault_id, locale, catalog.default_locale)] = FaultPage(fault_id, locale, index, source)
    return pages


def generated_pages(catalog: Catalog) -> dict[str, str]:
    """Source path -> Markdown (for the scale benchmark, which writes them as plain files)."""
    return {source: page.markdown for source, page in fault_pages(catalog).items()}


def expand_markers(markdown: str, renderers: dict[str, Callable[[], str]], where: str) -> str:
    """Replace each <!-- faults:NAME --> with its rendering; an unknown NAME is an error."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in renderers:
            raise ValueError(f"{where}: unknown marker <!-- faults:{name} --> (known: {', '.join(sorted(renderers))})")
        return renderers[name]()

    return _MARKER.sub(replace, markdown)
