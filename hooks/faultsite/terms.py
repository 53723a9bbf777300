"""From normalized text to search terms (issue 20, item 1), the same way at build time (here) and at query time
(overrides/assets/javascripts/fault-search.js `Analyzer`), with the same data (lexicon.json):

- a run of kana and Han is cut into words by ICU's word break (icu4py here, Intl.Segmenter in the browser: the same
  ICU rules and dictionary); a run of single-character words (a word ICU's dictionary does not know) also gives
  its overlapping character pairs, so an unknown word still matches;
- a Hangul run is one word with its particles (Korean spaces its words); the engine matches its endings;
- any other run (Latin words, numbers, versions) is one word; Latin words are stemmed by the locale's Snowball
  stemmer (snowballstemmer here, the Snowball compiler's JavaScript of the same release there);
- stop words (the locale's list and English's) and words written only in hiragana (Japanese particles and
  endings) do not become terms; a negation word makes the word it negates the term "!" + its term (the engine
  matches a word of the other polarity at half weight: "approved" is nearer "approved" than "not approved").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

import snowballstemmer  # type: ignore[import-untyped]
from icu4py.breakers import WordBreaker

from .lexicon import load_lexicon
from .normalize import normalize

NEGATED = "!"  # prefix of the term of a negated word


class Word(NamedTuple):
    """A word of a text as the analyzer reads it."""

    text: str  # the word (" " for the end of a space-separated piece)
    kind: str  # before / after (a negation word), skip (a stop or function word, a piece's end) or content
    negated: bool  # a content word that a negation word negates


@functools.cache
def stop_words(locale: str) -> frozenset[str]:
    """The stop words of a site: its locale's list and English's, through the pipeline, negation words and the
    locale's exceptions excepted.
    Simplified Chinese entries also count in their Traditional form (OpenCC s2t)."""
    lexicon = load_lexicon().data
    negations = set(lexicon["negations"]["before"]) | set(lexicon["negations"]["after"])
    negations |= set(lexicon["stop_exceptions"].get(locale, ()))
    entries = [w for name in {locale, "en"} & set(lexicon["stop_words"]) for w in lexicon["stop_words"][name]["words"]]
    if locale == "zh-TW":
        entries += _traditional(entries)
    return frozenset(n for n in map(normalize, entries) if n and " " not in n and n not in negations)


def _traditional(words: list[str]) -> list[str]:
    import opencc

    converter = opencc.OpenCC("s2t")
    return [converter.convert(w) for w in words]


@dataclass(frozen=True)
class Analyzer:
    """How one site (locale) cuts normalized text into terms."""

    locale: str
    stem: Callable[[str], str]
    stop: frozenset[str]
    before: frozenset[str]
    after: frozenset[str]
    function_word: re.Pattern[str] | None
    run: re.Pattern[str]
    east: re.Pattern[str]
    latin: re.Pattern[str]

    def words(self, normalized: str) -> list[list[str]]:
        """The words of each space-separated piece: ICU's words for kana and Han runs, else runs whole."""
        pieces = []
        for piece in normalized.split(" ") if normalized else []:
            found: list[str] = []
            for run in self.run.findall(piece):
                found += segment(run, self.locale) if self.east.match(run) else [run]
            pieces.append(found)
        return pieces

    def scan(self, normalized: str) -> list[Word]:
        """Every word of a normalized text in order, the end of each piece as " ", each with its kind and, for a
        content word, whether a negation word negates it: the one negation rule of the index and the glossary."""
        found: list[Word] = []
        pending = False  # a negation word waits for the word it negates
        last = -1  # index in `found` of the last content word not negated yet
        for word in (w for piece in self.words(normalized) for w in [*piece, " "]):
            kind = self.kind(word)
            if kind == "after" and last >= 0:
                found[last] = found[last]._replace(negated=True)
                last = -1
            elif kind == "content":
                last = -1 if pending else len(found)
                found.append(Word(word, kind, pending))
                pending = False
                continue
            elif kind == "before":
                pending = True
            found.append(Word(word, kind, False))
        if pending and last >= 0:  # "laadt niet": nothing follows, so the negation is of the word before
            found[last] = found[last]._replace(negated=True)
        return found

    def terms(self, normalized: str) -> list[str]:
        """The terms of a normalized text, in order (with repeats; pair terms after their words)."""
        found: list[str] = []
        singles: list[str] = []  # the single-character CJK words just before, for pairs
        for word, kind, negated in self.scan(normalized):
            single = kind == "content" and len(word) == 1 and self.east.match(word) is not None
            if singles and not single:
                found += _pairs(singles)
                singles = []
            if kind == "content":
                term = self.stem(word) if self.latin.fullmatch(word) else word
                found.append(NEGATED + term if negated else term)
                if single:
                    singles.append(word)
        return found

    def kind(self, word: str) -> str:
        """before / after (a negation word), skip (a stop or function word, or the end of a piece) or content."""
        if word in self.before:
            return "before"
        if word in self.after:
            return "after"
        if word == " " or word in self.stop or (self.function_word and self.function_word.fullmatch(word)):
            return "skip"
        return "content"


def _pairs(singles: list[str]) -> list[str]:
    return [a + b for a, b in zip(singles, singles[1:], strict=False)]


@functools.lru_cache(maxsize=65_536)
def segment(run: str, locale: str) -> list[str]:
    """ICU's words of a run of kana and Han."""
    return [word for word in WordBreaker(run, locale) if word.strip()]


@functools.cache
def analyzer(locale: str) -> Analyzer:
    """The analyzer of a site."""
    lexicon = load_lexicon()
    data = lexicon.data
    stemmer = snowballstemmer.stemmer(data["stemmers"].get(locale, data["stemmers"]["default"]))
    script = data["function_script"]["script"]
    return Analyzer(
        locale=locale,
        stem=functools.lru_cache(maxsize=65_536)(stemmer.stemWord),
        stop=stop_words(locale),
        before=frozenset(data["negations"]["before"]),
        after=frozenset(data["negations"]["after"]),
        function_word=lexicon.compile(f"[{{{script}}}]+") if script else None,
        run=lexicon.compile("[{cjk}]+|[{hangul}]+|[^{cjk}{hangul}]+"),
        east=lexicon.compile("[{cjk}]"),
        latin=lexicon.compile("[{latin}]+"),
    )


def terms(text: str, locale: str) -> list[str]:
    """The terms of a text on a locale's site (the pipeline, then the analyzer)."""
    return list(text_terms(text, locale))


@functools.lru_cache(maxsize=65_536)
def text_terms(text: str, locale: str) -> tuple[str, ...]:
    """`terms`, remembered for the process: names recur (every locale indexes the others'), and under `mkdocs
    serve` a rebuild after a data edit meets mostly the texts it cut before."""
    return tuple(analyzer(locale).terms(normalize(text)))


Span = tuple[int, int, bool]  # where a content word is in the normalized text, and whether it is negated


@functools.lru_cache(maxsize=16_384)
def polarity(text: str, locale: str) -> tuple[str, tuple[Span, ...]]:
    """A text as the pipeline normalizes it, and the span of each of its content words there with whether a
    negation word negates it (the analyzer's rule, `Analyzer.scan`): what the glossary matches its terms in."""
    normalized = normalize(text)
    spans: list[Span] = []
    at = 0
    for word in analyzer(locale).scan(normalized):
        if word.text == " ":  # the end of a piece, not a character of the text
            continue
        start = normalized.index(word.text, at)  # the words are the text's, in order
        at = start + len(word.text)
        if word.kind == "content":
            spans.append((start, at, word.negated))
    return normalized, tuple(spans)


def distinct(values: Iterable[str]) -> list[str]:
    """Each value once, in order."""
    return list(dict.fromkeys(values))
