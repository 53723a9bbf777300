"""Record, in a translation file, which version of the English text each fault's translation follows.

Run after reviewing a translation against the current English:  PYTHONPATH=hooks python -m faultsite.stamp nl [13 ...]

Only the translated_from hashes change (faultsite/text_edit.py edits by character spans). A locale that is not a
translation, a fault that does not exist or that the locale does not translate is refused with one line and exit
status 2; on success the tool says which faults and fields it stamped.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from .model import TEXT_FIELDS
from .text_edit import stamp_changes
from .text_edit import stamp_text as stamp_text  # re-exported: the stamp tool's edit, for tests and tools

ROOT = Path(__file__).resolve().parent.parent.parent
DATA = ROOT / "data"
MKDOCS_YML = ROOT / "mkdocs.yml"


class ToolError(Exception):
    """A mistake in what the tool was asked to do: reported as one line, exit status 2."""


def configured_locales(mkdocs_yml: Path = MKDOCS_YML) -> tuple[str, tuple[str, ...]]:
    """The default locale and every locale (default first), from the i18n plugin's languages in mkdocs.yml."""
    config = yaml.safe_load(mkdocs_yml.read_text(encoding="utf-8"))
    plugins = {
        name: options
        for item in config["plugins"]
        for name, options in (item.items() if isinstance(item, dict) else [(item, {})])
    }
    languages = plugins["i18n"]["languages"]
    default = next(lang["locale"] for lang in languages if lang.get("default"))
    return default, (default, *[lang["locale"] for lang in languages if lang["locale"] != default])


def translation_file(locale: str, data: Path, mkdocs_yml: Path = MKDOCS_YML) -> tuple[Path, Path]:
    """data/text/<locale>.yaml of a translation, and the English file; ToolError for English or an unknown locale."""
    default, locales = configured_locales(mkdocs_yml)
    if locale == default:
        raise ToolError(f"{locale} is the English source: only translations record translated_from")
    if locale not in locales:
        raise ToolError(f"unknown locale {locale!r} (the translations: {', '.join(locales[1:])})")
    return data / "text" / f"{locale}.yaml", data / "text" / f"{default}.yaml"


def read_faults(path: Path) -> dict[Any, Any]:
    """The `faults:` mapping of a text file; ToolError (one line, with the file) if it cannot be read."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ToolError(f"cannot read {path}: {' '.join(str(error).split())}") from None
    faults = data.get("faults") if isinstance(data, dict) else None
    return faults if isinstance(faults, dict) else {}


def stamp(locale: str, fault_ids: Sequence[int], data: Path = DATA, mkdocs_yml: Path = MKDOCS_YML) -> str:
    """Stamp `fault_ids` (all of the locale's when empty) and say what was stamped; ToolError if it cannot."""
    path, english_path = translation_file(locale, data, mkdocs_yml)
    english, own = read_faults(english_path), read_faults(path)
    for fault_id in fault_ids:
        if fault_id not in english:
            raise ToolError(f"there is no fault {fault_id} (faults: {', '.join(map(str, sorted(english)))})")
        if not any(field in (own.get(fault_id) or {}) for field in TEXT_FIELDS):
            raise ToolError(f"fault {fault_id} has no {locale} translation to stamp (in {path.name})")
    source = path.read_text(encoding="utf-8")
    stamped_source, stamped = stamp_changes(source, english, set(fault_ids) or None)
    if stamped_source != source:
        path.write_text(stamped_source, encoding="utf-8")
    changed = "changed" if stamped_source != source else "already current, unchanged"
    faults = "; ".join(f"fault {fault_id}: {', '.join(fields)}" for fault_id, fields in stamped.items() if fields)
    return f"stamped {path.name} ({changed}): {faults or 'nothing translated'}"


def main(argv: Sequence[str] | None = None) -> int:
    """The command line: one line on success (stdout) or on a refused request (stderr, exit status 2)."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("locale")
    parser.add_argument("faults", nargs="*", type=int, help="only these faults (default: all the locale translates)")
    args = parser.parse_args(argv)
    try:
        print(stamp(args.locale, args.faults, DATA, MKDOCS_YML))
    except ToolError as error:
        print(f"stamp: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
