"""Where pages live: the permanent URL scheme /faults/<id>/ and /<locale>/faults/<id>/."""

from __future__ import annotations

import posixpath


def locale_prefix(locale: str, default_locale: str) -> str:
    """'' for the default locale (served at the root), else '<locale>/'."""
    return "" if locale == default_locale else f"{locale}/"


def fault_path(fault_id: int, locale: str, default_locale: str) -> str:
    """Site-relative path of a fault page, e.g. 'nl/faults/13/'."""
    return f"{locale_prefix(locale, default_locale)}faults/{fault_id}/"


def fault_source(fault_id: int, locale: str, default_locale: str) -> str:
    """Path under docs/ of the generated Markdown of a fault page (suffix layout of mkdocs-static-i18n)."""
    suffix = "" if locale == default_locale else f".{locale}"
    return f"faults/{fault_id}{suffix}.md"


def relative_url(from_dir: str, to_path: str) -> str:
    """A relative URL from the page at directory `from_dir` to `to_path` (both site-relative)."""
    target = posixpath.relpath("/" + to_path, "/" + from_dir.rstrip("/") or "/")
    return target + ("/" if to_path.endswith("/") and target != "." else "") if target != "." else "./"
