"""Load the data folder into a validated Catalog, or raise DataError listing every problem.

Validation runs in named stages; each collects its problems, and loading stops after a stage that found any only
where the next stage would have nothing sound to check:
1. files: every configured locale has a text file, every text file a configured locale, and each is strict YAML;
2. facts: faults.yaml, its structure, link targets and faults, and the IDs that refer to faults (facts.py);
3. text per locale: interface strings, fault text and link titles, as data and as rendered HTML (locale_text.py);
4. published URLs: every fault URL ever published is still served (permanent_urls.py);
5. completeness: English has every field, and every translated string has English's placeholders;
6. reader notes: the curation's notes are anchored in the text (notes.py);
7. curation records: well formed and still true (curation.py);
8. structure: every line of text keeps the structure of each place the templates put it (structure.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from .curation import read_curation
from .facts import FACTS_FILE as FACTS_FILE  # re-exported: the facts file's name for the package's users
from .facts import check_facts
from .locale_text import PLACEHOLDER, check_locale_text, text_rules
from .markdown_settings import markdown_extensions
from .model import TEXT_FIELDS, UI_KEYS, Catalog, Fault, LocaleText
from .notes import load_notes
from .parallel import fork_map
from .permanent_urls import PUBLISHED_FILE as PUBLISHED_FILE  # re-exported, as for FACTS_FILE
from .permanent_urls import published_problems
from .problems import DataError, Problem
from .schema import DocChecks
from .structure import structure_problems
from .yamlfile import YamlDoc, read_yaml

TEXT_DIR = "text"
MKDOCS_YML = Path(__file__).parents[2] / "mkdocs.yml"


def load_catalog(
    data_dir: Path,
    *,
    locales: Sequence[str],
    default_locale: str,
    mkdocs_yml: Path = MKDOCS_YML,
    processes: int = 1,
    structure: bool = True,
) -> Catalog:
    """Read faults.yaml and text/<locale>.yaml for the configured `locales`; validate everything (stage 8 only
    with `structure`: kept_build.py knows when this data, checked by this code, passed it already).

    The locales' texts are checked by up to `processes` processes (forked; this one among them)."""
    problems: list[Problem] = []
    extensions = markdown_extensions(mkdocs_yml)
    facts_doc, text_docs = _read_files(data_dir, locales, problems)
    if facts_doc is None or problems:
        raise DataError(problems)
    facts = check_facts(DocChecks(facts_doc, problems), set(locales))
    rules = text_rules(facts, extensions)

    def check_locale(locale: str) -> tuple[LocaleText, list[Problem]]:
        """Stage 3 for one locale: its text and the problems found in it (returned, so a forked process can)."""
        found: list[Problem] = []
        return check_locale_text(DocChecks(text_docs[locale], found), locale, default_locale, facts, rules), found

    texts = {}
    for locale, (text, found) in zip(text_docs, fork_map(check_locale, list(text_docs), processes), strict=True):
        texts[locale] = text
        problems.extend(found)
    problems += published_problems(data_dir / PUBLISHED_FILE, locales, default_locale, set(facts.faults))
    if default_locale in texts:
        _check_complete(DocChecks(text_docs[default_locale], problems), texts[default_locale], facts.faults)
        for locale, text in texts.items():
            _check_placeholders(DocChecks(text_docs[locale], problems), text, texts[default_locale])
    if problems:
        raise DataError(problems)
    catalog = Catalog(
        default_locale=default_locale,
        locales=(default_locale, *[loc for loc in locales if loc != default_locale]),
        allowed_hosts=tuple(facts.hosts),
        links=facts.links,
        faults=tuple(sorted(facts.faults.values(), key=lambda f: f.id)),
        texts=texts,
    )
    notes, problems = load_notes(data_dir, catalog)  # anchored in the text, so checked against the catalog
    problems += read_curation(data_dir, catalog)[1]
    if problems:
        raise DataError(problems)
    catalog = replace(catalog, notes=notes)
    if not structure:
        return catalog
    problems = _check_structure(catalog, rules.setting, rules.definitions, [facts_doc, *text_docs.values()], processes)
    if problems:
        raise DataError(problems)
    return catalog


def _check_structure(
    catalog: Catalog, setting: str, definitions: dict[str, str], docs: list[YamlDoc], processes: int
) -> list[Problem]:
    """Stage 8: every line of text keeps the structure of each place the templates put it in."""
    lines = {doc.path: doc for doc in docs}
    return [
        Problem(
            file=text.file,
            line=lines[text.file].line(*text.path),
            locale=text.locale or None,
            fault=text.fault,
            field=text.field,
            message=message,
        )
        for text, message in structure_problems(
            catalog,
            setting=setting,
            definitions=definitions,
            facts_file=FACTS_FILE,
            text_dir=TEXT_DIR,
            processes=processes,
        )
    ]


def _read_files(
    data_dir: Path, locales: Sequence[str], problems: list[Problem]
) -> tuple[YamlDoc | None, dict[str, YamlDoc]]:
    """Stage 1: faults.yaml and the text file of every configured locale, parsed strictly."""
    facts_doc, found = read_yaml(data_dir / FACTS_FILE, FACTS_FILE)
    problems += found
    text_dir = data_dir / TEXT_DIR
    present = sorted(p.stem for p in text_dir.glob("*.yaml")) if text_dir.is_dir() else []
    text_docs: dict[str, YamlDoc] = {}
    for locale in present:
        label = f"{TEXT_DIR}/{locale}.yaml"
        if locale not in locales:
            message = f"locale {locale!r} is not configured in mkdocs.yml ({', '.join(locales)})"
            problems.append(Problem(file=label, locale=locale, message=message))
            continue
        doc, found = read_yaml(text_dir / f"{locale}.yaml", label)
        problems += [replace(problem, locale=locale) for problem in found]
        if doc is not None:
            text_docs[locale] = doc
    for locale in locales:
        if locale not in present:
            label = f"{TEXT_DIR}/{locale}.yaml"
            problems.append(Problem(file=label, locale=locale, message="configured locale has no text file"))
    return facts_doc, text_docs


def _check_complete(check: DocChecks, english: LocaleText, faults: dict[int, Fault]) -> None:
    """Stage 5: English is the source; it has every interface string and every field of every fault."""
    message = "missing: English is the source and must be complete"
    for key in UI_KEYS:
        if key not in english.ui:
            check.report(("ui",), message, locale=english.locale, field=f"ui.{key}")
    for fault_id in faults:
        text = english.faults.get(fault_id)
        for name in TEXT_FIELDS:
            if text is None or text.get(name) is None:
                check.report(("faults", fault_id), message, locale=english.locale, fault=fault_id, field=name)


def _check_placeholders(check: DocChecks, text: LocaleText, english: LocaleText) -> None:
    """Stage 5: a translated interface string has exactly the {placeholders} of its English."""
    for key, value in text.ui.items():
        expected = set(PLACEHOLDER.findall(english.ui.get(key, "")))
        if set(PLACEHOLDER.findall(value)) != expected:
            shown = ", ".join("{" + p + "}" for p in sorted(expected)) or "none"
            message = f"placeholders must be exactly those of English ({shown})"
            check.report(("ui", key), message, locale=text.locale, field=f"ui.{key}")
