"""Our search worker, published as one file (fingerprinted by its content): the lexicon (lexicon.json, without the
stop words, which each locale's index carries), the Snowball stemmers (snowball/, the Snowball compiler's output,
wrapped unchanged from ES modules into the classic script a worker is), the query pipeline, the analyzer, the
fault-ID rules, the engine and Material's worker protocol, in this order. The fault-ID field talks to the same
worker, so the page loads none of it until the field or the search box is used."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import rjsmin  # type: ignore[import-untyped]  # ships no types

from .lexicon import LEXICON_FILE

SNOWBALL = Path(__file__).with_name("snowball")
STEMMERS = {"english": "english-stemmer.js", "dutch": "dutch-stemmer.js"}
PARTS = ("normalize.js", "terms.js", "fault-id.js", "fault-results.js", "fault-search.js", "search-worker.js")
_IMPORT = re.compile(r"^import B from './base-stemmer\.js'\n", re.M)


def _module_body(source: str, name: str) -> str:
    """An ES module's code as the body of a function that returns its default export."""
    if name == "base-stemmer.js":
        return source.replace("export default class BaseStemmer", "class BaseStemmer", 1) + "\nreturn BaseStemmer;"
    body, count = _IMPORT.subn("", source)
    if count != 1 or "export default class extends B {" not in body:
        raise ValueError(f"{SNOWBALL / name}: not the Snowball compiler's JavaScript output this build wraps")
    return body.replace("export default class extends B {", "return class extends B {", 1)


def stemmers_source() -> str:
    """self.FaultStemmers: {english, dutch} -> the stemmer class, from the vendored modules, unchanged."""
    read = {name: (SNOWBALL / name).read_text(encoding="utf-8") for name in ("base-stemmer.js", *STEMMERS.values())}
    base = f"var B = (function () {{\n{_module_body(read['base-stemmer.js'], 'base-stemmer.js')}\n}})();"
    classes = ",\n".join(
        f"{key}: (function (B) {{\n{_module_body(read[name], name)}\n}})(B)" for key, name in STEMMERS.items()
    )
    return f"(function (root) {{\n{base}\nroot.FaultStemmers = {{\n{classes}\n}};\n}})(self);"


def lexicon_source() -> str:
    """self.FaultLexicon: the lexicon without its stop words (each locale's index carries its own)."""
    data = json.loads(LEXICON_FILE.read_text(encoding="utf-8"))
    data.pop("stop_words")
    return f"self.FaultLexicon = {json.dumps(data, ensure_ascii=False, separators=(',', ':'))};"


# Kept at the top of the minified worker: whose code it carries, under which licence.
NOTICE = "/*! Snowball stemmers (snowballstem.org, v3.1.1): BSD-3-Clause, https://snowballstem.org/license.html */"


def worker_source(scripts: Path) -> str:
    """The worker's code, from the scripts folder of overrides/ (a change to any part changes its name), minified:
    rjsmin takes out comments (the JSDoc types among them) and white space and renames nothing (25.8 -> 16.2 KB
    with brotli on 2026-12-07); the tests run this code, in Node and in Chromium, not the parts."""
    parts = [(scripts / part).read_text(encoding="utf-8") for part in PARTS]
    code: str = rjsmin.jsmin("\n".join((lexicon_source(), stemmers_source(), *parts)))
    return f"{NOTICE}\n{code}"


def worker_path(source: str) -> str:
    """The worker's site path, fingerprinted by its content (browsers may cache it for a year)."""
    digest = hashlib.sha256(source.encode("utf-8")).hexdigest()[:8]
    return f"assets/javascripts/workers/fault-search.{digest}.min.js"
