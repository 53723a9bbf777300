"""The site's URL routing as one table of rules: near-miss redirects, each path's page-not-found page, and the
reference interpreter of the table.

The build writes the table from the catalog (`route_table`); nginx's includes are generated from it (nginx.py);
the page-not-found script (overrides/assets/javascripts/not-found.js) reads it from its page and applies it with
the same few lines as `route` below, on static hosts. No other code spells a rule. route_check.py proves at every
build that no rule can send a reader off the site, and that every target is a page the site serves.

A rule is matched against the path of the request as sent (nginx: $request_uri up to its `?`; a browser:
location.pathname), whole and ignoring ASCII case; the first rule that matches decides, and no rule means the
default locale's page-not-found page. Its target (`to`, `$n` standing for capture n) is where the path belongs; a
target equal to the path, or none, means no redirect: the path is served, or gets the page-not-found page of the
rule's locale, which names the fault in capture `fault` when there is one.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .model import Catalog
from .search import SEARCH_DIR
from .urls import FAULTS, NOT_FOUND, fault_path, locale_prefix

_PLACEHOLDER = re.compile(r"\$([1-9])")
# The forms of a page's URL that people and tools write: no slash, index.html, .html.
_PAGE_FORMS = r"(?:/|/index\.html|\.html)?"
_HOME_FORMS = r"(?:/|/index\.html)?"
# After a fault's ID: nothing, or anything that does not start with a digit (a slash, ".html", a bracket, a full
# stop of any script, a space, percent-encoded junk, more segments): the ID ends at its first non-digit.
_AFTER_ID = r"(?:[^0-9][\s\S]*)?"
# nginx reads each parameter of its configuration into a buffer of 4,096 bytes: a rule's regex, with what nginx.py
# puts around it, must fit, so the known IDs are split over as many rules as that takes (two per locale at 1,000).
MAX_MATCH = 3900


@dataclass(frozen=True)
class Rule:
    """One row of the table: what it matches, where that belongs (None: nowhere else), its locale, the fault's group."""

    match: str
    to: str | None
    locale: str
    fault: int = 0


@dataclass(frozen=True)
class LocalePages:
    """A locale's pages that scripts link to: its home (the overview), a fault's page ($1: the ID), its 404 page."""

    home: str
    fault: str
    not_found: str


@dataclass(frozen=True)
class RouteTable:
    """The rules, in order, and what they were made from."""

    site_path: str
    default_locale: str
    fault_ids: tuple[int, ...]
    locales: Mapping[str, LocalePages]
    rules: tuple[Rule, ...]

    def __repr__(self) -> str:  # the rules are long: a failing test names the table, not every rule
        return f"RouteTable(site_path={self.site_path!r}, {len(self.fault_ids)} faults, {len(self.rules)} rules)"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:  # the same in Hypothesis' report of an example
        printer.text(repr(self))

    def as_json(self) -> dict[str, Any]:
        """The table as JSON data, for the page-not-found page (not-found.js) and for tests."""
        return {
            "site_path": self.site_path,
            "default_locale": self.default_locale,
            "fault_ids": list(self.fault_ids),
            "locales": {loc: vars(pages) for loc, pages in self.locales.items()},
            "rules": [vars(rule) for rule in self.rules],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RouteTable:
        """The table as `as_json` wrote it (a published page's copy, read by tests)."""
        return cls(
            site_path=data["site_path"],
            default_locale=data["default_locale"],
            fault_ids=tuple(data["fault_ids"]),
            locales={loc: LocalePages(**pages) for loc, pages in data["locales"].items()},
            rules=tuple(Rule(**rule) for rule in data["rules"]),
        )


@dataclass(frozen=True)
class Route:
    """What the table says of a path: the redirect target (None: none), its locale, the fault ID it names."""

    target: str | None
    locale: str
    fault: str | None = None


@functools.cache
def compiled(match: str) -> re.Pattern[str]:
    """A rule's regex as every interpreter reads it: whole path, ASCII case ignored (JavaScript's "i" without "u")."""
    return re.compile(match, re.IGNORECASE | re.ASCII)


def fill(template: str, found: re.Match[str]) -> str:
    """A target template with each `$n` replaced by what group n of the rule's regex matched."""
    return _PLACEHOLDER.sub(lambda n: found[int(n[1])], template)


def route(table: RouteTable, path: str) -> Route:
    """The reference interpreter: what the table says of `path` (a URL path without query or fragment)."""
    for rule in table.rules:
        found = compiled(rule.match).fullmatch(path)
        if found:
            target = None if rule.to is None else fill(rule.to, found)
            return Route(None if target == path else target, rule.locale, found[rule.fault] if rule.fault else None)
    return Route(None, table.default_locale)


def escape(literal: str) -> str:
    """A literal path part as a regex of the table's subset (its characters are checked by route_check)."""
    return literal.replace(".", r"\.")


def locale_alias(locale: str, locales: Iterable[str]) -> str:
    """The regex of the path segments that name `locale`: any case, `_` for `-`, and a region when its language is
    the only one of its kind (`ja-JP`, `ZH_tw`); only `zh-TW` itself when the site had two Chinese locales."""
    language = locale.lower().split("-")[0]
    if sum(loc.lower().split("-")[0] == language for loc in locales) == 1:
        return escape(language) + "(?:[-_][a-z0-9]{1,8})*"
    return "[-_]".join(escape(part) for part in locale.lower().split("-"))


def docs_pages(sources: Iterable[str], locales: tuple[str, ...], default_locale: str) -> dict[str, tuple[str, ...]]:
    """The page paths of each locale (its home '', 'status/') from the Markdown sources of docs/ (suffix layout:
    status.ja.md is the Japanese status page), as MkDocs publishes them with directory URLs."""
    pages: dict[str, set[str]] = {locale: set() for locale in locales}
    for source in sources:
        stem = source.removesuffix(".md")
        name, _, suffix = stem.rpartition(".")
        locale, stem = (suffix, name) if name and suffix in locales else (default_locale, stem)
        page = stem.removesuffix("index").removesuffix("/")
        pages[locale].add(page + "/" if page else "")
    return {locale: tuple(sorted(found)) for locale, found in pages.items()}


def site_routes(catalog: Catalog, docs_dir: Path, site_path: str) -> RouteTable:
    """The site's table: the catalog's locales and faults, and the hand-written pages of `docs_dir`."""
    docs = [p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md")]
    return route_table(
        locales=catalog.locales,
        default_locale=catalog.default_locale,
        fault_ids=catalog.fault_ids,
        site_path=site_path,
        pages=docs_pages([doc for doc in docs if doc.split("/")[0] != FAULTS], catalog.locales, catalog.default_locale),
    )


def route_table(
    *,
    locales: tuple[str, ...],
    default_locale: str,
    fault_ids: Iterable[int],
    site_path: str,
    pages: Mapping[str, Iterable[str]],
) -> RouteTable:
    """The table of the site: each locale's rules (`_locale_rules`); last, any other path under a locale's name."""
    ids = tuple(sorted(fault_ids))
    root = escape(site_path.removesuffix("/"))
    any_locale = "(?:" + "|".join(locale_alias(loc, locales) for loc in locales) + ")"
    urls = {
        loc: LocalePages(
            home=site_path + locale_prefix(loc, default_locale),
            fault=site_path + fault_path("$1", loc, default_locale),
            not_found=site_path + locale_prefix(loc, default_locale) + NOT_FOUND,
        )
        for loc in locales
    }
    rules: list[Rule] = []
    for loc in locales:
        # The locale's name, possibly after other locales' names (a relative link followed twice: /en/en/, /EN/ja/).
        named = f"(?:/{any_locale})*/{locale_alias(loc, locales)}"
        head = root + (f"(?:{named})?" if loc == default_locale else named)
        rules += _locale_rules(head, urls[loc], ids, tuple(pages.get(loc, ())), loc)
    for loc in locales:
        if loc != default_locale:
            rules.append(Rule(f"{root}/{locale_alias(loc, locales)}(?:/[\\s\\S]*)?", None, loc))
    return RouteTable(site_path, default_locale, ids, urls, tuple(rules))


def _locale_rules(
    head: str, urls: LocalePages, ids: tuple[int, ...], pages: tuple[str, ...], locale: str
) -> list[Rule]:
    """A locale's rules, after `head` (the regex of its name in a path): its known faults; its overview's folders
    (faults/, search/); its pages; unknown faults, named on the page-not-found page."""
    faults = escape(FAULTS.removesuffix("s")) + "s?"  # fault/13 for faults/13
    rules = []
    before, after = f"{head}/{faults}/0*(", f"){_AFTER_ID}"
    for alternation in _alternations(ids, MAX_MATCH - len(before) - len(after)):
        rules.append(Rule(before + alternation + after, urls.fault, locale))
    rules.append(Rule(f"{head}/{faults}{_PAGE_FORMS}", urls.home, locale))
    rules.append(Rule(f"{head}/{escape(SEARCH_DIR)}{_PAGE_FORMS}", urls.home, locale))
    for page in pages:
        forms = f"/{escape(page.removesuffix('/'))}{_PAGE_FORMS}" if page else _HOME_FORMS
        rules.append(Rule(head + forms, urls.home + page, locale))
    rules.append(Rule(f"{head}/{faults}/0*([1-9][0-9]*){_AFTER_ID}", None, locale, fault=1))
    return rules


def _alternations(ids: tuple[int, ...], room: int) -> list[str]:
    """The IDs as regex alternations (`13|14|...`) of at most `room` characters each: as few as fit."""
    groups: list[list[str]] = []
    for number in sorted(map(str, ids), key=lambda n: (-len(n), n)):
        if not groups or sum(len(n) + 1 for n in groups[-1]) + len(number) > room:
            groups.append([])
        groups[-1].append(number)
    return ["|".join(group) for group in groups]


def place_error_page(output: str, template_name: str, site: Path, prefix: str) -> str:
    """Write a locale's page-not-found page into its folder; what is returned MkDocs writes at the site root."""
    if template_name != NOT_FOUND or not prefix:
        return output
    (site / prefix).mkdir(parents=True, exist_ok=True)
    (site / prefix / NOT_FOUND).write_text(output, encoding="utf-8")
    return ""  # MkDocs skips an empty template, so the default locale's 404.html stays at the root
