"""The checks that make the route table safe by construction: no rule can redirect off the site, every interpreter
reads every rule alike, and every target is a page the built site serves.

Why no redirect can leave the site, whatever a reader sends:
- A target is a template made of literal text and `$n` placeholders. The literal text is checked here to be the
  site's path followed by path segments of unreserved characters (A-Z a-z 0-9 . _ ~ -, never starting with a dot):
  no `//`, no `\\`, no `:` (a scheme), no `@` or host, no dot segment, no percent sign, no space.
- A placeholder may only name a capture group whose whole body is an alternation of digit strings (the known fault
  IDs). Only such digits are copied from the request into a target; nothing else of the request ever is.
- So every target is a path-absolute URL: one `/`, then an unreserved character. A browser (and any URL parser
  following WHATWG or RFC 3986) resolves it on the origin of the page that answered; the query and fragment kept
  behind it start with `?` and `#`, which cannot change the origin either.
Why nginx, JavaScript and Python read a rule alike: its regex is limited to a subset on which PCRE, JavaScript
(without the "u" flag) and Python's re (ASCII) agree, checked token by token: literal unreserved characters and
`/`, `\\.`, classes of ASCII letters, digits, `_` and `-` (a negated class only followed by `[\\s\\S]*`, so that
bytes and characters count alike), `[\\s\\S]` for anything, groups `(...)` and `(?:...)`, `|`, and the quantifiers
`* + ? {m} {m,n}` (not lazy). No anchors (each interpreter matches the whole path), no `.`, no escapes such as `\\d`
or `\\s` whose meaning differs, no named groups, lookarounds or back-references, no inline flags.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .routes import _PLACEHOLDER, MAX_MATCH, RouteTable, Rule, compiled, route

_SEGMENT = r"[A-Za-z0-9_~-][A-Za-z0-9._~-]*"
SITE_PATH = re.compile(rf"/(?:{_SEGMENT}/)*")
_TARGET_PART = re.compile(rf"(?:{_SEGMENT}|\$[1-9])")
_TOKEN = re.compile(
    r"""(?P<any>\[\\s\\S\])
      | (?P<cls>\[\^?-?(?:a-z|A-Z|[0-9]-[0-9]|[A-Za-z0-9_])+-?\])
      | (?P<open>\((?:\?:)?)
      | (?P<close>\))
      | (?P<bar>\|)
      | (?P<quant>[*+?]|\{[0-9]{1,3}(?:,[0-9]{1,3})?\})
      | (?P<lit>[A-Za-z0-9/_~-]|\\\.)""",
    re.VERBOSE,
)
_FINITE_DIGITS = re.compile(r"[0-9]+(?:\|[0-9]+)*")  # a group that can hold only these digit strings
_ANY_DIGITS = r"[1-9][0-9]*"  # a group that can hold only digits (a fault ID to name, never copied into a target)
_ATOMS = ("lit", "cls", "ncls", "any", "close")


def _tokens(match: str) -> tuple[list[tuple[str, str, int]], list[str]]:
    """The tokens of `match` (kind, text, position), and a problem if part of it is outside the subset."""
    tokens: list[tuple[str, str, int]] = []
    position = 0
    while position < len(match):
        token = _TOKEN.match(match, position)
        if token is None:
            return tokens, [f"{match[position : position + 12]!r} at {position} is outside the regex subset"]
        kind = token.lastgroup or ""
        tokens.append(("ncls" if kind == "cls" and token.group().startswith("[^") else kind, token.group(), position))
        position = token.end()
    return tokens, []


def regex_problems(match: str) -> tuple[list[str], dict[int, str]]:
    """What in `match` is outside the common subset, and the body of each capture group (by number)."""
    tokens, problems = _tokens(match)
    opened: list[tuple[int, int]] = []  # (where its body starts, its capture number or 0) of each open group
    captures: dict[int, str] = {}
    top_level_bar = False
    for index, (kind, text, position) in enumerate(tokens):
        after = tokens[index + 1] if index + 1 < len(tokens) else ("end", "", len(match))
        if kind == "quant" and (index == 0 or tokens[index - 1][0] not in _ATOMS):  # no lazy *?, no ()*
            problems.append(f"quantifier {text!r} at {position} follows no atom")
        if kind == "ncls" and after[0] != "any":
            problems.append(f"the negated class at {position} is not followed by [\\s\\S]*")
        if kind == "any" and after[1] != "*":
            problems.append(f"[\\s\\S] at {position} is not followed by *")
        if kind == "open":
            number = len(captures) + 1 if text == "(" else 0
            if number:
                captures[number] = ""
                if opened:
                    problems.append(f"capture group {number} is inside another group")
            opened.append((position + len(text), number))
        elif kind == "close":
            if not opened:
                return problems + [f"unbalanced ) at {position}"], captures
            start, number = opened.pop()
            if number:
                captures[number] = match[start:position]
                if after[0] == "quant":
                    problems.append(f"capture group {number} is quantified")
        elif kind == "bar" and not opened:
            top_level_bar = True
    if opened:
        problems.append("unbalanced (")
    if top_level_bar and captures:
        problems.append("a capture group beside a top-level | might not take part in a match")
    return problems, captures


def target_problems(to: str, site_path: str, digit_groups: set[int]) -> list[str]:
    """What makes a target template anything but the site's path followed by safe segments and fault IDs."""
    if not to.startswith(site_path):
        return [f"{to!r} is not under the site path {site_path!r}"]
    problems = []
    for segment in to[len(site_path) :].split("/"):
        parts = _TARGET_PART.findall(segment)
        if "".join(parts) != segment:
            problems.append(f"{to!r}: segment {segment!r} is not unreserved characters and fault IDs")
        problems += [
            f"{to!r}: ${n} is not a group of fault IDs"
            for n in _PLACEHOLDER.findall(segment)
            if int(n) not in digit_groups
        ]
    if "//" in to:
        problems.append(f"{to!r} has an empty segment")
    return problems


def rule_problems(rule: Rule, site_path: str) -> list[str]:
    """Every way `rule` breaks the subset or the target's shape."""
    problems, captures = regex_problems(rule.match)
    if len(rule.match) > MAX_MATCH:
        problems.append(f"{len(rule.match)} characters: nginx reads at most {MAX_MATCH} (routes.MAX_MATCH)")
    finite = {n for n, body in captures.items() if _FINITE_DIGITS.fullmatch(body)}
    if rule.to is not None:
        problems += target_problems(rule.to, site_path, finite)
    if rule.fault and not (rule.fault in finite or captures.get(rule.fault) == _ANY_DIGITS):
        problems.append(f"fault group {rule.fault} is not a group of digits")
    if not problems:
        compiled(rule.match)  # and Python reads it as a regex
    return problems


def targets(rule: Rule) -> list[str]:
    """Every path a rule can redirect to: its target with each ID its group can hold (a checked rule)."""
    if rule.to is None:
        return []
    captures = regex_problems(rule.match)[1]
    placeholders = sorted({int(n) for n in _PLACEHOLDER.findall(rule.to)})
    if not placeholders:
        return [rule.to]
    (number,) = placeholders  # one group of IDs: the tables we write have no more
    return [rule.to.replace(f"${number}", value) for value in captures[number].split("|")]


def check_table(table: RouteTable) -> RouteTable:
    """The table, unless a rule is outside the subset or a target could leave the site's paths: then a ValueError."""
    problems = [] if SITE_PATH.fullmatch(table.site_path) else [f"site path {table.site_path!r} is not safe"]
    for number, rule in enumerate(table.rules, 1):
        problems += [f"rule {number} ({rule.match}): {problem}" for problem in rule_problems(rule, table.site_path)]
    for locale, pages in table.locales.items():
        for page in (pages.home, pages.fault, pages.not_found):
            problems += [f"{locale}: {problem}" for problem in target_problems(page, table.site_path, {1})]
    if problems:
        raise ValueError("the route table is not safe:\n" + "\n".join(problems))
    return table


def _served(site: Path, table: RouteTable, target: str) -> bool:
    relative = target[len(table.site_path) :]
    return (site / relative / "index.html" if relative.endswith("/") or not relative else site / relative).is_file()


def check_served(site: Path, table: RouteTable) -> None:
    """Refuse a site where a target of the table is not served, or a page is served that the table does not know."""
    served = {t for rule in table.rules for t in targets(rule)}
    missing = sorted(t for t in served if not _served(site, table, t))
    pages = {  # os.walk: a third less time than rglob over the 23,000 files of 1,000 faults
        (table.site_path + Path(folder).relative_to(site).as_posix() + "/").replace("/./", "/")
        for folder, _, files in os.walk(site)
        if "index.html" in files
    }
    unknown = sorted(pages - served)
    if missing or unknown:
        raise ValueError(
            "the route table and the site differ:\n"
            + "".join(f"{t}: a redirect target the site does not serve\n" for t in missing)
            + "".join(f"{p}: a page the route table does not know (its near misses would not land)\n" for p in unknown)
        )


def check_top_level(site: Path, table: RouteTable) -> None:
    """Refuse a file or page at the top of the site or of a locale's folder that the table would redirect away (a
    folder `ko-fi/` would be taken for Korean)."""
    homes = {site / pages.home[len(table.site_path) :] for pages in table.locales.values()}
    clashes = [
        path
        for folder in sorted(homes)
        for entry in sorted(folder.iterdir())
        if entry.name != "index.html" and (entry.is_file() or (entry / "index.html").is_file())
        for path in [table.site_path + entry.relative_to(site).as_posix() + ("/" if entry.is_dir() else "")]
        if route(table, path).target is not None
    ]
    if clashes:
        raise ValueError(f"{site}: {', '.join(clashes)} would be redirected by the route table (named like a locale?)")
