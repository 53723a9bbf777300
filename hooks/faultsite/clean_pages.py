"""Under `mkdocs serve`: the pages the page check found clean, so a rebuild reads only the pages an edit changed."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import page_check
from .page_check import InlineCode

ScanKey = tuple[str, frozenset[str], str]  # (SHA-256 of the page's bytes, allowed hosts, site URL)


@dataclass
class CleanPages:
    """Pages `scan_page` found clean, by their bytes and the settings they were read with, and what they run inline:
    a page read again with the same bytes and settings has the same answer. `new` holds what this process added
    since `take_new`."""

    known: dict[ScanKey, InlineCode] = field(default_factory=dict)
    new: dict[ScanKey, InlineCode] = field(default_factory=dict)

    def scan(self, html: str, sha256: str, allowed_hosts: set[str], site_url: str) -> tuple[list[str], InlineCode]:
        """scan_page(html, allowed_hosts, site_url), whose page's bytes have the SHA-256 `sha256`."""
        key = (sha256, frozenset(allowed_hosts), site_url)
        if key in self.known:
            self.known[key] = self.known.pop(key)  # the newest last: `trim` drops the oldest first
            return [], _copy(self.known[key])
        found, inline = page_check.scan_page(html, allowed_hosts, site_url)
        if not found:
            self.known[key] = self.new[key] = _copy(inline)
        return found, inline

    def take_new(self) -> dict[ScanKey, InlineCode]:
        new, self.new = self.new, {}
        return new

    def trim(self, limit: int) -> None:
        """Keep at most `limit` pages, the most recently read or found (a long `serve` session sees many versions)."""
        for key in list(self.known)[: max(0, len(self.known) - limit)]:
            del self.known[key]


def _copy(inline: InlineCode) -> InlineCode:
    return InlineCode(set(inline.scripts), set(inline.styles), set(inline.style_attributes), dict(inline.pages))
