"""Strict YAML reading: no duplicate keys, no anchors or aliases, and a line number for every value."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem

_SCALARS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
_MAX_DEPTH = 20
# Where a value sits in a document: the keys and list indexes leading to it.
YamlPath = tuple[str | int, ...]


@dataclass
class YamlDoc:
    """A parsed file: plain data, and the line (1-based) where each path starts."""

    path: str
    data: Any
    lines: dict[YamlPath, int] = field(default_factory=dict)

    def line(self, *keys: Any) -> int | None:
        """The line of the deepest known path prefix of `keys`."""
        for end in range(len(keys), -1, -1):
            if keys[:end] in self.lines:
                return self.lines[keys[:end]]
        return None


class _Rejected(Exception):
    """A construct the data must not use; stops parsing."""

    def __init__(self, line: int | None, message: str) -> None:
        self.line, self.message = line, message


class _StrictLoader(yaml.SafeLoader):
    """Refuses anchors and aliases while composing: they are not needed and can blow up memory."""

    _depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event: yaml.Event = self.peek_event()  # type: ignore[no-untyped-call]  # untyped in types-PyYAML's Parser
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            name = getattr(event, "anchor", None) or "?"
            raise _Rejected(_line(event), f"anchors and aliases are not allowed (&{name} / *{name})")
        # Composing recurses once per level: stop before Python's recursion limit does (RecursionError).
        if self._depth > _MAX_DEPTH:
            raise _Rejected(_line(event), f"nesting deeper than {_MAX_DEPTH} levels")
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


# libyaml (C) composes ten times faster; the checks of _StrictLoader then run on its events first.
_FastLoader = getattr(yaml, "CSafeLoader", _StrictLoader)


def read_text(path: Path, label: str) -> tuple[str | None, list[Problem]]:
    """A data file's text (UTF-8); None and a problem naming the file, and the line and byte of an encoding error."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return None, [Problem(file=label, message=f"cannot read: {error.strerror or error}")]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        shown = " ".join(f"0x{byte:02x}" for byte in data[error.start : error.end])
        message = f"byte {shown} at column {column} is not UTF-8 ({error.reason}): save the file as UTF-8"
        return None, [Problem(file=label, line=line, message=message)]


def read_yaml(path: Path, label: str) -> tuple[YamlDoc | None, list[Problem]]:
    """Parse `path`; on failure return None and the problems, named by `label`.

    A file is parsed once per content: the curation records are read by two stages (notes.py, curation.py), and a
    rebuild under `mkdocs serve` parses only the files an edit changed. The documents are only read, never changed."""
    text, problems = read_text(path, label)
    if text is None:
        return None, problems
    doc, found = _parsed(text, label)
    return doc, list(found)


@lru_cache(maxsize=64)
def _parsed(text: str, label: str) -> tuple[YamlDoc | None, tuple[Problem, ...]]:
    doc, problems = parse_yaml(text, label)
    return doc, tuple(problems)


def _check_events(text: str) -> None:
    """Refuse anchors, aliases and deep nesting before composing, with libyaml's fast parser."""
    depth = 0
    for event in yaml.parse(text, Loader=_FastLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            name = getattr(event, "anchor", None) or "?"
            raise _Rejected(_line(event), f"anchors and aliases are not allowed (&{name} / *{name})")
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > _MAX_DEPTH:
                raise _Rejected(_line(event), f"nesting deeper than {_MAX_DEPTH} levels")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def parse_yaml(text: str, label: str) -> tuple[YamlDoc | None, list[Problem]]:
    """Parse YAML text strictly; `label` names it in problems."""
    try:
        if _FastLoader is _StrictLoader:
            node = yaml.compose(text, Loader=_StrictLoader)
        else:
            _check_events(text)
            node = yaml.compose(text, Loader=_FastLoader)
    except _Rejected as error:
        return None, [Problem(file=label, line=error.line, message=error.message)]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        return None, [Problem(file=label, line=line, message=f"YAML syntax error: {error.problem}")]
    except yaml.YAMLError as error:
        return None, [Problem(file=label, message=f"YAML error: {error}")]
    doc = YamlDoc(path=label, data=None)
    problems: list[Problem] = []
    if node is None:
        return doc, problems
    try:
        doc.data = _convert(node, (), doc, problems, depth=0)
    except _Rejected as error:
        return None, [Problem(file=label, line=error.line, message=error.message)]
    return (None if problems else doc), problems


def _line(event: yaml.Event) -> int | None:
    """The 1-based line where a parser event starts (the parser always marks it)."""
    return event.start_mark.line + 1 if event.start_mark else None


def _convert(node: yaml.Node, path: YamlPath, doc: YamlDoc, problems: list[Problem], depth: int) -> Any:
    line = node.start_mark.line + 1
    doc.lines[path] = line
    if depth > _MAX_DEPTH:
        raise _Rejected(line, f"nesting deeper than {_MAX_DEPTH} levels")
    if isinstance(node, yaml.MappingNode):
        result: dict[str | int, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _Rejected(key_node.start_mark.line + 1, "merge keys (<<) are not allowed")
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _SCALARS:
                raise _Rejected(key_node.start_mark.line + 1, "a key must be a plain value")
            key = _scalar(key_node)
            if isinstance(key, bool) or not isinstance(key, (str, int)):
                # true == 1 and 1.0 == 1 in a dict: such a key would silently stand for a fault id.
                raise _Rejected(
                    key_node.start_mark.line + 1, f"a key must be text or a whole number, found {key!r:.40}"
                )
            if key in result:
                problems.append(
                    Problem(
                        file=doc.path,
                        line=key_node.start_mark.line + 1,
                        message=f"duplicate key {key!r} (first at line {doc.lines[path + (key,)]})",
                    )
                )
                continue
            result[key] = _convert(value_node, path + (key,), doc, problems, depth + 1)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, path + (index,), doc, problems, depth + 1) for index, item in enumerate(node.value)]
    if not isinstance(node, yaml.ScalarNode) or node.tag not in _SCALARS:
        raise _Rejected(line, f"unsupported YAML tag {node.tag}")
    return _scalar(node)


def _scalar(node: yaml.ScalarNode) -> Any:
    """The value of a scalar node; a value its tag cannot hold (`!!int abc`, `0x_`, 5000 digits) is rejected."""
    if node.tag == "tag:yaml.org,2002:int" and not _DECIMAL.match(node.value):
        # YAML 1.1 reads 020 as 16 and 1:00 as 60: a number means what it says, or it is refused.
        raise _Rejected(
            node.start_mark.line + 1,
            f"{node.value[:40]!r} is not a valid int as written: use plain decimal "
            "digits (no leading zeros, `+`, `_`, `:`, 0x, 0o or 0b); quote it if it is text",
        )
    try:
        return _CONSTRUCT[node.tag](_LOADER, node)
    except (ValueError, IndexError, KeyError, yaml.YAMLError) as error:
        kind = node.tag.rsplit(":", 1)[-1]
        raise _Rejected(node.start_mark.line + 1, f"{node.value!r:.40} is not a valid {kind} ({error!s:.80})") from None


# One loader for every scalar: the scalar constructors keep no state (a loader per scalar cost a third of loading).
_LOADER = yaml.SafeLoader("")
_CONSTRUCT = {tag: yaml.SafeLoader.yaml_constructors[tag] for tag in _SCALARS}
_DECIMAL = re.compile(r"^-?(0|[1-9][0-9]{0,17})$")
