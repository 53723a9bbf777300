"""Where each line of text lands: the real templates rendered with a token in place of every text, cut into places.

A probe catalog is the real one with every one-line text (a fault's portal text and endpoint description, a link
title, each part of an interface string between its {placeholders}) replaced by a token that every filter of the
templates leaves as it is, or visibly escapes (`| e` turns its `&` into `&amp;`). The real renderers (render.py)
make every page of every locale from it; each token then stands exactly where its text stands on the real pages.
A place is the Markdown block around one token (a table cut to its header and that row, a list to that item),
with the other tokens made filler words and every digit 1, so a place of every fault page is checked once.
Block texts (resolutions, the interface's paragraphs) keep their real text: data_html checks them as blocks.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from .fallback import field_state, text_hash
from .memo import Memo, hash_files
from .model import Catalog, FaultText, Link, LocaleText
from .render import TEMPLATES, render_fault, render_home, render_status
from .yamlfile import YamlPath

PROSE_UI = frozenset({"intro", "table_intro", "status_intro"})  # the interface's paragraphs (block texts)
TOKEN = re.compile("\ue000(&|&amp;)([0-9]+)\ue001")
SLOT = "\ue002"  # where the text of a place goes
FILLER = "Filler"  # what another text of the same place is replaced by
_PLACEHOLDER = re.compile(r"(\{\w*\})")
_DEFINITION = re.compile(r"^\[[^\]]+\]: \S+$")
_FENCE = re.compile(r"^(`{3,}|~{3,})")
_CONTAINER = re.compile(r"^<(\w+)\b[^>]*\bmarkdown\b[^>]*>\s*$")


@dataclass(frozen=True)
class Text:
    """A one-line text of the data: where it is written (file and YAML path) and what it says."""

    file: str
    path: YamlPath
    locale: str
    fault: int | None
    field: str
    text: str
    kind: str  # "fault" (placed through render.py's inline filter), "link" (the same), "ui" (placed as written)


@dataclass(frozen=True)
class Place:
    """One place of a template where a text lands: the Markdown around it, with SLOT where the text goes."""

    page: str  # "fault page", "home page", "status page"
    markdown: str
    escaped: bool  # the template escapes the text for HTML here (`| e`)


def probe_catalog(catalog: Catalog, facts_file: str, text_dir: str) -> tuple[Catalog, list[Text]]:
    """The catalog with a token for every one-line text, and the texts in token order."""
    texts: list[Text] = []

    def token(text: Text) -> str:
        texts.append(text)
        return f"\ue000&{len(texts) - 1}\ue001"

    links = {
        ref: Link(
            ref,
            token(Text(facts_file, ("links", ref, "title"), "", None, f"links.{ref}.title", link.title, "link")),
            link.urls,
        )
        for ref, link in catalog.links.items()
    }
    locales = {}
    for locale, own in catalog.texts.items():
        file = f"{text_dir}/{locale}.yaml"
        ui = {key: _ui_tokens(value, key, file, locale, token) for key, value in own.ui.items()}
        titles = {
            ref: token(Text(file, ("links", ref), locale, None, f"links.{ref}", title, "link"))
            for ref, title in own.links.items()
        }
        faults = {fault_id: _fault_tokens(text, fault_id, file, locale, token) for fault_id, text in own.faults.items()}
        locales[locale] = LocaleText(locale, ui, faults, titles)
    probe = replace(catalog, links=links, texts=locales)
    # The states (translated, outdated, missing) stay as they are: a translation of the probe English is stamped anew.
    return replace(probe, texts={loc: _restamped(catalog, probe, loc) for loc in probe.texts}), texts


def _ui_tokens(value: str, key: str, file: str, locale: str, token: Callable[[Text], str]) -> str:
    if key in PROSE_UI:
        return value
    parts = _PLACEHOLDER.split(value)  # the words between placeholders are texts; the placeholders stay
    return "".join(
        part if number % 2 or not part else token(Text(file, ("ui", key), locale, None, f"ui.{key}", part, "ui"))
        for number, part in enumerate(parts)
    )


def _fault_tokens(text: FaultText, fault_id: int, file: str, locale: str, token: Callable[[Text], str]) -> FaultText:
    def one(name: str) -> str | None:
        value = text.get(name)
        if value is None:
            return None
        return token(Text(file, ("faults", fault_id, name), locale, fault_id, name, value, "fault"))

    return replace(text, portal_text=one("portal_text"), endpoint_description=one("endpoint_description"))


def _restamped(real: Catalog, probe: Catalog, locale: str) -> LocaleText:
    own = probe.texts[locale]
    if locale == real.default_locale:
        return own
    faults = {}
    for fault_id, text in own.faults.items():
        stamps = dict(text.translated_from)
        for name in ("portal_text", "endpoint_description"):
            if field_state(real, locale, fault_id, name) == "translated":
                stamps[name] = text_hash(probe.texts[real.default_locale].faults[fault_id].get(name) or "")
        faults[fault_id] = replace(text, translated_from=stamps)
    return replace(own, faults=faults)


def probe_pages(probe: Catalog, locales: Sequence[str] | None = None) -> list[tuple[str, str]]:
    """(page kind, Markdown) of every page the templates make, in every locale (or in `locales`), from the probe
    catalog."""
    pages = []
    for locale in probe.locales if locales is None else locales:
        pages += [("fault page", render_fault(probe, fault_id, locale)) for fault_id in probe.fault_ids]
        pages += [("home page", render_home(probe, locale)), ("status page", render_status(probe, locale))]
    return pages


# (locale, probe_key of the probe catalog) -> locale_places: a one-line text's edit leaves the probe catalog (its
# tokens, numbered in order) as it was, so a reload under `serve` renders no probe page again.
PLACES: Memo[tuple[str, str], list[tuple[int, Place]]] = Memo(limit=40)


def probe_key(probe: Catalog) -> str:
    """What the probe pages are made from: the probe catalog (frozen dataclasses: its repr holds every field) and
    the page templates (render.py's loader reads them anew when they change)."""
    digest = hashlib.sha256(repr(probe).encode("utf-8"))
    hash_files(digest, TEMPLATES)
    return digest.hexdigest()


def locale_places(probe: Catalog, locale: str) -> list[tuple[int, Place]]:
    """(text number, place) of every token on the pages the templates make in `locale`, each pair once, in the
    order the pages show them: what a forked process hands back instead of the pages."""
    pages = probe_pages(probe, [locale])
    return list(dict.fromkeys(pair for page, markdown in pages for pair in places(page, markdown)))


@lru_cache(maxsize=8192)  # a reload under `serve` probes again: the pages an edit did not change are known
def places(page: str, markdown: str) -> tuple[tuple[int, Place], ...]:
    """(text number, place) for every token of a page's Markdown."""
    found = []
    made: dict[tuple[tuple[str, ...], int, str], Place] = {}  # rows of a table are mostly the same place
    for block in _blocks(markdown):
        for line_number, line in enumerate(block):
            if "\ue000" not in line:
                continue
            parts = TOKEN.split(_excerpt(block, line_number))  # words, then (escape, number) per token, then words
            words = tuple(re.sub(r"[0-9]+", "1", part) for part in parts[::3])
            for at, (escape, number) in enumerate(zip(parts[1::3], parts[2::3], strict=True)):
                place = made.get((words, at, escape))
                if place is None:
                    fillers = [FILLER] * at + [SLOT] + [FILLER] * (len(words) - at - 2) + [""]
                    text = "".join(word + filler for word, filler in zip(words, fillers, strict=True))
                    place = made[(words, at, escape)] = Place(page, text, escape != "&")
                found.append((int(number), place))
    return tuple(found)


def _excerpt(block: list[str], line_number: int) -> str:
    """The lines of `block` a text on line `line_number` needs: a table's header and that row, a list's item, an
    HTML block's first and last line around it (Markdown leaves what is inside as it is)."""
    if len(block) > 2 and block[0].startswith("|") and block[1].startswith("| ---"):
        return "\n".join([block[0], block[1], block[line_number]] if line_number > 1 else block[:3])
    if all(line.startswith("- ") for line in block):
        return block[line_number]
    if block[0].startswith("<") and not _CONTAINER.match(block[0]) and len(block) > 3:
        return "\n".join(dict.fromkeys([block[0], block[line_number], block[-1]]))
    return "\n".join(block)


def _blocks(markdown: str) -> list[list[str]]:
    """The Markdown's blocks: blank lines apart, a fence, an admonition's body or an HTML element with the
    `markdown` attribute (and what it holds) kept whole; the front matter and link definitions left out."""
    lines = markdown.split("\n")
    if lines and lines[0] == "---":
        lines = lines[lines.index("---", 1) + 1 :]
    blocks: list[list[str]] = [[]]
    open_tag, depth, fence = "", 0, ""
    for line in lines:
        if fence:
            fence = "" if line.startswith(fence) else fence
        elif open_tag:
            depth += line.startswith(f"<{open_tag}") - line.startswith(f"</{open_tag}>")
            open_tag = open_tag if depth else ""
        elif (match := _CONTAINER.match(line)) is not None:
            open_tag, depth = match.group(1), 1
        elif (match := _FENCE.match(line)) is not None:
            fence = match.group(1)
        elif not line.strip() or _DEFINITION.match(line):
            blocks.append([])
            continue
        elif (
            line.startswith("    ")
            and blocks[-1] == []
            and len(blocks) > 1
            and blocks[-2][:1]
            and blocks[-2][0].startswith("!!!")
        ):
            blocks.pop()  # an admonition's body after a blank line belongs to it
        blocks[-1].append(line)
    return [block for block in blocks if block]
