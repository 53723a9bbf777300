"""Record, in a translation file, which version of the English text each fault's translation follows.

Run after reviewing a translation against the current English:  PYTHONPATH=hooks python -m faultsite.stamp nl [13 ...]

The file is edited in place by character spans taken from the YAML parser, so every other byte stays as it was:
comments, block or flow style, quoting, other faults. (A round-trip library re-emits the whole file and, with
its defaults, re-wraps long lines; the spans are exact.)
"""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node

from .fallback import text_hash
from .model import TEXT_FIELDS

DATA = Path(__file__).resolve().parent.parent.parent / "data"

_Edit = tuple[int, int, str]  # replace source[start:end] by the text


def stamp_text(source: str, english: dict[int, dict[str, str]], only: set[int] | None = None) -> str:
    """`source` (a locale's YAML) with `translated_from` set to the current English hash of each present field."""
    root = yaml.compose(source, Loader=yaml.SafeLoader)
    if not isinstance(root, MappingNode):
        raise ValueError("expected a YAML mapping with a faults: key")
    faults = next(value for key, value in root.value if key.value == "faults")
    edits: list[_Edit] = []
    for key_node, fault_node in faults.value:
        fault_id = int(key_node.value)
        if only is not None and fault_id not in only:
            continue
        present = {k.value for k, _ in fault_node.value if k.value in TEXT_FIELDS}
        stamps = {name: text_hash(english[fault_id][name]) for name in TEXT_FIELDS if name in present}
        edits.extend(_stamp_fault(fault_node, stamps))
    for start, end, text in sorted(edits, reverse=True):
        source = source[:start] + text + source[end:]
    return source


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


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("locale")
    parser.add_argument("faults", nargs="*", type=int, help="only these faults (default: all)")
    args = parser.parse_args()
    english = yaml.safe_load((DATA / "text" / "en.yaml").read_text(encoding="utf-8"))["faults"]
    path = DATA / "text" / f"{args.locale}.yaml"
    path.write_text(stamp_text(path.read_text(encoding="utf-8"), english, set(args.faults) or None), encoding="utf-8")


if __name__ == "__main__":
    main()
