"""Safety by construction: data Markdown is rendered with the site's own extensions and the HTML checked.

The source patterns of markdown_text give friendly early messages; this module is what safety rests on. It
parses the HTML that Python-Markdown actually produces and allows only known elements, attributes and link
targets, so a form no pattern foresaw (`<svg/onload>`, `{: onclick }`, `javascript:` in parentheses) is refused.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown  # type: ignore[import-untyped]  # Python-Markdown ships no stubs; MkDocs renders with it
import yaml

from .markdown_text import url_problem

# What data Markdown may become. Headings get ids from toc; admonitions and md_in_html produce div/p classes.
_TAGS = {
    "p",
    "em",
    "strong",
    "code",
    "pre",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "br",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "div",
    "span",
}
_ATTRIBUTES = {
    "a": {"href"},
    "h1": {"id"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "div": {"class"},
    "p": {"class"},
    "th": {"style"},
    "td": {"style"},
    "ol": {"start"},
}
_VALUES = {
    "id": re.compile(r"^[\w-]{1,100}$"),
    "class": re.compile(r"^(admonition( [a-z]+){0,3}|admonition-title)$"),
    "style": re.compile(r"^text-align: (left|right|center);$"),
    "start": re.compile(r"^\d{1,4}$"),
}
_LOCAL = re.compile(r"^(\d{1,4})\.md$")  # a [words][fault-<id>] reference, as render_fault defines it
# Python-Markdown recurses per nesting level and backtracks on nested brackets: bound both before rendering.
_MAX_NESTING = 12
_MARKER = re.compile(r">|[*+-](?=\s)|\d{1,9}[.)](?=\s)")
_CONTAINERS = re.compile(r"^(?:[ \t]*(?:>|[*+-](?=\s)|\d{1,9}[.)](?=\s)))+")


def markdown_extensions(mkdocs_yml: Path) -> tuple[list[str], dict[str, Any]]:
    """The `markdown_extensions` of mkdocs.yml, as Python-Markdown takes them (one source for the settings)."""
    config = yaml.load(mkdocs_yml.read_text(encoding="utf-8"), Loader=_IgnoreTags)
    names: list[str] = []
    options: dict[str, Any] = {}
    for entry in config.get("markdown_extensions") or []:
        name, settings = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        names.append(name)
        if settings:
            options[name] = settings
    return names, options


class _IgnoreTags(yaml.SafeLoader):
    """mkdocs.yml may hold `!!python/name` and `!ENV` tags; they are not needed here."""


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)


_LABEL = re.compile(r"\[([^\[\]]*)\]")  # what a text may cite as [label]: bracketed, no bracket inside


@lru_cache(maxsize=8)
def _renderer(names: tuple[str, ...], options: str) -> markdown.Markdown:
    return markdown.Markdown(extensions=list(names), extension_configs=json.loads(options))


def render_html(text: str, *, extensions: tuple[list[str], dict[str, Any]], definitions: dict[str, str]) -> str:
    """`text` as HTML, rendered with the site's settings and the reference definitions the page will have."""
    names, options = extensions
    md = _renderer(tuple(names), json.dumps(options, sort_keys=True))
    md.reset()
    # Only the definitions the text may use: each one costs a parse, and a page defines just those it cites. The
    # labels in brackets are found once (a site of N faults has N definitions: no search per definition).
    labels = sorted(set(_LABEL.findall(text.lower())))
    refs = "".join(f"\n[{ref}]: {definitions[ref]}" for ref in labels if ref in definitions)
    html: str = md.convert(text + "\n" + refs)
    return html


def render_setting(extensions: tuple[list[str], dict[str, Any]], allowed_hosts: set[str]) -> str:
    """Everything besides the text and its cited definitions that rendered_problems depends on, as one string."""
    names, options = extensions
    return json.dumps([names, options, sorted(allowed_hosts)], sort_keys=True)


def rendered_problems(text: str, *, inline: bool, setting: str, definitions: dict[str, str]) -> list[str]:
    """What is wrong with the HTML `text` becomes in each place the templates put it (safety rests here).

    `setting`: render_setting(). The answer depends only on the text, the place, the definitions it cites and the
    setting, so it is kept for the process: a rebuild under `mkdocs serve`, or a test that loads the data again,
    renders only the texts that changed."""
    too_deep = nesting_problem(text)
    if too_deep:
        return [too_deep]
    placed = tuple(contexts(text, inline=inline))
    labels = {label for place in placed for label in _LABEL.findall(place.lower())}
    cited = tuple(sorted((label, definitions[label]) for label in labels if label in definitions))
    return list(_problems_as_rendered(placed, cited, setting))


@lru_cache(maxsize=32768)
def _problems_as_rendered(placed: tuple[str, ...], cited: tuple[tuple[str, str], ...], setting: str) -> tuple[str, ...]:
    names, options, hosts = json.loads(setting)
    found: list[str] = []
    for place in placed:
        try:
            html = render_html(place, extensions=(names, options), definitions=dict(cited))
        except Exception as error:
            found.append(f"the site's Markdown fails on this text ({type(error).__name__}: {error}); rewrite it")
            continue
        found += html_problems(html, set(hosts))
    return tuple(dict.fromkeys(found))


def contexts(text: str, *, inline: bool) -> list[str]:
    """`text` as the templates place it: a block of its own, or one line in a heading, a table cell and a list item.

    attr_list reads `{: ... }` at the end of a heading or table cell but not of a paragraph: each place is rendered.
    """
    if not inline:
        return [text]
    line = " ".join(text.split())
    cell = line.replace("|", "\\|")
    return [line, f"# {line}", f"| x |\n| --- |\n| {cell} |", f"- [x {line}](1.md)"]


def nesting_problem(text: str) -> str | None:
    """Why `text` is too deeply nested to render in bounded time, or None."""
    depth = deepest = 0
    for char in text:
        depth += char == "["
        depth -= char == "]" and depth > 0
        deepest = max(deepest, depth)
    if deepest > _MAX_NESTING:
        return f"brackets nested {deepest} deep (at most {_MAX_NESTING})"
    for line in text.splitlines():
        containers = _CONTAINERS.match(line)
        if containers and len(_MARKER.findall(containers.group(0))) > _MAX_NESTING:
            return f"lists or quotes nested more than {_MAX_NESTING} deep"
        if len(line) - len(line.lstrip(" \t")) > 4 * _MAX_NESTING:
            return f"indented more than {4 * _MAX_NESTING} spaces (nested too deep)"
    return None


def html_problems(html: str, allowed_hosts: set[str]) -> list[str]:
    """Every element, attribute or link target in `html` that is not on the allowlist."""
    checker = _Allowlist(allowed_hosts)
    checker.feed(html)
    checker.close()
    return list(dict.fromkeys(checker.problems))


class _Allowlist(HTMLParser):
    def __init__(self, allowed_hosts: set[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.hosts = allowed_hosts
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _TAGS:
            self.problems.append(f"renders as a <{tag}> element, which data may not contain")
            return
        for name, value in attrs:
            self.attribute(tag, name, value or "")

    def attribute(self, tag: str, name: str, value: str) -> None:
        if name not in _ATTRIBUTES.get(tag, set()):
            self.problems.append(f"renders with a {name!r} attribute on <{tag}>, which data may not set")
        elif name == "href":
            problem = None if _LOCAL.match(value) else url_problem(value, self.hosts)
            if problem:
                self.problems.append(f"renders a {problem}")
        elif not _VALUES[name].match(value):
            self.problems.append(f"renders with {name}={value[:40]!r} on <{tag}>, which data may not set")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_comment(self, data: str) -> None:
        self.problems.append("renders an HTML comment")

    def handle_decl(self, decl: str) -> None:
        self.problems.append(f"renders an HTML declaration <!{decl[:30]}>")

    def handle_pi(self, data: str) -> None:
        self.problems.append("renders an HTML processing instruction")

    def unknown_decl(self, data: str) -> None:
        self.problems.append("renders an unknown HTML declaration")


# The last check, on each published page whole (theme markup included): nothing may run or leave the site.
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcset", "background"}
_NEVER = {"iframe", "object", "embed", "base", "frame", "frameset", "applet", "portal"}


# Script types a browser runs (a <script type="application/json"> is data, not code).
_EXECUTABLE_TYPES = {
    "",
    "module",
    "text/javascript",
    "application/javascript",
    "application/ecmascript",
    "text/ecmascript",
}


def csp_source(text: str) -> str:
    """The Content-Security-Policy source that allows `text` inline: its SHA-256, base64."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


@dataclass
class InlineCode:
    """What pages run or style inline, as CSP hash sources, and which pages were read for it (site path -> SHA-256
    of the bytes read), so the policy step reads again only what changed since or was never read."""

    scripts: set[str] = field(default_factory=set)
    styles: set[str] = field(default_factory=set)
    style_attributes: set[str] = field(default_factory=set)
    pages: dict[str, str] = field(default_factory=dict)

    def update(self, other: InlineCode) -> None:
        self.scripts |= other.scripts
        self.styles |= other.styles
        self.style_attributes |= other.style_attributes
        self.pages.update(other.pages)


class _InlineScan(HTMLParser):
    """Collects what a Content-Security-Policy must allow inline."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inline = InlineCode()
        self._text: list[str] | None = None  # the text of the inline script or style being read
        self._kind: set[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if "style" in attributes:
            self.inline.style_attributes.add(csp_source(attributes["style"]))
        self._end_inline()
        if tag == "script" and "src" not in attributes:
            if attributes.get("type", "").strip().lower() in _EXECUTABLE_TYPES:
                self._text, self._kind = [], self.inline.scripts
        elif tag == "style":
            self._text, self._kind = [], self.inline.styles

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._end_inline()

    def close(self) -> None:
        super().close()
        self._end_inline()

    def _end_inline(self) -> None:
        if self._text is not None and self._kind is not None:
            self._kind.add(csp_source("".join(self._text)))
        self._text = self._kind = None


class _PolicyScan(_InlineScan):
    """The inline code, and what no policy can allow (`refused`): for HTML files the page check did not read."""

    def __init__(self) -> None:
        super().__init__()
        self.refused: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        super().handle_starttag(tag, attrs)
        attributes = {name: value or "" for name, value in attrs}
        self.refused += [f"<{tag} {name}=...>" for name in attributes if name.startswith("on")]
        self.refused += [
            f"<{tag} {name}=javascript:...>"
            for name in ("href", "src", "action", "formaction")
            if attributes.get(name, "").strip().lower().startswith("javascript:")
        ]


def inline_code(html: str) -> tuple[InlineCode, list[str]]:
    """The inline code of a page, and what in it no policy can allow."""
    scan = _PolicyScan()
    scan.feed(html)
    scan.close()
    return scan.inline, scan.refused


def page_problems(html: str, allowed_hosts: set[str], site_url: str = "") -> list[str]:
    """What in a finished page could run code or leave the site: handlers, script URLs, off-site targets.

    Absolute links into the site itself (`site_url`, e.g. hreflang alternates; http under `mkdocs serve`) stay."""
    return scan_page(html, allowed_hosts, site_url)[0]


def scan_page(html: str, allowed_hosts: set[str], site_url: str = "") -> tuple[list[str], InlineCode]:
    """page_problems, and the page's inline code for the Content-Security-Policy, in one reading."""
    checker = _PageCheck(allowed_hosts, site_url)
    checker.feed(html)
    checker.close()
    return list(dict.fromkeys(checker.problems)), checker.inline


ScanKey = tuple[str, frozenset[str], str]  # (SHA-256 of the page's bytes, allowed hosts, site URL)


@dataclass
class CleanPages:
    """Pages `scan_page` found clean, by their bytes and the settings they were read with, and what they run inline:
    a page read again with the same bytes and settings has the same answer (under `mkdocs serve`, a rebuild reads
    only the pages an edit changed). `new` holds what this process added since `take_new`."""

    known: dict[ScanKey, InlineCode] = field(default_factory=dict)
    new: dict[ScanKey, InlineCode] = field(default_factory=dict)

    def scan(self, html: str, sha256: str, allowed_hosts: set[str], site_url: str) -> tuple[list[str], InlineCode]:
        """scan_page(html, allowed_hosts, site_url), whose page's bytes have the SHA-256 `sha256`."""
        key = (sha256, frozenset(allowed_hosts), site_url)
        if key in self.known:
            self.known[key] = self.known.pop(key)  # the newest last: `trim` drops the oldest first
            return [], _copy(self.known[key])
        found, inline = scan_page(html, allowed_hosts, site_url)
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


class _PageCheck(_InlineScan):
    def __init__(self, allowed_hosts: set[str], site_url: str) -> None:
        super().__init__()
        self.hosts = allowed_hosts
        self.site_url = site_url
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        super().handle_starttag(tag, attrs)
        if (
            tag in _NEVER
            or tag == "meta"
            and any(n == "http-equiv" and (v or "").lower() == "refresh" for n, v in attrs)
        ):
            self.problems.append(f"a <{tag}> element")
        for name, value in attrs:
            if name.startswith("on") or name == "srcdoc":
                self.problems.append(f"<{tag} {name}=...>: an event handler or inline document")
            elif (
                name in _URL_ATTRIBUTES
                and value
                and not self.same_site(value)
                and not (self.site_url and value.startswith(self.site_url))
            ):
                problem = url_problem(value.strip(), self.hosts)
                if problem:
                    self.problems.append(f"<{tag} {name}>: {problem}")

    @staticmethod
    def same_site(url: str) -> bool:
        """A relative URL (no scheme, no host) stays on the site; browsers ignore tabs and newlines in it."""
        cleaned = re.sub(r"[\x00-\x20]", "", url)
        return not re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*:|[/\\]{2})", cleaned)
