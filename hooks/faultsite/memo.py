"""What a build computes per text or page, remembered across the builds of one `mkdocs serve` (issue 20 item 4)
and, under `mkdocs build`, from one build to the next in the cache folder: the search index's terms and glossary
words (search.py, glossary_terms.py), each page's Markdown conversion (third_party.py, item 8).

A rebuild after a data edit meets mostly the texts it cut before: their terms (ICU, Snowball) and the glossary
concepts each name holds. Each is kept by its key (locale and the text itself: its own fingerprint) in a `Memo`.
The builds of `mkdocs serve` index the locales in forked workers, whose memory the server never sees: a worker
sends back what it computed (`fresh`), the server merges it, and the next build's workers inherit it."""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
from collections.abc import Callable, Hashable
from functools import cache
from pathlib import Path
from typing import Any, Generic, TypeVar

HOOKS = Path(__file__).parent.parent

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memo(Generic[K, V]):
    """key -> value, remembered; `fresh()` hands over (and forgets having made) what was computed since. Beyond
    `limit` keys, the half least recently asked for is forgotten (a long serve session of many edits does not grow
    without end, and keeps what every build asks for)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.known: dict[K, V] = {}  # the most recently asked for last
        self.made: dict[K, V] = {}
        self.asked: set[K] | None = None  # every key asked for since `track` (what a build's cache file keeps)

    def get(self, key: K, compute: Callable[[], V]) -> V:
        """The value of `key`, computed once."""
        found = self.find(key)
        if found is None:
            found = compute()
            self.put(key, found)
        return found

    def find(self, key: K) -> V | None:
        """The value kept for `key`, if any."""
        if self.asked is not None:
            self.asked.add(key)
        found = self.known.pop(key, None)
        if found is not None:
            self.known[key] = found
        return found

    def put(self, key: K, value: V) -> None:
        """Keep `value` for `key` (computed here: handed over by `fresh`)."""
        self._room()
        self.known[key] = self.made[key] = value

    def fresh(self) -> dict[K, V]:
        """What was computed since the last call (a forked worker sends it to the process that forked it)."""
        made, self.made = self.made, {}
        return made

    def merge(self, entries: dict[K, V]) -> None:
        """Remember what a worker computed."""
        for key, value in entries.items():
            self._room()
            self.known[key] = value

    def _room(self) -> None:
        if len(self.known) >= self.limit:
            for key in list(self.known)[: max(1, len(self.known) // 2)]:
                del self.known[key]

    def forget(self) -> None:
        """Forget every value and every key asked for (what one locale's build kept, once saved)."""
        self.known, self.made, self.asked = {}, {}, None

    def track(self) -> None:
        """From now on note every key asked for, in this process and in the workers it forks."""
        self.asked = set()

    def take_asked(self) -> set[K]:
        """The keys asked for since the last call (a forked worker sends them to its parent)."""
        asked, self.asked = self.asked or set(), None if self.asked is None else set()
        return asked

    def load(self, path: Path, environment: str, value: Callable[[Any], V]) -> set[K]:
        """Take in what `save` wrote to `path` with the same `environment` (keys are strings or tuples of strings;
        `value` makes each value from its plain form or raises TypeError), and return its keys; a missing, damaged,
        foreign or other-shaped file is ignored."""
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            if stored["environment"] == environment:
                entries = {_stored_key(key): value(found) for key, found in stored["entries"]}
                self.merge(entries)
                return set(entries)
        except (OSError, ValueError, KeyError, TypeError):
            pass
        return set()

    def save(
        self, path: Path, environment: str, keys: set[K], loaded: set[K], plain: Callable[[V], Any] = lambda v: v
    ) -> None:
        """Write the values of `keys` (each as `plain` makes it) to `path` (whole, then renamed), unless they are the
        keys `load` read from it (each asked-for value then came from the file, which holds nothing else); an
        unwritable cache is ignored."""
        if keys == loaded:
            return
        entries = sorted(
            [key if isinstance(key, str) else list(key), plain(self.known[key])]  # type: ignore[call-overload]
            for key in keys
            if key in self.known
        )
        write_whole(path, json.dumps({"environment": environment, "entries": entries}, ensure_ascii=False))


def _stored_key(key: Any) -> Any:
    """A key as `Memo.save` wrote it: a string, or a tuple of strings written as a list."""
    return key if isinstance(key, str) else tuple(strings(key))


def strings(value: Any) -> list[str]:
    """`value` if it is a list of strings, as a file written by `Memo.save` holds them; else TypeError (`load` then
    ignores the whole file)."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise TypeError("not a list of strings")
    return value


def write_whole(path: Path, text: str) -> None:
    """`text` into `path`, written beside it and then renamed (a reader sees the old file or the new, whole); a
    cache that cannot be written is left as it is."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        pass


def hash_files(digest: hashlib._Hash, folder: Path, pattern: str = "*") -> None:
    """Add every entry under `folder` that matches `pattern` to `digest`, in path order: its path relative to
    `folder`, then a file's bytes, or what kind of entry it is (a folder or a broken link named like a file is what a
    reader of the folder meets too); compiled Python, __pycache__, left out. What every fingerprint of files is."""
    for path in sorted(p for p in folder.rglob(pattern) if "__pycache__" not in p.parts):
        content = path.read_bytes() if path.is_file() else b"\1folder" if path.is_dir() else b"\1other"
        digest.update(str(path.relative_to(folder)).encode("utf-8") + b"\0" + content + b"\0")


@cache
def environment() -> str:
    """What a kept result was computed with: every installed package's version (a Markdown extension or an analyzer
    may come from any of them: an upgrade of one makes everything anew) and every file of the hooks."""
    code = hashlib.sha256()
    hash_files(code, HOOKS)
    packages = sorted({(str(d.metadata["Name"]), d.version) for d in importlib.metadata.distributions()})
    return json.dumps([packages, code.hexdigest()])
