"""The whole-page check as it was written on Python's html.parser: kept as the reference the compiled check
(faultsite.page_check, on lexbor's tree) is held to, page by page (tests/test_page_check.py)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from faultsite.markdown_text import url_problem
from faultsite.page_check import InlineCode, csp_source

_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcset", "background"}
_NEVER = {"iframe", "object", "embed", "base", "frame", "frameset", "applet", "portal"}
_EXECUTABLE_TYPES = {
    "",
    "module",
    "text/javascript",
    "application/javascript",
    "application/ecmascript",
    "text/ecmascript",
}


class _InlineScan(HTMLParser):
    """Collects what a Content-Security-Policy must allow inline."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inline = InlineCode()
        self._text: list[str] | None = None
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
        cleaned = re.sub(r"[\x00-\x20]", "", url)
        return not re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*:|[/\\]{2})", cleaned)


def scan_page(html: str, allowed_hosts: set[str], site_url: str = "") -> tuple[list[str], InlineCode]:
    """The reference: problems of a finished page and its inline code, read with html.parser."""
    checker = _PageCheck(allowed_hosts, site_url)
    checker.feed(html)
    checker.close()
    return list(dict.fromkeys(checker.problems)), checker.inline
