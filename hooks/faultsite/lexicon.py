"""The search lexicon (lexicon.json beside this module): word lists, script ranges and pipeline rules, the one source
of the query pipeline for the index (here) and the queries (the build embeds the same file into the search worker,
whose normalize.js expands it the same way).

Patterns are written in the common subset of Python's `re` and JavaScript's RegExp with the u flag. The loader
refuses what the two read differently (\\s, \\d, \\w, \\b and their capitals, whose classes differ), unknown
placeholders and words that are not plain text, all at once, naming the field."""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .problems import DataError, Problem

LEXICON_FILE = Path(__file__).with_name("lexicon.json")
_FORBIDDEN = re.compile(r"\\[sSdDwWbB]")
_PLACEHOLDER = re.compile(r"\{([a-z]+)\}")
_PLAIN_WORD = re.compile(r"[^\\.^$*+?()\[\]{}|/]+")
_WORD_LISTS = ("fault_words", "id_words", "counters", "event_words")


@dataclass(frozen=True)
class Lexicon:
    """The lexicon as read, with its placeholders' expansions (regular-expression text)."""

    data: dict[str, Any]
    placeholders: dict[str, str]

    def words(self, name: str) -> list[str]:
        """One of the word lists (fault_words, id_words, counters, event_words)."""
        words: list[str] = self.data[name]["words"]
        return words

    def expand(self, pattern: str) -> str:
        """`pattern` with every {placeholder} replaced."""
        return _PLACEHOLDER.sub(lambda m: self.placeholders[m.group(1)], pattern)

    def compile(self, pattern: str) -> re.Pattern[str]:
        """A pattern of the lexicon, expanded and compiled."""
        return re.compile(self.expand(pattern))


def _alternation(words: list[str]) -> str:
    """Longest first, so that the longer of two words that share a start wins (foutcode before fout)."""
    return "|".join(sorted(words, key=lambda w: (-len(w), w)))


def _char_class(ranges: list[list[int]]) -> str:
    return "".join(f"{chr(start)}-{chr(end)}" for start, end in ranges)


def placeholders(data: dict[str, Any]) -> dict[str, str]:
    """{name} -> its regular-expression text; normalize.js builds the same table from the same data."""
    scripts = data["scripts"]
    lists = {name: data[name]["words"] for name in _WORD_LISTS}
    non_latin = [w for name in _WORD_LISTS for w in lists[name] if not w.isascii()]
    return {
        "cjk": _char_class(scripts["cjk"]),
        "hangul": _char_class(scripts["hangul"]),
        "east": _char_class(scripts["cjk"] + scripts["hangul"]),
        "hiragana": _char_class(scripts["hiragana"]),
        "latin": _char_class(scripts["latin"]),
        "fault": _alternation(lists["fault_words"] + lists["id_words"]),
        "strong": _alternation(lists["fault_words"]),
        "idword": _alternation(lists["id_words"]),
        "counter": _alternation(lists["counters"]),
        "event": _alternation(lists["event_words"]),
        "cjkwords": _alternation(non_latin),
        "units": _alternation(data["fault_id"]["units"]),
    }


def _patterns(data: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, pattern) of every pattern in the lexicon."""
    found = [("replacements.patterns", p) for p, _ in data["replacements"]["patterns"]]
    found += [(f"steps.{stage}", p) for stage in ("split", "ids") for p, _ in data["steps"][stage]]
    found += [(f"fault_id.{key}", p) for key in ("timestamps", "not_ids") for p in data["fault_id"][key]]
    return [*found, ("fault_id.id", data["fault_id"]["id"])]


def check(data: dict[str, Any], where: str) -> list[Problem]:
    """Every problem of the lexicon: forbidden classes, unknown placeholders, patterns Python cannot compile,
    words with regular-expression characters."""
    problems = []
    known = placeholders(data)
    for name in (*_WORD_LISTS, "negations"):
        lists = data[name] if name == "negations" else {"words": data[name]["words"]}
        for key, words in lists.items():
            for word in words if isinstance(words, list) else []:
                if not _PLAIN_WORD.fullmatch(word):
                    problems.append(Problem(where, field=f"{name}.{key}", message=f"{word!r} is not a plain word"))
    for field, pattern in _patterns(data):
        if _FORBIDDEN.search(pattern):
            message = f"{pattern!r}: \\s, \\d, \\w and \\b mean different things in Python and JavaScript"
            problems.append(Problem(where, field=field, message=message))
        unknown = sorted(set(_PLACEHOLDER.findall(pattern)) - set(known))
        if unknown:
            problems.append(Problem(where, field=field, message=f"{pattern!r}: unknown placeholder {unknown}"))
            continue
        try:
            re.compile(_PLACEHOLDER.sub(lambda m: known[m.group(1)], pattern))
        except re.error as error:
            problems.append(Problem(where, field=field, message=f"{pattern!r}: {error}"))
    return problems


@functools.cache
def load_lexicon(path: Path = LEXICON_FILE) -> Lexicon:
    """The lexicon, checked; a DataError lists every problem."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    problems = check(data, path.name)
    if problems:
        raise DataError(problems)
    return Lexicon(data, placeholders(data))


def replacement(template: str) -> str:
    """A lexicon replacement ($1) in Python's notation (\\1)."""
    return re.sub(r"\$([0-9])", r"\\\1", template)
