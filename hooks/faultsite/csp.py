"""The Content-Security-Policy that every built page satisfies: its inline scripts and styles allowed by hash."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .page_check import InlineCode, inline_code
from .parallel import fork_map


def _read_inline_code(page: Path) -> tuple[InlineCode, list[str]]:
    return inline_code(page.read_text(encoding="utf-8"))


def content_security_policy(site: Path, processes: int = 1, read: InlineCode | None = None) -> str:
    """A policy that every built page satisfies: its inline scripts and styles allowed by hash, nothing else.

    `read`: what the build found while checking each page as it was written (`page_check.scan_page`); a page whose
    bytes are still those is not read again. Every other HTML file of the site is read here."""
    found = InlineCode()
    refused: list[str] = []
    unread = []
    for page in sorted(site.rglob("*.html")):
        path = page.relative_to(site).as_posix()
        if read is not None and read.pages.get(path) == hashlib.sha256(page.read_bytes()).hexdigest():
            continue
        unread.append(page)
    if read is not None:
        found.update(read)
    for page, (page_code, page_refused) in zip(unread, fork_map(_read_inline_code, unread, processes), strict=True):
        found.update(page_code)
        refused += [f"{page.relative_to(site)}: {what}" for what in page_refused]
    if refused:
        raise ValueError(
            "inline event handlers and javascript: URLs are refused by the Content-Security-Policy:\n"
            + "\n".join(refused)
        )
    style_src = sorted(found.styles | found.style_attributes) + (["'unsafe-hashes'"] if found.style_attributes else [])
    return "; ".join(
        [
            "default-src 'self'",
            " ".join(["script-src 'self'", *sorted(found.scripts)]),
            " ".join(["style-src 'self'", *style_src]),
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "worker-src 'self'",
            "manifest-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )
