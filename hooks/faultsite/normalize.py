"""The query pipeline shared by the search box, the fault-ID field and the search index (issue 10).

One function, `normalize`, written twice: here (applied to the index text at build time) and in
overrides/assets/javascripts/normalize.js (applied to every query in the browser). Both are tested against the
one table tests/normalize_cases.json, so query and index always agree."""

from __future__ import annotations

import re
import unicodedata

# The words for "fault" in the five languages (ui.fault of data/text/*.yaml), and the words readers put next to
# a fault's number: error/ID, エラー, 오류, 錯誤, storing, the words for "number" (No., nr., 番号, 編號, 번호), and the
# counters 第…號, …番, …번.
FAULT_WORDS = (
    "fault",
    "fout",
    "storing",
    "error",
    "id",
    "障害",
    "故障",
    "錯誤",
    "错误",
    "エラー",
    "결함",
    "오류",
    "第",
    "no",
    "nr",
    "number",
    "nummer",
    "番号",
    "編號",
    "번호",
)
COUNTERS = ("番", "번", "號", "号")
# The portal's event names, as the seeds' introductions write them (en, ja, ko: English; nl, zh-TW: translated).
EVENT_WORDS = ("raised", "cleared", "vergrote", "gewist", "引發", "已清除")

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u1100-\u11ff\u3130-\u318f"
_KEEP = {"."}  # a dot survives only between digits (versions), see _DOT
_DOT = re.compile(r"(?<!\d)\.|\.(?!\d)")
_DIGIT_EDGE = re.compile(r"(?<=\d)(?=[^\d\s.])|(?<=[^\d\s.])(?=\d)")
_ALTS = "|".join(sorted(FAULT_WORDS, key=len, reverse=True))
_PREFIX = re.compile(rf"^(?:{_ALTS})(?: (\d+))?(?: (?:{'|'.join(EVENT_WORDS)}))+ ?(?=\S|$)")
_WORD_NUMBER = re.compile(rf"(?:(?<=^)|(?<= ))(?:(?:{_ALTS}) )+(\d+)(?= |$)")
_NUMBER_COUNTER = re.compile(rf"(?<![\d.])(\d+) (?:{'|'.join(COUNTERS)})(?= |$)")
_NUMBER_WORD = re.compile(rf"(?<![\d.])(\d+)(?: (?:{_ALTS}))+(?= |$)")
_CJK_WORDS = "|".join(w for w in (*FAULT_WORDS, *COUNTERS, *EVENT_WORDS) if not w.isascii())
# CJK fault and event words stand apart from the characters around them, and CJK from Latin letters.
_CJK_SPLIT = re.compile(rf"({_CJK_WORDS})|(?<=[{_CJK}])(?=[^{_CJK}\s\d])|(?<=[^{_CJK}\s\d])(?=[{_CJK}])")
_SPACES = re.compile(r"\s+")


def _separate(text: str) -> str:
    """Punctuation and symbols (including '#') become spaces; a '.' stays only inside a number (10.15.5)."""
    chars = [" " if unicodedata.category(c)[0] in "PSZ" and c not in _KEEP else c for c in text]
    return _DOT.sub(" ", "".join(chars))


def normalize(text: str) -> str:
    """NFKC, case folding, separators, digits split from letters, portal prefixes and fault words dropped."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = _separate(text)
    text = _DIGIT_EDGE.sub(" ", text)
    text = _CJK_SPLIT.sub(lambda m: f" {m.group(1)} " if m.group(1) else " ", text)
    text = _SPACES.sub(" ", text).strip()
    text = _PREFIX.sub(lambda m: (m.group(1) + " ") if m.group(1) else "", text).strip()
    text = _NUMBER_COUNTER.sub(r"\1", text)
    text = _WORD_NUMBER.sub(r"\1", text)
    text = _NUMBER_WORD.sub(r"\1", text)
    return text
