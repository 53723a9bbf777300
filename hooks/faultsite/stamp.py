"""Record, in a translation file, which version of the English text each fault's translation follows.

Run after reviewing a translation against the current English:  PYTHONPATH=hooks python -m faultsite.stamp nl [13 ...]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml

from .model import TEXT_FIELDS
from .status import text_hash

DATA = Path(__file__).resolve().parent.parent.parent / "data"


def stamp_text(source: str, english: dict[int, dict[str, str]], only: set[int] | None = None) -> str:
    """`source` (a locale's YAML) with `translated_from` set to the current English hash of each present field."""
    lines = source.splitlines(keepends=True)
    root = yaml.compose(source, Loader=yaml.SafeLoader)
    faults = next(value for key, value in root.value if key.value == "faults")
    edits: list[tuple[int, int, str]] = []  # (start line, end line exclusive, replacement)
    for key_node, fault_node in faults.value:
        fault_id = int(key_node.value)
        if only is not None and fault_id not in only:
            continue
        present = [k.value for k, _ in fault_node.value if k.value in TEXT_FIELDS]
        stamps = ", ".join(f"{name}: {text_hash(english[fault_id][name])}" for name in TEXT_FIELDS if name in present)
        indent = " " * fault_node.start_mark.column
        new = f"{indent}translated_from: {{{stamps}}}\n"
        old = [(k, v) for k, v in fault_node.value if k.value == "translated_from"]
        if old:
            start, end = old[0][0].start_mark.line, old[0][1].end_mark.line + (old[0][1].end_mark.column > 0)
            edits.append((start, max(end, start + 1), new))
        else:
            edits.append((key_node.start_mark.line + 1, key_node.start_mark.line + 1, new))
    for start, end, new in sorted(edits, reverse=True):
        lines[start:end] = [new]
    return "".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("locale")
    parser.add_argument("faults", nargs="*", type=int, help="only these faults (default: all)")
    args = parser.parse_args()
    english = yaml.safe_load((DATA / "text" / "en.yaml").read_text(encoding="utf-8"))["faults"]
    path = DATA / "text" / f"{args.locale}.yaml"
    path.write_text(stamp_text(path.read_text(encoding="utf-8"), english, set(args.faults) or None), encoding="utf-8")


if __name__ == "__main__":
    main()
