"""Data text as the HTML it becomes: rendered with the site's own Markdown settings and held to an allowlist.

The source patterns of markdown_text give friendly early messages; this module is what safety rests on. It parses
the HTML that Python-Markdown actually produces and allows only known elements, attributes and link targets, so a
form no pattern foresaw (`<svg/onload>`, `{: onclick }`, `javascript:` in parentheses) is refused. A text made only
of characters that cannot form markup (`inert`) is not rendered: its HTML is itself, escaped.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from html.parser import HTMLParser

from .markdown_settings import render_html, setting_extensions
from .markdown_text import url_problem

# What data Markdown may become. Headings get ids from toc; admonitions and md_in_html produce div/p classes.
_TAGS = {"p", "em", "strong", "code", "pre", "a", "ul", "ol", "li", "blockquote", "br", "hr"}
_TAGS |= {"h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "div", "span"}
_ATTRIBUTES = {
    **{f"h{level}": {"id"} for level in range(1, 7)},
    "a": {"href"},
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
_LOCAL = re.compile(r"^([1-9][0-9]{0,3})\.md$", re.ASCII)  # a [words][fault-<id>] reference, as pages define it
# Python-Markdown recurses per nesting level and backtracks on nested brackets: bound both before rendering.
_MAX_NESTING = 12
_MARKER = re.compile(r">|[*+-](?=\s)|\d{1,9}[.)](?=\s)")
_CONTAINERS = re.compile(r"^(?:[ \t]*(?:>|[*+-](?=\s)|\d{1,9}[.)](?=\s)))+")
# A block text is rendered between two paragraphs of its own: it must end before the second (no open fence, list
# or quote running on into the template's next block).
_BEFORE, _AFTER = "Probebefore", "Probeafter"
# The fast path: punctuation that forms no Markdown or HTML anywhere in a line (checked against the full rendering
# by tests/test_fuzz.py). Letters, marks and digits of any script; no leading digit (an ordered list), no spaces
# at either end or doubled (code, line breaks), U+0020 the only space.
_INERT_PUNCTUATION = frozenset(".,:;?%'()/@’‘“”、。，：；？（）「」『』・·…")


def inert(text: str) -> bool:
    """Whether `text` renders as itself in every place a template puts a line of text (no rendering needed)."""
    if not text or text[0].isdigit() or text != text.strip(" ") or "  " in text:
        return False
    return all(char == " " or char in _INERT_PUNCTUATION or unicodedata.category(char)[0] in "LMN" for char in text)


@lru_cache(maxsize=32768)  # every line of text is asked about at every load (a rebuild under serve)
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


def block_problems(text: str, *, setting: str, definitions: dict[str, str]) -> list[str]:
    """What is wrong with a block text (a resolution, a paragraph of the interface) as the HTML it becomes.

    `setting`: markdown_settings.render_setting(). Kept for the process: a rebuild under `mkdocs serve`, or a test
    that loads the data again, renders only the texts that changed."""
    too_deep = nesting_problem(text)
    if too_deep:
        return [too_deep]
    labels = {label.lower() for label in re.findall(r"\[([^\[\]]*)\]", text)}
    cited = tuple(sorted((label, definitions[label]) for label in labels if label in definitions))
    return list(_block_problems(text.strip(), cited, setting))


@lru_cache(maxsize=32768)
def _block_problems(text: str, cited: tuple[tuple[str, str], ...], setting: str) -> tuple[str, ...]:
    extensions, hosts = setting_extensions(setting)
    try:
        html = render_html(f"{_BEFORE}\n\n{text}\n\n{_AFTER}", extensions=extensions, definitions=dict(cited))
    except Exception as error:
        return (f"the site's Markdown fails on this text ({type(error).__name__}: {error}); rewrite it",)
    before, after = f"<p>{_BEFORE}</p>\n", f"\n<p>{_AFTER}</p>"
    if not html.startswith(before) or not html.endswith(after):
        return (
            "the text does not end where it is placed: it runs on into what follows it on the page (an open "
            "code fence, list, quote or HTML block?)",
        )
    return tuple(html_problems(html[len(before) : -len(after)], hosts))


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
