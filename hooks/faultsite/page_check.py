"""The last check, on each finished page whole, on lexbor's HTML5 tree: nothing may run or leave the site.

Two rule sets read the same tree. `scan_page`: a published page (theme markup included) holds no handler, script
URL, frame or off-site target, and what it runs inline is kept for the Content-Security-Policy. `content_problems`:
a page's own content (the HTML MkDocs makes from its Markdown, before the theme wraps it) runs nothing at all, so
every inline script the policy allows comes from our templates (overrides/ and Material's). The same rules written on
Python's html.parser are the reference in tests/reference_page_check.py (tests/test_page_check.py holds the two to
the same answers).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .markdown_text import url_problem

_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcset", "background"}
_NEVER = {"iframe", "object", "embed", "base", "frame", "frameset", "applet", "portal"}
# Script types a browser runs (a <script type="application/json"> is data, not code).
_EXECUTABLE_TYPES = {"", "module", "text/javascript", "application/javascript", "application/ecmascript"}
_EXECUTABLE_TYPES.add("text/ecmascript")
_SCHEME_OR_HOST = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*:|[/\\]{2})")
_URL_NOISE = re.compile(r"[\x00-\x20]")  # browsers ignore tabs and newlines in a URL, and strip the ends
# In a page's own content: no code and no styling beyond what Markdown's tables write.
_CONTENT_NEVER = {"script", "style", "link", "meta", "noscript", "template", "svg", "math"}
_CONTENT_STYLE = re.compile(r"^text-align: (left|right|center);$")


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


def _elements(html: str) -> Iterator[tuple[str, dict[str, str], LexborNode]]:
    """(tag, attributes, node) of every element, a <template>'s content included (html.parser reads it too)."""
    root = LexborHTMLParser(html).root if html else None
    for node in root.traverse(include_text=False) if root is not None else ():
        if not node.is_element_node or node.tag is None:
            continue
        tag = node.tag.lower()
        yield tag, {name.lower(): value or "" for name, value in node.attributes.items()}, node
        if tag == "template":
            inner = node.html or ""
            yield from _elements(inner[inner.find(">") + 1 : inner.rfind("</template>")])


def _inline(tag: str, attributes: dict[str, str], node: LexborNode, inline: InlineCode) -> None:
    """Add what the element runs or styles inline to `inline`."""
    if "style" in attributes:
        inline.style_attributes.add(csp_source(attributes["style"]))
    if tag == "script" and "src" not in attributes:
        if attributes.get("type", "").strip().lower() in _EXECUTABLE_TYPES:
            inline.scripts.add(csp_source(node.text(deep=False)))
    elif tag == "style":
        inline.styles.add(csp_source(node.text(deep=False)))


def _element_problems(tag: str, attributes: dict[str, str], hosts: set[str], site_url: str) -> Iterator[str]:
    if tag in _NEVER or tag == "meta" and attributes.get("http-equiv", "").lower() == "refresh":
        yield f"a <{tag}> element"
    for name, value in attributes.items():
        if name.startswith("on") or name == "srcdoc":
            yield f"<{tag} {name}=...>: an event handler or inline document"
        elif name in _URL_ATTRIBUTES and value and not _same_site(value, site_url):
            problem = url_problem(value.strip(), hosts)
            if problem:
                yield f"<{tag} {name}>: {problem}"


def _same_site(url: str, site_url: str) -> bool:
    """A relative URL (no scheme, no host) stays on the site, as does an absolute one into the site itself."""
    return not _SCHEME_OR_HOST.match(_URL_NOISE.sub("", url)) or bool(site_url and url.startswith(site_url))


def scan_page(html: str, allowed_hosts: set[str], site_url: str = "") -> tuple[list[str], InlineCode]:
    """What in a finished page could run code or leave the site, and its inline code for the CSP, in one reading.

    Absolute links into the site itself (`site_url`, e.g. hreflang alternates; http under `mkdocs serve`) stay."""
    problems: list[str] = []
    inline = InlineCode()
    for tag, attributes, node in _elements(html):
        _inline(tag, attributes, node, inline)
        problems += _element_problems(tag, attributes, allowed_hosts, site_url)
    return list(dict.fromkeys(problems)), inline


def page_problems(html: str, allowed_hosts: set[str], site_url: str = "") -> list[str]:
    """scan_page's problems only."""
    return scan_page(html, allowed_hosts, site_url)[0]


def inline_code(html: str) -> tuple[InlineCode, list[str]]:
    """The inline code of a page, and what in it no policy can allow (handlers, javascript: URLs)."""
    inline = InlineCode()
    refused: list[str] = []
    for tag, attributes, node in _elements(html):
        _inline(tag, attributes, node, inline)
        refused += [f"<{tag} {name}=...>" for name in attributes if name.startswith("on")]
        refused += [
            f"<{tag} {name}=javascript:...>"
            for name in ("href", "src", "action", "formaction")
            if attributes.get(name, "").strip().lower().startswith("javascript:")
        ]
    return inline, refused


def content_problems(html: str, allowed_hosts: set[str]) -> list[str]:
    """What a page's own content may not hold: the page rules, and no script, style, frame or handler at all."""
    problems: list[str] = []
    for tag, attributes, _node in _elements(html):
        if tag in _CONTENT_NEVER:
            problems.append(f"a <{tag}> element (only the site's templates run or style anything)")
        if "style" in attributes and not _CONTENT_STYLE.match(attributes["style"]):
            problems.append(f"<{tag} style={attributes['style'][:40]!r}> (only a table's text-align)")
        if any(re.match(r"^\s*(javascript|vbscript|data):", value, re.I) for value in attributes.values()):
            problems.append(f"<{tag}> with a javascript:, vbscript: or data: URL")
        problems += _element_problems(tag, attributes, allowed_hosts, "")
    return list(dict.fromkeys(problems))


def unread_problems(site: Path, read: InlineCode) -> list[str]:
    """What no policy can allow in an HTML file of `site` that the page check did not read as it is now (a
    template's copy): the check the Content-Security-Policy step makes, for a build that writes no policy."""
    problems = []
    for page in sorted(site.rglob("*.html")):
        data = page.read_bytes()
        if read.pages.get(page.relative_to(site).as_posix()) != hashlib.sha256(data).hexdigest():
            refused = inline_code(data.decode("utf-8", "replace"))[1]
            problems += [f"{page.relative_to(site).as_posix()}: {found}" for found in refused]
    return problems
