"""Reader notes and paragraph alignment: where a translation may mislead, and which English paragraph it renders.

A text is cut into blocks: its paragraphs, with a list cut into its items (a translation is compared with the
English item by item). Notes are read from `notes:` in data/curation/<locale>.yaml and anchored to one block of
one field by a quote that must occur in it, so a note cannot silently drift when the text changes. A shown note
carries `says`: one or two reviewed sentences, in the locale's language, on what the English says there; one
explanation is shown once per page (two shown notes of one fault page may not say the same). A note can be shown on a
fault field of a translation, or on one of the interface's paragraphs that a page shows with its notes (NOTED_UI).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from .markdown_text import link_references, log_paths, versions_named
from .model import TEXT_FIELDS, Catalog, Note
from .problems import Problem
from .schema import PLAIN
from .yamlfile import read_yaml

# The kinds a page can show, each with one wording per locale (ui key note_<kind>), and `wording`: clumsy but not
# misleading, kept on record and never shown. `meaning-reversed`: the translation says the opposite of the English
# (shown more strongly than the others).
SHOWN_KINDS: tuple[str, ...] = (
    "meaning-reversed",
    "meaning-differs",
    "unclear",
    "cut-in-source",
    "different-version-or-path",
    "name-translated",
)
KINDS: tuple[str, ...] = (*SHOWN_KINDS, "wording")
# The interface strings a page shows with their notes (fault "ui" in notes:), the paragraphs of the interface:
# ui key -> (its page, under the locale's root; the ui key of the heading it sits under, which names it elsewhere).
NOTED_UI: Mapping[str, tuple[str, str]] = {
    "intro": ("", "introduction"),
    "table_intro": ("", "overview"),
    "status_intro": ("status/", "status_title"),
}
_KEYS = ("fault", "field", "paragraph", "kind", "quote", "show", "why")
_OPTIONAL = ("says",)  # required on a shown note
_SAYS_LENGTH = 400  # one or two short sentences
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+")


@dataclass(frozen=True)
class Block:
    """One paragraph, or one list item, of a Markdown text."""

    kind: str  # "p" or "li"
    text: str  # a list item without its marker


def blocks(text: str) -> tuple[Block, ...]:
    """The paragraphs and list items of `text`, in order (the data's Markdown has no nested blocks)."""
    found: list[Block] = []
    for chunk in re.split(r"\n[ \t]*\n", text.strip()):
        lines = [line for line in chunk.split("\n") if line.strip()]
        if lines and all(_LIST_ITEM.match(line) for line in lines):
            found += [Block("li", _LIST_ITEM.sub("", line, count=1)) for line in lines]
        elif lines:
            found.append(Block("p", " ".join(line.strip() for line in lines)))
    return tuple(found)


def block_facts(text: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """What must survive translation in one block: log paths, versions, and link references in order."""
    return tuple(sorted(log_paths(text))), tuple(sorted(versions_named(text))), tuple(link_references(text))


def misaligned(english: str, translation: str) -> list[str]:
    """Why the blocks of `translation` do not render the English blocks one to one ([] when they do)."""
    ours, theirs = blocks(english), blocks(translation)
    if [b.kind for b in ours] != [b.kind for b in theirs]:
        return [
            (
                f"blocks {''.join(b.kind[0] for b in theirs)!r} where the English has "
                f"{''.join(b.kind[0] for b in ours)!r} (p = paragraph, l = list item)"
            )
        ]
    return [
        f"block {number} names {block_facts(mine)} where the English names {block_facts(source)}"
        for number, (source, mine) in enumerate(zip((b.text for b in ours), (b.text for b in theirs), strict=False), 1)
        if block_facts(source) != block_facts(mine)
    ]


def field_blocks(catalog: Catalog, locale: str, fault: int | str, field: str) -> tuple[Block, ...]:
    """The blocks of one field as the locale's data has it (a ui string for fault "ui"); () if absent."""
    if fault == "ui":
        text = catalog.texts[locale].ui.get(field)
    else:
        entry = catalog.texts[locale].faults.get(int(fault))
        text = entry.get(field) if entry is not None and field in TEXT_FIELDS else None
    return blocks(text) if text else ()


def load_notes(
    data_dir: Path, catalog: Catalog, folder: str = "curation"
) -> tuple[dict[str, tuple[Note, ...]], list[Problem]]:
    """locale -> its reader notes, and every problem with them. A locale without a curation file has none."""
    notes: dict[str, tuple[Note, ...]] = {}
    problems: list[Problem] = []
    for locale in catalog.locales:
        path = data_dir / folder / f"{locale}.yaml"
        if not path.is_file():
            continue
        where: dict[str, Any] = {"file": f"{folder}/{locale}.yaml", "locale": locale}
        doc, found = read_yaml(path, f"{folder}/{locale}.yaml")
        problems += found
        data = doc.data if doc is not None and isinstance(doc.data, dict) else {}
        entries = data.get("notes") or []
        if not isinstance(entries, list):
            problems.append(Problem(**where, field="notes", message="notes must be a list"))
            continue
        line = doc.line if doc is not None else (lambda *_keys: None)
        checked = [
            (
                _note(catalog, locale, entry, where, partial(line, "notes", index)),
                line("notes", index),
            )
            for index, entry in enumerate(entries)
        ]
        problems += [p for (_note_, found), _line in checked for p in found]
        located = [(note, line) for (note, _found), line in checked if note is not None]
        problems += _repeated(located, where)
        notes[locale] = tuple(note for note, _line in located)
    return notes, problems


def _repeated(located: list[tuple[Note, int | None]], where: Mapping[str, Any]) -> list[Problem]:
    """One explanation per page: a shown note that says what an earlier shown note of the same fault (or of the
    interface's strings) says."""
    first: dict[tuple[int | str, str], Note] = {}
    problems = []
    for note, line in located:
        if not note.shown:
            continue
        earlier = first.setdefault((note.fault, " ".join(note.says.split())), note)
        if earlier is not note:
            message = (
                f"says what the note on {earlier.field} paragraph {earlier.paragraph} already says on this page: "
                "explain a passage once per page (show: false here, or say what differs here)"
            )
            problems.append(Problem(**where, line=line, fault=note.fault, field=note.field, message=message))
    return problems


def _note(
    catalog: Catalog, locale: str, entry: Any, where: Mapping[str, Any], line: Callable[..., int | None]
) -> tuple[Note | None, list[Problem]]:
    if not isinstance(entry, dict) or not set(_KEYS) <= set(entry) <= {*_KEYS, *_OPTIONAL}:
        message = f"a note needs exactly the keys {', '.join(_KEYS)} (and says, if shown)"
        return None, [Problem(**where, line=line(), message=message)]
    at = {**where, "fault": entry["fault"], "field": entry["field"]}
    problems = [
        Problem(**at, line=line(key), message=message) for key, message in _note_problems(catalog, locale, entry)
    ]
    if problems:
        return None, problems
    return Note(
        fault=entry["fault"],
        field=entry["field"],
        paragraph=entry["paragraph"],
        kind=entry["kind"],
        quote=entry["quote"],
        shown=entry["show"],
        why=entry["why"],
        says=entry.get("says", ""),
    ), []


def _says_problem(entry: dict[str, Any]) -> str | None:
    """What is wrong with a note's `says` (the sentences a page shows), or None."""
    says = entry.get("says")
    if says is None:
        return "a shown note needs says: what the English says there, in the page's language" if entry["show"] else None
    if not isinstance(says, str) or not says.strip():
        return "says must be one or two sentences in the page's language"
    if len(says) > _SAYS_LENGTH:
        return f"says is longer than {_SAYS_LENGTH} characters: keep it to one or two short sentences"
    if not PLAIN.match(says):
        return 'says is plain text: no line breaks, Markdown or HTML characters ([ ] { } < > ` \\ | * _ & ")'
    return None


def _note_problems(catalog: Catalog, locale: str, entry: dict[str, Any]) -> list[tuple[str, str]]:
    """(key, message) for the first thing wrong with a note, checked in order: later checks need earlier ones."""
    fault, field, number, kind, show = (entry[key] for key in ("fault", "field", "paragraph", "kind", "show"))
    if fault != "ui" and fault not in catalog.fault_ids:
        return [("fault", f"unknown fault {fault!r}")]
    if kind not in KINDS:
        return [("kind", f"kind must be one of {', '.join(KINDS)}")]
    if not isinstance(show, bool):
        return [("show", "show must be true or false")]
    if not isinstance(entry["why"], str) or len(entry["why"].strip()) < 10:
        return [("why", "why must say why the note is shown or not (a sentence)")]
    if show and (
        kind not in SHOWN_KINDS or locale == catalog.default_locale or (fault == "ui" and field not in NOTED_UI)
    ):
        message = (
            "only a note of a shown kind on a translated fault field, or on an interface string a page shows with "
            f"its notes ({', '.join(NOTED_UI)}), can be shown (show: false)"
        )
        return [("show", message)]
    says = _says_problem(entry)
    if says:
        return [("says" if "says" in entry else "show", says)]
    found = field_blocks(catalog, locale, fault, field)
    if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= len(found):
        return [
            ("paragraph", f"paragraph must be 1 to {len(found)}, the blocks (paragraphs and list items) of this field")
        ]
    if (
        not isinstance(entry["quote"], str)
        or not entry["quote"].strip()
        or entry["quote"] not in found[number - 1].text
    ):
        return [
            (
                "quote",
                f"quote {entry['quote']!r:.60} is not in paragraph {number} of this field (has the text changed?)",
            )
        ]
    return []
