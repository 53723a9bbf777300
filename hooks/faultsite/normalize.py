"""The query pipeline shared by the search box, the fault-ID field and the search index (issues 10 and 20).

Its rules are data (lexicon.json, read here at build time and embedded into the search worker, where
overrides/assets/javascripts/normalize.js applies them to every query): NFKC and lower case, the literal
replacements, every punctuation, symbol, separator and control character to a space (by Unicode category: no
`\\s`, whose members differ between Python and JavaScript), then the lexicon's steps in order. A Hypothesis test
feeds arbitrary Unicode through both sides and requires the same output (tests/test_normalize.py)."""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable

from .lexicon import Lexicon, load_lexicon, replacement

Step = Callable[[str], str]


def _rule(lexicon: Lexicon, pattern: str, template: str) -> Step:
    compiled, repl = lexicon.compile(pattern), replacement(template)
    return lambda text: compiled.sub(repl, text)


@functools.cache
def _pipeline() -> tuple[Step, ...]:
    lexicon = load_lexicon()
    literal = lexicon.data["replacements"]["literal"]
    keep = lexicon.data["separators"]["except"]
    categories = tuple(lexicon.data["separators"]["categories"])

    def separate(text: str) -> str:
        return "".join(" " if c not in keep and unicodedata.category(c).startswith(categories) else c for c in text)

    def replace_literal(text: str) -> str:
        for old, new in literal:
            text = text.replace(old, new)
        return text

    patterns = [_rule(lexicon, p, r) for p, r in lexicon.data["replacements"]["patterns"]]
    steps = [_rule(lexicon, p, r) for stage in ("split", "ids") for p, r in lexicon.data["steps"][stage]]
    return (replace_literal, *patterns, separate, *steps)


def prepare(text: str) -> str:
    """NFKC and lower case: the first step of the pipeline, and of the fault-ID rules."""
    return unicodedata.normalize("NFKC", text).lower()


def normalize(text: str) -> str:
    """The text as the index and the queries see it: words separated by single spaces."""
    text = prepare(text)
    for step in _pipeline():
        text = step(text)
    return text


def words_of(name: str) -> tuple[str, ...]:
    """A word list of the lexicon (fault_words, id_words, counters, event_words)."""
    return tuple(load_lexicon().words(name))


def pipeline_words() -> frozenset[str]:
    """Every word the pipeline handles itself (fault, ID, counter and event words)."""
    names = ("fault_words", "id_words", "counters", "event_words")
    return frozenset(w for name in names for w in words_of(name))
