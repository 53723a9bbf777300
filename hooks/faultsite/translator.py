"""The translator's round trip: export a locale's missing and outdated fault fields to PO, import it back.

    PYTHONPATH=hooks python -m faultsite.translator export nl -o nl.po
    PYTHONPATH=hooks python -m faultsite.translator import nl nl.po

PO (gettext), because every tool a translator uses reads and writes it (Poedit, Weblate, Crowdin, memoQ, Lokalize),
each unit carries a context (msgctxt: the unit ID, fault-18.resolution), comments for the translator and a fuzzy
flag (an outdated translation, to review), and one library reads and writes it exactly (polib).

The import writes data/text/<locale>.yaml through text_edit (the stamp tool's writer: every other line kept) and
closes the gaps it fills in data/curation/<locale>.yaml (gap_edit, the same way), only after the whole data, with
the new text, passes the build's checks in a temporary copy; every problem is reported by unit ID, and nothing is
written while there is one.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import polib

from .curation import load_curation
from .fallback import text_hash
from .gap_edit import close_gaps
from .glossary import fault_texts, load_glossary, unit_terms
from .load import load_catalog
from .model import Catalog
from .notes import misaligned
from .problems import DataError, Problem
from .stamp import DATA, MKDOCS_YML, ToolError, configured_locales, read_faults, translation_file
from .text_edit import put_fields, stamp_text
from .translation_units import Unit, parse_unit_id, unit_id, units

_MARKDOWN = (
    "Markdown: keep paragraph breaks and list items as in the English, `code` and log paths as they are, and "
    "[words][fault-13] or [words][tech-note] links with their part in the second brackets unchanged."
)


def export(locale: str, data: Path = DATA, mkdocs_yml: Path = MKDOCS_YML) -> tuple[polib.POFile, list[Unit]]:
    """The PO file of every missing or outdated fault field of `locale`, and its units."""
    translation_file(locale, data, mkdocs_yml)  # a translation, configured
    catalog = _catalog(data, mkdocs_yml)
    glossary, problems = load_glossary(data, fault_texts(catalog, catalog.default_locale), catalog.locales)
    if problems:
        raise DataError(problems)
    found = units(catalog, locale, lambda english: unit_terms(glossary, locale, english))
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "Cisco Secure Endpoint Mac Connector faults",
        "Language": locale.replace("-", "_"),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": "faultsite.translator",
    }
    for unit in found:
        po.append(_entry(unit))
    return po, found


def _entry(unit: Unit) -> polib.POEntry:
    comments = [f"Fault {unit.fault}, {unit.field}: {'not translated yet' if unit.state == 'missing' else ''}"]
    if unit.state == "outdated":
        comments[0] += "the English changed since this translation was made; review it against the English."
    comments.append(f"Source hash: {unit.source_hash}")
    comments.append(_MARKDOWN if unit.field == "resolution" else "One line: a title shown in headings and tables.")
    comments += list(unit.notes)
    comments += [f"Glossary: {term} = {mine}" for term, mine in unit.glossary]
    return polib.POEntry(
        msgctxt=unit.id,
        msgid=unit.english,
        msgstr=unit.translation,
        comment="\n".join(comments),
        flags=["fuzzy"] if unit.state == "outdated" else [],
    )


def import_file(locale: str, po_path: Path, data: Path = DATA, mkdocs_yml: Path = MKDOCS_YML) -> str:
    """Write the translated units of `po_path` into the locale's text file and stamp them; what was imported.

    ToolError listing every problem, by unit ID, if any: then nothing is written."""
    path, english_path = translation_file(locale, data, mkdocs_yml)
    english = read_faults(english_path)
    texts, skipped, problems = _read_units(locale, _read_po(po_path), english)
    if problems:
        raise ToolError(_listed(f"{po_path.name} cannot be imported", problems))
    if not texts:
        return f"nothing to import from {po_path.name}" + _listed("", skipped)
    source = path.read_text(encoding="utf-8")
    fields = {fault: set(by_field) for fault, by_field in texts.items()}
    curation_path = data / "curation" / f"{locale}.yaml"
    gaps_before = curation_path.read_text(encoding="utf-8") if curation_path.is_file() else ""
    try:
        new = stamp_text(put_fields(source, texts), english, fields=fields)
        gaps_after, closed = close_gaps(gaps_before, fields) if gaps_before else ("", [])
    except ValueError as error:
        raise ToolError(f"cannot edit {path.name} or {curation_path.name}: {error}") from None
    checked = _check(data, mkdocs_yml, locale, {path: new, curation_path: gaps_after}, texts)
    if checked:
        raise ToolError(_listed(f"{po_path.name}: the data with this translation fails the build's checks", checked))
    path.write_text(new, encoding="utf-8")
    if closed:
        curation_path.write_text(gaps_after, encoding="utf-8")
    done = "; ".join(f"fault {fault}: {', '.join(by_field)}" for fault, by_field in sorted(texts.items()))
    closed = [f"{line} in curation/{curation_path.name}" for line in closed]
    return f"imported into {path.name} and stamped: {done}" + _listed("", skipped + closed)


def _read_po(po_path: Path) -> polib.POFile:
    try:
        return polib.pofile(str(po_path), wrapwidth=0)
    except (OSError, ValueError, UnicodeDecodeError) as error:
        raise ToolError(f"cannot read {po_path}: {' '.join(str(error).split())}") from None


def _read_units(
    locale: str, po: polib.POFile, english: dict[int, dict[str, str]]
) -> tuple[dict[int, dict[str, str]], list[str], list[str]]:
    """fault -> field -> translated text, the units left out (and why), and the problems, by unit ID."""
    language = po.metadata.get("Language", "").replace("_", "-")
    if language and language.lower() != locale.lower():
        return {}, [], [f"the file is in {language}, not {locale}"]
    texts: dict[int, dict[str, str]] = {}
    skipped: list[str] = []
    problems: list[str] = []
    for entry in po:
        where = parse_unit_id(entry.msgctxt or "")
        if entry.obsolete:
            continue
        if where is None or where[0] not in english:
            problems.append(f"{entry.msgctxt or '(no msgctxt)'}: not a unit of this site (fault-<id>.<field>)")
        elif text_hash(entry.msgid) != text_hash(english[where[0]][where[1]]):
            problems.append(f"{entry.msgctxt}: the English changed since the export; export again")
        elif entry.fuzzy or not entry.msgstr.strip():
            skipped.append(f"{entry.msgctxt}: left out ({'marked fuzzy' if entry.fuzzy else 'not translated'})")
        else:
            texts.setdefault(where[0], {})[where[1]] = entry.msgstr
    return texts, skipped, problems


def _check(
    data: Path, mkdocs_yml: Path, locale: str, new: dict[Path, str], texts: dict[int, dict[str, str]]
) -> list[str]:
    """The build's data checks on a copy of the data with the new files (path under `data` -> content): the
    problems, by unit ID."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "data"
        shutil.copytree(data, copy)
        for path, text in new.items():
            if text:
                (copy / path.relative_to(data)).write_text(text, encoding="utf-8")
        try:
            catalog = _catalog(copy, mkdocs_yml)
        except DataError as error:
            return [_by_unit(problem, locale) for problem in error.problems]
        curation = load_curation(copy, catalog)
    english = catalog.texts[catalog.default_locale].faults
    listed = {fault for loc, fault in curation.alignment if loc == locale}
    return [
        f"{unit_id(fault, 'resolution')}: {reason} (paragraphs and list items must match the English one to one)"
        for fault, fields in texts.items()
        if "resolution" in fields and fault not in listed
        for reason in misaligned(english[fault].resolution or "", fields["resolution"])
    ]


def _by_unit(problem: Problem, locale: str) -> str:
    """A problem named by the unit it is about where it is about one (else by file and line)."""
    if (
        problem.locale == locale
        and isinstance(problem.fault, int)
        and problem.field in ("portal_text", "endpoint_description", "resolution")
    ):
        where = unit_id(problem.fault, problem.field)
        return f"{where}: {problem.message}" + (f" ({problem.file})" if not problem.file.startswith("text/") else "")
    return str(problem)


def _catalog(data: Path, mkdocs_yml: Path) -> Catalog:
    default, locales = configured_locales(mkdocs_yml)
    return load_catalog(data, locales=locales, default_locale=default, mkdocs_yml=mkdocs_yml)


def _listed(head: str, lines: Sequence[str]) -> str:
    return head + "".join(f"\n  - {line}" for line in lines)


def main(argv: Sequence[str] | None = None) -> int:
    """The command line: `export LOCALE [-o FILE]` or `import LOCALE FILE`."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    out = commands.add_parser("export", help="write the locale's missing and outdated fields to a PO file")
    out.add_argument("locale")
    out.add_argument("-o", "--output", type=Path, help="the PO file (default: <locale>.po here)")
    back = commands.add_parser("import", help="write a translated PO file into data/text/<locale>.yaml")
    back.add_argument("locale")
    back.add_argument("file", type=Path)
    args = parser.parse_args(argv)
    try:
        if args.command == "export":
            po, found = export(args.locale, DATA, MKDOCS_YML)
            target = args.output or Path(f"{args.locale}.po")
            po.save(str(target))
            print(f"wrote {target}: {len(found)} unit(s) to translate" + _listed("", [u.id for u in found]))
        else:
            print(import_file(args.locale, args.file, DATA, MKDOCS_YML))
    except ToolError as error:
        print(f"translator: {error}", file=sys.stderr)
        return 2
    except DataError as error:  # the data as it stands does not load: the build would say the same
        print(f"translator: the data does not load, fix it first:\n{error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
