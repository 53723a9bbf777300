"""The names other modules imported from here before the checks were split (issue 23.4), kept importable.

The checks now live in: markdown_settings.py (mkdocs.yml's Markdown settings, rendering), data_html.py (data text as
HTML, the allowlist), probe.py and structure.py (structure where text lands), page_check.py (the whole-page check,
the inline code for the Content-Security-Policy) and clean_pages.py (serve's cache of pages found clean).
"""

from __future__ import annotations

from .page_check import InlineCode, csp_source, inline_code

__all__ = ["InlineCode", "csp_source", "inline_code"]
