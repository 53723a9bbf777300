"""Where pages live: the permanent URL scheme /faults/<id>/ and /<locale>/faults/<id>/."""

from __future__ import annotations

import posixpath
from functools import lru_cache
from typing import Any

FAULTS = "faults"  # the folder of the fault pages in every locale: /faults/<id>/, /<locale>/faults/<id>/
NOT_FOUND = "404.html"  # each locale's page-not-found page, in the locale's folder


def locale_prefix(locale: str, default_locale: str) -> str:
    """'' for the default locale (served at the root), else '<locale>/'."""
    return "" if locale == default_locale else f"{locale}/"


def fault_page(fault_id: int | str) -> str:
    """A fault page's path inside its locale, e.g. 'faults/13/' (a string ID: a template, e.g. 'faults/{id}/', which
    the scripts and the 404 page receive instead of writing the scheme themselves)."""
    return f"{FAULTS}/{fault_id}/"


def fault_path(fault_id: int | str, locale: str, default_locale: str) -> str:
    """Site-relative path of a fault page, e.g. 'nl/faults/13/' (a string ID: a template, e.g. 'nl/faults/$1/')."""
    return f"{locale_prefix(locale, default_locale)}{fault_page(fault_id)}"


def fault_source(fault_id: int, locale: str, default_locale: str) -> str:
    """Path under docs/ of the generated Markdown of a fault page (suffix layout of mkdocs-static-i18n)."""
    suffix = "" if locale == default_locale else f".{locale}"
    return f"{FAULTS}/{fault_id}{suffix}.md"


@lru_cache(maxsize=1 << 17)  # every fault page's sidebar asks for its neighbours' (a serve reload, again)
def relative_url(from_dir: str, to_path: str) -> str:
    """A relative URL from the page at directory `from_dir` to `to_path` (both site-relative)."""
    target = posixpath.relpath("/" + to_path, "/" + from_dir.rstrip("/") or "/")
    return target + ("/" if to_path.endswith("/") and target != "." else "") if target != "." else "./"


def head_links(
    *, path: str, locale: str, default_locale: str, locales: tuple[str, ...], own_content: set[str], site_url: str
) -> dict[str, Any]:
    """Canonical URL, hreflang alternates (absolute, with x-default) and robots rule for one page.

    `path` is the page's path inside its locale ('' for home, 'faults/13/'); `own_content` the locales whose
    version of the page is really in their language. A fallback page points search engines at the English one.
    """

    def absolute(loc: str) -> str:
        return site_url + locale_prefix(loc, default_locale) + path

    alternates = [(loc, absolute(loc)) for loc in locales if loc in own_content]
    alternates.append(("x-default", absolute(default_locale)))
    is_own = locale in own_content
    return {
        "canonical": absolute(locale if is_own else default_locale),
        "alternates": alternates,
        "robots": None if is_own else "noindex, follow",
    }
