"""Structure where text lands: at each place a template puts a line of text, the page keeps the shape it was made for.

A place (probe.py) is rendered twice with the site's Markdown settings: with a placeholder word, which gives the
structure the template means (a link with its target, a table of its rows and cells, one heading), and with the
text. The text must come out as the placeholder's structure with the placeholder replaced by the text's own
rendering as a line of text (elements, attributes and words compared on lexbor's HTML5 tree, as a browser reads
them): a `]` or `\\` that ends the link early, a line break that ends the table, `{: }` read as the heading's
attributes all change it. Each text is rendered once per place and locale, a text made only of characters that
cannot form markup (data_html.inert) not at all; the answers are kept for the process (serve's rebuilds), and so
are each locale's places while the probe catalog and the templates are the same (probe.PLACES).
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterator
from functools import lru_cache

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .data_html import html_problems, inert
from .markdown_settings import render_html, setting_extensions
from .model import Catalog
from .parallel import fork_map
from .probe import FILLER, PLACES, SLOT, Place, Text, locale_places, probe_catalog, probe_key

_WORD = "Placeholderword"
_BREAKS = "breaks the structure of the page where it is shown as "
_BEFORE, _AFTER = "Probebefore ", " Probeafter"  # words around a text rendered alone, as a line's other words
Shape = tuple[tuple[str, ...], ...]  # ("<", tag, attributes...), (">", tag) and ("text", words), in document order
_HEADING = re.compile(r"^h[1-6]$")
_LABEL = re.compile(r"\[([^\[\]]*)\]")  # what a text may cite as [label]
_NAMES = {"a": "link words", "td": "a table cell", "th": "a table heading cell", "li": "a list item"}
_NAMES |= {f"h{level}": "a heading" for level in range(1, 7)} | {"p": "a paragraph", "nav": "the previous/next links"}


def structure_problems(
    catalog: Catalog, *, setting: str, definitions: dict[str, str], facts_file: str, text_dir: str, processes: int = 1
) -> list[tuple[Text, str]]:
    """(text, message) for every one-line text that changes the structure of a place it lands in (one message
    per text: the places it breaks, and what the first of them shows instead of what was meant).

    The locales' probe pages are rendered by up to `processes` processes (forked; this one among them)."""
    probe, texts = probe_catalog(catalog, facts_file, text_dir)
    key = probe_key(probe)
    known = {locale: PLACES.find((locale, key)) for locale in probe.locales}
    missing = [locale for locale, located in known.items() if located is None]
    made = fork_map(functools.partial(locale_places, probe), missing, processes)
    for locale, new in zip(missing, made, strict=True):
        known[locale] = new
        PLACES.put((locale, key), new)
    seen: set[tuple[int, Place]] = set()
    found: dict[int, dict[str, None]] = {}
    for located in known.values():
        assert located is not None
        for number, place in located:
            if (number, place) in seen:
                continue
            seen.add((number, place))
            value = _placed(texts[number], place)
            cited = tuple(sorted((k, definitions[k]) for k in set(_LABEL.findall(value.lower())) if k in definitions))
            found.setdefault(number, {}).update(dict.fromkeys(_problems_at(place, value, cited, setting)))
    return [(texts[number], _one_message(list(messages))) for number, messages in sorted(found.items()) if messages]


def _one_message(messages: list[str]) -> str:
    """Several places a text breaks, in one message: where, then the first difference."""
    broken = [message for message in messages if message.startswith(_BREAKS)]
    other = [message for message in messages if not message.startswith(_BREAKS)]
    if not broken:
        return "; ".join(other)
    places = list(dict.fromkeys(message.split(": ", 1)[0].removeprefix(_BREAKS) for message in broken))
    first = broken[0].split(": ", 1)[1]
    return "; ".join([f"{_BREAKS}{', '.join(places)}: {first}", *other])


def _placed(text: Text, place: Place) -> str:
    """What the template writes for `text` at `place` (render.py's inline filter for a fault text or link title)."""
    if place.escaped:
        return html.escape(text.text.strip())
    if text.kind == "ui":
        return text.text
    return " ".join(text.text.split()).replace("|", "\\|")


def line_problems(place: Place, value: str, setting: str, *, fast: bool = True) -> tuple[str, ...]:
    """What is wrong with `value` (as the template writes it) at `place`; `fast`: trust data_html.inert."""
    return _problems_at(place, value, (), setting, fast)


@lru_cache(maxsize=65536)
def _problems_at(
    place: Place, value: str, cited: tuple[tuple[str, str], ...], setting: str, fast: bool = True
) -> tuple[str, ...]:
    if fast and inert(value):
        return ()
    extensions, hosts = setting_extensions(setting)
    try:
        own, own_html = _own(value, cited, setting)
        if own is None:
            return (f"does not stay one line of text: it renders as {own_html[:80]!r}",)
        found = html_problems(own_html, hosts)
        if found:
            return tuple(found)
        meant = _meant(place, setting)
        got = _shape(render_html(place.markdown.replace(SLOT, value), extensions=extensions, definitions=dict(cited)))
    except Exception as error:  # Python-Markdown on text nobody foresaw: refused, never a traceback
        return (f"the site's Markdown fails on this text ({type(error).__name__}: {error}); rewrite it",)
    if _in_attribute(meant):
        expected = _splice(meant, value)
    elif _reads_markdown(place, setting):
        expected = _splice(meant, own)
    else:  # raw HTML: the text is meant to show as it is written
        expected = _splice(meant, (("text", html.unescape(value)),))
    if got == expected:
        return ()
    return (f"{_BREAKS}{_where(meant)} ({place.page}): {_difference(expected, got)}",)


@lru_cache(maxsize=4096)
def _meant(place: Place, setting: str) -> Shape:
    """The structure of a place as the template means it: rendered with a placeholder word for the text."""
    extensions, _hosts = setting_extensions(setting)
    return _shape(render_html(place.markdown.replace(SLOT, _WORD), extensions=extensions, definitions={}))


@lru_cache(maxsize=4096)
def _reads_markdown(place: Place, setting: str) -> bool:
    """Whether Markdown in a text is read at this place (not inside a raw HTML block or element)."""
    extensions, _hosts = setting_extensions(setting)
    shape = _shape(render_html(place.markdown.replace(SLOT, f"*{_WORD}*"), extensions=extensions, definitions={}))
    return ("<", "em") in shape


@lru_cache(maxsize=65536)
def _own(value: str, cited: tuple[tuple[str, str], ...], setting: str) -> tuple[Shape | None, str]:
    """The text's own rendering as a line of text (inside a paragraph, after a word): its shape, and the HTML."""
    extensions, _hosts = setting_extensions(setting)
    rendered = render_html(_BEFORE + value + _AFTER, extensions=extensions, definitions=dict(cited)).strip()
    inner = rendered[3:-4] if rendered.startswith("<p>") and rendered.endswith("</p>") else ""
    if not inner.startswith(_BEFORE) or not inner.endswith(_AFTER) or "<p>" in inner:
        return None, rendered
    inner = inner[len(_BEFORE) : -len(_AFTER)]
    return _shape(inner, strip=False), inner


def _shape(fragment: str, strip: bool = True) -> Shape:
    """The elements, attributes and words of an HTML fragment; a heading's id (toc's, from its words) left out."""
    body = LexborHTMLParser(f"<body>{fragment}</body>").body
    tokens: list[tuple[str, ...]] = []
    for node in body.iter(include_text=True) if body is not None else ():
        tokens += _walk(node)
    return _merged(tokens, strip)


def _walk(node: LexborNode) -> Iterator[tuple[str, ...]]:
    if node.is_text_node:
        yield ("text", node.text_content or "")
        return
    if not node.is_element_node or node.tag is None:
        return
    tag = node.tag.lower()
    attributes = sorted((k, v or "") for k, v in node.attributes.items() if not (k == "id" and _HEADING.match(tag)))
    yield ("<", tag, *(f"{k}={v}" for k, v in attributes))
    for child in node.iter(include_text=True):
        yield from _walk(child)
    yield (">", tag)


def _merged(tokens: list[tuple[str, ...]], strip: bool = True) -> Shape:
    """Adjacent words joined, spaces collapsed (and, with `strip`, dropped next to a tag): only elements,
    attributes and words are compared."""
    out: list[tuple[str, ...]] = []
    for token in tokens:
        if token[0] == "text" and out and out[-1][0] == "text":
            out[-1] = ("text", out[-1][1] + token[1])
        else:
            out.append(token)
    cleaned = [("text", _words(t[1], strip)) if t[0] == "text" else t for t in out]
    return tuple(t for t in cleaned if t != ("text", ""))


def _words(text: str, strip: bool) -> str:
    words = " ".join(text.split())
    if strip or not words:
        return words
    return (" " if text[:1].isspace() else "") + words + (" " if text[-1:].isspace() else "")


def _in_attribute(meant: Shape) -> bool:
    return any(token[0] == "<" and any(_WORD in attribute for attribute in token[2:]) for token in meant)


def _splice(meant: Shape, own: Shape | str) -> Shape:
    """The meant structure with the placeholder word replaced by the text's own rendering (or, in an attribute,
    by the text itself)."""
    tokens: list[tuple[str, ...]] = []
    for token in meant:
        if isinstance(own, str) and token[0] == "<":
            tokens.append(tuple(part.replace(_WORD, html.unescape(own)) for part in token))
        elif isinstance(own, tuple) and token[0] == "text" and _WORD in token[1]:
            before, after = token[1].split(_WORD, 1)
            tokens += [("text", before), *own, ("text", after)]
        else:
            tokens.append(token)
    return _merged(tokens)


def _where(meant: Shape) -> str:
    """Where the placeholder stands, in words: "link words in a table cell", "a heading"."""
    stack: list[str] = []
    for token in meant:
        if token[0] == "<":
            stack.append(token[1])
        elif token[0] == ">" and stack:
            stack.pop()
        elif _WORD in token[-1]:
            break
    names = [_NAMES[tag] for tag in reversed(stack) if tag in _NAMES and not (tag == "p" and "nav" in stack)]
    return " in ".join(names[:2]) or "text"


def _difference(expected: Shape, got: Shape) -> str:
    """The first difference between two shapes, in words."""
    at = next((i for i, (a, b) in enumerate(zip(expected, got, strict=False)) if a != b), min(len(expected), len(got)))
    return f"expected {_show(expected[at : at + 4])}, found {_show(got[at : at + 4])}"


def _show(tokens: Shape) -> str:
    parts = []
    for token in tokens:
        if token[0] == "text":
            parts.append(repr(token[1].replace(FILLER, "…")[:50]))
        elif token[0] == "<":
            parts.append("<" + " ".join((token[1], *token[2:]))[:60] + ">")
        else:
            parts.append(f"</{token[1]}>")
    return " ".join(parts) or "nothing"
