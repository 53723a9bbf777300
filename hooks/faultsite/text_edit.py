"""Careful edits of a translation file (data/text/<locale>.yaml): set fault fields and their translated_from hashes.

The file is edited in place by character spans taken from the YAML parser, so every other byte stays as it was:
comments, block or flow style, quoting, other faults. (A round-trip library re-emits the whole file and, with its
defaults, re-wraps long lines; the spans are exact.) The stamp tool and the translator's import both write here.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

import yaml
from yaml.nodes import MappingNode, Node

from .fallback import text_hash
from .model import TEXT_FIELDS

_Edit = tuple[int, int, str]  # replace source[start:end] by the text


def stamp_text(
    source: str,
    english: Mapping[int, Mapping[str, str]],
    only: Collection[int] | None = None,
    fields: Mapping[int, Collection[str]] | None = None,
) -> str:
    """`source` with `translated_from` set to the current English hash of each present field.

    `only`: these faults (every field present); `fields`: these fields of these faults, the other hashes kept."""
    return stamp_changes(source, english, only, fields)[0]


def stamp_changes(
    source: str,
    english: Mapping[int, Mapping[str, str]],
    only: Collection[int] | None = None,
    fields: Mapping[int, Collection[str]] | None = None,
) -> tuple[str, dict[int, list[str]]]:
    """The stamped source, and fault -> the fields whose hash it set (changed or already current)."""
    faults = _faults_node(source)
    edits: list[_Edit] = []
    stamped: dict[int, list[str]] = {}
    for key_node, fault_node in faults.value if faults is not None else []:
        fault_id = int(key_node.value)
        wanted = _wanted(fault_id, only, fields)
        if wanted is None:
            continue
        present = [k.value for k, _ in fault_node.value if k.value in TEXT_FIELDS]
        old = _old_stamps(fault_node)
        stamps = {
            name: text_hash(english[fault_id][name]) if name in wanted else old[name]
            for name in TEXT_FIELDS
            if name in present and (name in wanted or name in old)
        }
        stamped[fault_id] = [name for name in TEXT_FIELDS if name in present and name in wanted]
        edits.extend(_stamp_fault(fault_node, stamps))
    return _apply(source, edits), stamped


def _wanted(
    fault_id: int, only: Collection[int] | None, fields: Mapping[int, Collection[str]] | None
) -> Collection[str] | None:
    """The fields of `fault_id` to stamp, or None to leave the fault alone."""
    if fields is not None:
        return fields.get(fault_id)
    return TEXT_FIELDS if only is None or fault_id in only else None


def put_fields(source: str, texts: Mapping[int, Mapping[str, str]]) -> str:
    """`source` with each fault's fields set to `texts` (fields and faults added where missing, in order)."""
    faults = _faults_node(source)
    if faults is None or faults.flow_style:
        raise ValueError("faults: must be a block mapping to add text to it")
    edits: list[_Edit] = []
    by_id = {int(key.value): (key, node) for key, node in faults.value}
    for fault_id, fields in sorted(texts.items()):
        if fault_id in by_id:
            edits.extend(_put_in_fault(source, fault_id, *by_id[fault_id], fields))
        else:
            edits.append(_new_fault(source, faults, fault_id, fields))
    return _apply(source, edits)


def _faults_node(source: str) -> MappingNode | None:
    root = yaml.compose(source, Loader=yaml.SafeLoader)
    if not isinstance(root, MappingNode):
        raise ValueError("expected a YAML mapping with a faults: key")
    found = next((value for key, value in root.value if key.value == "faults"), None)
    if found is not None and not isinstance(found, MappingNode):
        raise ValueError("faults: must be a mapping")
    return found


def _apply(source: str, edits: list[_Edit]) -> str:
    for start, end, text in sorted(edits, reverse=True):
        source = source[:start] + text + source[end:]
    return source


def _old_stamps(fault: MappingNode) -> dict[str, str]:
    for key, value in fault.value:
        if key.value == "translated_from" and isinstance(value, MappingNode):
            return {str(k.value): str(v.value) for k, v in value.value}
    return {}


def _stamp_fault(fault: MappingNode, stamps: dict[str, str]) -> list[_Edit]:
    old = [(key, value) for key, value in fault.value if key.value == "translated_from"]
    if not old:
        if not stamps:
            return []
        first = fault.value[0][0].start_mark
        if fault.flow_style:
            return [(first.index, first.index, f"translated_from: {_flow(stamps)}, ")]
        line_start = first.index - first.column
        return [(line_start, line_start, f"{' ' * first.column}translated_from: {_flow(stamps)}\n")]
    key, value = old[0]
    if isinstance(value, MappingNode) and [k.value for k, _ in value.value] == list(stamps):
        # Same fields as before: replace only the hashes, keeping layout and comments.
        return [(v.start_mark.index, v.end_mark.index, _scalar(stamps[k.value])) for k, v in value.value]
    if isinstance(value, MappingNode) and not value.flow_style and value.value and stamps:
        indent = " " * value.value[0][0].start_mark.column
        block = "".join(f"\n{indent}{name}: {_scalar(stamp)}" for name, stamp in stamps.items())
        return [(key.start_mark.index, _end(value), f"translated_from:{block}")]
    return [(key.start_mark.index, _end(value), f"translated_from: {_flow(stamps)}")]


def _put_in_fault(source: str, fault_id: int, key: Node, fault: Node, fields: Mapping[str, str]) -> list[_Edit]:
    if not isinstance(fault, MappingNode) or fault.flow_style or not fault.value:
        raise ValueError(f"fault {fault_id} must be a block mapping to add text to it")
    column = fault.value[0][0].start_mark.column
    nodes = {str(k.value): (k, v) for k, v in fault.value}
    edits: list[_Edit] = []
    for name in (field for field in TEXT_FIELDS if field in fields):
        entry = _entry(name, fields[name], column)
        if name in nodes:
            field_key, value = nodes[name]
            start = field_key.start_mark.index - field_key.start_mark.column
            edits.append((start, _content_end(source, value), entry.rstrip("\n")))
            continue
        before = [nodes[f][1] for f in TEXT_FIELDS[: TEXT_FIELDS.index(name)] if f in nodes]
        at = _content_end(source, before[-1] if before else fault.value[-1][1]) + 1
        edits.append((at, at, entry))
    return edits


def _new_fault(source: str, faults: MappingNode, fault_id: int, fields: Mapping[str, str]) -> _Edit:
    """A new fault block, after the last fault with a lower id (or before the first)."""
    column = faults.value[0][0].start_mark.column if faults.value else 2
    inner = faults.value[0][1].value[0][0].start_mark.column if faults.value else column + 2
    block = f"{' ' * column}{fault_id}:\n" + "".join(
        _entry(name, fields[name], inner) for name in TEXT_FIELDS if name in fields
    )
    lower = [node for key, node in faults.value if int(key.value) < fault_id]
    if lower:
        at = _content_end(source, lower[-1]) + 1
    elif faults.value:
        first = faults.value[0][0].start_mark
        at = first.index - first.column
    else:
        at = len(source) if source.endswith("\n") else len(source + "\n")
    return (at, at, block)


def _entry(name: str, text: str, column: int) -> str:
    """`name: text` as YAML lines at `column`, the text as a literal block where it has several lines."""
    indent = " " * column
    if "\n" not in text.strip():
        value = yaml.safe_dump(text.strip(), allow_unicode=True, width=2**31).removesuffix("\n...\n").rstrip("\n")
        return f"{indent}{name}: {value}\n"
    body = text.strip("\n") + "\n"
    dumped = yaml.safe_dump(body, allow_unicode=True, width=2**31, default_style="|")
    if not dumped.startswith("|"):  # PyYAML chose quotes: the text cannot be a literal block
        return f"{indent}{name}: {dumped.rstrip()}\n"
    head, _, rest = dumped.partition("\n")
    lines = [line[2:] if line.startswith("  ") else line for line in rest.rstrip("\n").split("\n")]
    return f"{indent}{name}: {head}\n" + "".join(f"{indent}  {line}\n" if line else "\n" for line in lines)


def _content_end(source: str, node: Node) -> int:
    """Where the last line holding the node's own text ends (before its newline, trailing blank lines excluded)."""
    start = int(node.start_mark.index)
    lines = source[start : _end(node)].split("\n")
    while len(lines) > 1 and not lines[-1].strip():
        lines.pop()
    return start + len("\n".join(lines))


def _end(node: Node) -> int:
    """Where the node's own text ends (a block mapping's end mark lies on the next key's line)."""
    if isinstance(node, MappingNode) and not node.flow_style and node.value:
        return _end(node.value[-1][1])
    return int(node.end_mark.index)


def _flow(stamps: dict[str, str]) -> str:
    return "{" + ", ".join(f"{name}: {_scalar(stamp)}" for name, stamp in stamps.items()) + "}"


def _scalar(stamp: str) -> str:
    """The hash as YAML the loader reads back as the same string: all digits (`123456789012`) or `0b…` need quotes."""
    return stamp if yaml.safe_load(stamp) == stamp else f"'{stamp}'"
