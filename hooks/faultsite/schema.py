"""Shape checks of one parsed YAML document: each returns what is usable and records a located Problem for the rest."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeGuard

from .problems import Problem
from .yamlfile import YamlDoc, YamlPath

MAX_FAULT_ID = 9999
# Plain words: what templates may insert into headings, table cells, link words and HTML attributes.
PLAIN = re.compile(r"^[^\[\]{}<>`\\|*_&\"\n]+$")


@dataclass
class DocChecks:
    """The checks of one document; every problem goes to the shared list, located at its YAML path."""

    doc: YamlDoc
    problems: list[Problem]

    def report(self, path: YamlPath, message: str, **where: Any) -> None:
        self.problems.append(Problem(file=self.doc.path, line=self.doc.line(*path), message=message, **where))

    def mapping(self, value: Any, path: YamlPath, keys: Sequence[str] | None, **where: Any) -> dict[Any, Any]:
        """`value` if it is a mapping whose keys are all in `keys` (any keys if None); else report it."""
        if not isinstance(value, dict):
            self.report(path, f"expected a mapping, found {kind(value)}", **where)
            return {}
        for key in value:
            if keys is not None and key not in keys:
                self.report(path + (key,), f"unknown field {key!r} (known: {', '.join(keys)})", **where)
        return value

    def strings(
        self, value: Any, path: YamlPath, pattern: re.Pattern[str] | None = None, **where: Any
    ) -> tuple[str, ...]:
        """The non-empty strings of the list `value` (matching `pattern`, if given); absent is empty."""
        if value is None:
            return ()
        if not isinstance(value, list):
            self.report(path, f"expected a list, found {kind(value)}", **where)
            return ()
        result = []
        for index, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.report(path + (index,), f"expected a non-empty string, found {kind(item)} {item!r:.40}", **where)
            elif pattern and not pattern.match(item):
                self.report(path + (index,), f"{item!r:.40} is not of the form {pattern.pattern}", **where)
            else:
                result.append(item)
        return tuple(result)

    def flag(self, value: Any, path: YamlPath, **where: Any) -> bool:
        """`value` as true or false; absent is false."""
        if value is None or isinstance(value, bool):
            return bool(value)
        self.report(path, f"expected true or false, found {kind(value)}", **where)
        return False


def absent_as(value: Any, default: Any) -> Any:
    """`default` where the field is absent or null; any other value is checked as it is (0, '' and [] too)."""
    return default if value is None else value


def is_fault_id(value: Any) -> TypeGuard[int]:
    """A fault id: the YAML reader has already refused any integer not written as plain decimal digits."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_FAULT_ID


def kind(value: Any) -> str:
    """What `value` is, in a problem's words."""
    return {dict: "a mapping", list: "a list", str: "text", type(None): "nothing"}.get(
        type(value), type(value).__name__
    )
