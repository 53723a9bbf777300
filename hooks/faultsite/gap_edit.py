"""Careful edits of a curation file (data/curation/<locale>.yaml): close the gaps a translation has just filled.

Like text_edit, by character spans from the YAML parser: every other line stays as it was. A gap entry whose
fields are all filled is removed; one that still has missing fields is replaced by one entry per field still
missing, with the same reason.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

from .model import TEXT_FIELDS


def close_gaps(source: str, filled: Mapping[int, Collection[str]]) -> tuple[str, list[str]]:
    """`source` without the gaps `filled` (fault -> fields now translated) closes, and what was changed."""
    root = yaml.compose(source, Loader=yaml.SafeLoader)
    gaps = _section(root, "gaps")
    edits: list[tuple[int, int, str]] = []
    said: list[str] = []
    for item in gaps.value if isinstance(gaps, SequenceNode) else []:
        entry = {str(k.value): v for k, v in item.value} if isinstance(item, MappingNode) else {}
        fault, field = _scalar(entry.get("fault")), _scalar(entry.get("field"))
        if not fault.isdigit() or int(fault) not in filled:
            continue
        covered = TEXT_FIELDS if field == "all" else (field,)
        remaining = [name for name in covered if name not in filled[int(fault)]]
        if len(remaining) == len(covered):
            continue
        start, end = _line_span(source, item)
        indent = " " * (item.start_mark.column - 2)
        reason = json.dumps(_scalar(entry.get("reason")), ensure_ascii=False)  # a JSON string is a YAML scalar
        lines = "".join(f"{indent}- {{fault: {fault}, field: {name}, reason: {reason}}}\n" for name in remaining)
        edits.append((start, end, lines))
        said.append(
            f"closed the gap of fault {fault} ({', '.join(n for n in covered if n not in remaining)})"
            + (f"; still missing: {', '.join(remaining)}" if remaining else "")
        )
    for start, end, text in sorted(edits, reverse=True):
        source = source[:start] + text + source[end:]
    return _empty_list_if_none_left(source), said


def _section(root: Node | None, name: str) -> Node | None:
    if not isinstance(root, MappingNode):
        return None
    return next((value for key, value in root.value if key.value == name), None)


def _scalar(node: Node | None) -> str:
    return str(node.value) if node is not None and not isinstance(node.value, list) else ""


def _line_span(source: str, item: Node) -> tuple[int, int]:
    """From the start of the line of the item's `- ` to the end of the line where its text ends (newline too)."""
    start = source.rfind("\n", 0, item.start_mark.index) + 1
    last = item.value[-1][1] if isinstance(item, MappingNode) and not item.flow_style and item.value else item
    end = source.find("\n", int(last.end_mark.index) - (0 if item is last else 1))
    return start, len(source) if end < 0 else end + 1


def _empty_list_if_none_left(source: str) -> str:
    """`gaps:` with no entry left reads as null: write it as an empty list, as the other sections are."""
    root = yaml.compose(source, Loader=yaml.SafeLoader)
    for key, value in root.value if isinstance(root, MappingNode) else []:
        if key.value == "gaps" and value.tag.endswith(":null") and value.start_mark.index == value.end_mark.index:
            return source[: key.end_mark.index] + ": []" + source[key.end_mark.index + 1 :]
    return source
