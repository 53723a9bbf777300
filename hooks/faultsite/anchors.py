"""Section anchors of a fault page: one id per section in every locale, the ids its headings had before kept as
aliases, and permalinks a screen reader can name.

Before issue 22 a section's id was Python-Markdown toc's slug of its heading, so it changed with the language
(`#troubleshootingresolution`, `#probleemoplossingoplossing`) and was positional where the heading has no Latin
letters (`#_1`, `#_2` in Japanese, Chinese and Korean). The right-hand table of contents and the search results of
that time published those ids: former_ids.yaml records them, and each page keeps them on empty elements inside the
section's heading.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import yaml
from markdown import Extension, Markdown  # type: ignore[import-untyped]  # Python-Markdown ships no stubs
from markdown.treeprocessors import Treeprocessor  # type: ignore[import-untyped]

FORMER_IDS = Path(__file__).parent / "former_ids.yaml"

# The id of each section of a fault page, by its label's key in ui: (key, id), in the page's order.
SECTION_IDS: tuple[tuple[str, str], ...] = (
    ("resolution", "resolution"),
    ("log_files", "log-files"),
    ("versions", "versions"),
    ("related_faults", "related"),
    ("more_information", "more-information"),
)


@dataclass(frozen=True)
class Section:
    id: str  # the same in every locale
    former: tuple[str, ...]  # the ids it had before, kept as aliases


def sections(locale: str, fault_id: int, keys: list[str]) -> dict[str, Section]:
    """The sections a fault page shows (their keys, in order), each with its id and the ids it had before."""
    former = former_ids(locale, fault_id)
    return {key: Section(dict(SECTION_IDS)[key], former.get(key, ())) for key in keys}


def former_ids(locale: str, fault_id: int) -> dict[str, tuple[str, ...]]:
    """Per section key, the ids the section had on this page before it had one id in every locale (FORMER_IDS)."""
    record = _former_record().get(locale, {}).get(fault_id, {})
    return {key: (ids,) if isinstance(ids, str) else tuple(ids) for key, ids in record.items()}


@cache
def _former_record() -> dict[str, dict[int, dict[str, str | list[str]]]]:
    record: dict[str, dict[int, dict[str, str | list[str]]]] = yaml.safe_load(FORMER_IDS.read_text(encoding="utf-8"))
    unknown = {key for pages in record.values() for page in pages.values() for key in page} - dict(SECTION_IDS).keys()
    if unknown:
        raise ValueError(f"{FORMER_IDS.name}: no section {', '.join(sorted(unknown))}")
    return record


class _LabelPermalinks(Treeprocessor):  # type: ignore[misc]  # Python-Markdown's classes are untyped
    """Gives each permalink that toc added the words of its heading as its accessible name (the page's language);
    the title's is taken away: the page's own address links to it."""

    def run(self, root: ElementTree.Element) -> None:
        names = dict(_flatten(getattr(self.md, "toc_tokens", [])))
        for heading in [element for element in root.iter() if element.tag in _HEADINGS]:
            for link in [child for child in heading if "headerlink" in child.get("class", "").split()]:
                if heading.tag == "h1":
                    heading.remove(link)
                elif link.get("href", "")[1:] in names:
                    link.set("aria-label", html.unescape(names[link.get("href", "")[1:]]))


_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def _flatten(tokens: list[dict[str, Any]]) -> Iterator[tuple[str, str]]:
    for token in tokens:
        yield token["id"], token["name"]
        yield from _flatten(token["children"])


class PermalinkLabels(Extension):  # type: ignore[misc]
    """Python-Markdown extension: permalinks named by their heading (after toc, before MkDocs reads the title)."""

    def extendMarkdown(self, md: Markdown) -> None:  # Python-Markdown's name
        md.treeprocessors.register(_LabelPermalinks(md), "faultsite_permalink_labels", 4)  # toc is 5


def add_permalinks(extensions: list[Any], configs: dict[str, dict[str, Any]]) -> None:
    """Turn on toc's permalinks (a "#" after each heading, no English tooltip), named by PermalinkLabels, in a site's
    Markdown settings. Only the pages get them: the data's text is checked as mkdocs.yml alone renders it."""
    configs.setdefault("toc", {}).update(permalink="#", permalink_title="")
    if "toc" not in extensions:
        extensions.append("toc")
    if not any(isinstance(extension, PermalinkLabels) for extension in extensions):
        extensions.append(PermalinkLabels())
