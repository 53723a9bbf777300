"""The translator's round trip: export to PO, translate with another tool's library, import back, build.

The PO files are read and written here with translate-toolkit (the library of Pootle and of Weblate's PO support),
not with polib, which the tool itself uses: the files must be what other tools read and write. The Dutch text of
fault 18 below is test input only: the published translations come from the seeds, and fault 18 has none.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import build, project_copy
from translate.storage.pypo import pofile

from conftest import DEFAULT_LOCALE, LOCALES, ROOT
from faultsite.fallback import field_state, text_hash
from faultsite.load import load_catalog
from faultsite.model import TEXT_FIELDS

DUTCH_18 = {
    "portal_text": "Gebeurtenisbewaking van de connector is overbelast",
    "endpoint_description": "Gebeurtenisbewaking van de connector is overbelast",
    "resolution": (
        "Deze fout wordt gemeld wanneer de connector zwaar belast is door een overweldigend aantal "
        "systeemgebeurtenissen. De systeembeveiliging is beperkt en de connector bewaakt een kleinere set "
        "systeemkritieke gebeurtenissen totdat de systeemactiviteit afneemt.\n\n"
        "Deze fout kan wijzen op kwaadaardige systeemactiviteit of op zeer actieve toepassingen op het systeem.\n\n"
        "Als een actieve toepassing onschadelijk is en de gebruiker haar vertrouwt, kan ze worden toegevoegd aan een "
        "uitzonderingenset voor processen om de bewakingslast van de connector te verminderen. Dat kan volstaan om "
        "de fout te wissen.\n\n"
        "Als geen onschadelijk proces de zware belasting veroorzaakt, is onderzoek nodig om vast te stellen of de "
        "toegenomen activiteit van een kwaadaardig proces komt.\n\n"
        "Als de connector slechts korte tijd zwaar belast is, kan deze fout vanzelf verdwijnen.\n\n"
        "Als deze fout vaak wordt gemeld, geen onschadelijk proces de zware belasting veroorzaakt en geen "
        "kwaadaardig proces is gevonden, moet het systeem opnieuw worden ingericht voor zwaardere belasting."
    ),
}


def _tool(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m faultsite.translator ARGS` as a translator runs it, in the project `project`."""
    return subprocess.run(
        [sys.executable, "-m", "faultsite.translator", *args],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(project / "hooks")},
        check=False,
    )


def _data_project(tmp_path: Path) -> Path:
    """A copy of what the tool reads: the data, the hooks and mkdocs.yml (the list of locales)."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("data", "hooks"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copyfile(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    return project


def _units(path: Path) -> dict[str, object]:
    """msgctxt -> the unit, as translate-toolkit reads the file."""
    store = pofile.parsefile(str(path))  # type: ignore[no-untyped-call]
    return {unit.getcontext(): unit for unit in store.units if not unit.isheader()}


@pytest.mark.parametrize("locale", LOCALES[1:])
def test_export_gives_every_missing_or_outdated_field_with_its_english_and_hash(tmp_path: Path, locale: str) -> None:
    project = _data_project(tmp_path)
    result = _tool(project, "export", locale, "-o", str(tmp_path / f"{locale}.po"))
    assert result.returncode == 0, result.stderr
    catalog = load_catalog(project / "data", locales=LOCALES, default_locale=DEFAULT_LOCALE)
    expected = [
        f"fault-{fault_id}.{field}"
        for fault_id in catalog.fault_ids
        for field in TEXT_FIELDS
        if field_state(catalog, locale, fault_id, field) != "translated"
    ]
    units = _units(tmp_path / f"{locale}.po")
    assert list(units) == expected and expected  # fault 18 everywhere; ja also fault 10's endpoint description
    for context, unit in units.items():
        fault_id, field = int(context.split(".")[0].removeprefix("fault-")), context.split(".")[1]
        english = (catalog.texts[DEFAULT_LOCALE].faults[fault_id].get(field) or "").strip()
        assert unit.source == english and unit.target == "" and not unit.isfuzzy()  # type: ignore[attr-defined]
        assert f"Source hash: {text_hash(english)}" in unit.getnotes("developer")  # type: ignore[attr-defined]
    assert result.stdout.splitlines()[0] == f"wrote {tmp_path / f'{locale}.po'}: {len(expected)} unit(s) to translate"


def test_an_outdated_field_comes_with_its_present_translation_marked_fuzzy_and_its_reader_notes(
    tmp_path: Path,
) -> None:
    project = _data_project(tmp_path)
    english = project / "data" / "text" / "en.yaml"
    text = english.read_text(encoding="utf-8")
    english.write_text(text.replace("Reboot the system.", "Reboot the Mac."), encoding="utf-8")
    assert _tool(project, "export", "nl", "-o", str(tmp_path / "nl.po")).returncode == 0
    unit = _units(tmp_path / "nl.po")["fault-10.resolution"]
    assert unit.isfuzzy() and unit.target.startswith("Herstart het systeem.")  # type: ignore[attr-defined]
    notes = unit.getnotes("developer")  # type: ignore[attr-defined]
    assert "the English changed since this translation was made" in notes
    # The reader notes on the present translation, with the English paragraph each is about.
    assert "Reader note on paragraph 3 (meaning-reversed): " in notes
    assert "English paragraph 3: Note that Mac Connector 1.14.1 and later may raise this fault" in notes
    # The locale's names (data/glossary/nl.yaml) of what the English talks about, read by faultsite.glossary.
    assert "Glossary: system extension = systeemextensie" in notes
    assert "Glossary: network content filter = netwerkcontentfilter" in notes
    assert "Glossary: Full Disk Access" not in notes  # fault 10's English does not name it


def test_a_translator_fills_fault_18_in_dutch_and_the_site_shows_it(tmp_path: Path) -> None:
    """The README's steps: export, translate in a PO tool, import, remove the gap, build."""
    project = project_copy(tmp_path / "project")
    dutch = project / "data" / "text" / "nl.yaml"
    before = dutch.read_text(encoding="utf-8")
    po = tmp_path / "nl.po"
    assert _tool(project, "export", "nl", "-o", str(po)).returncode == 0
    store = pofile.parsefile(str(po))  # type: ignore[no-untyped-call]  # the translator's tool fills in every unit
    for unit in store.units:
        if not unit.isheader():
            unit.target = DUTCH_18[unit.getcontext().split(".")[1]]
    store.savefile(str(po))

    result = _tool(project, "import", "nl", str(po))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "imported into nl.yaml and stamped: fault 18: portal_text, endpoint_description, resolution",
        "  - closed the gap of fault 18 (portal_text, endpoint_description, resolution) in curation/nl.yaml",
    ]
    after = dutch.read_text(encoding="utf-8")
    assert after.startswith(before)  # every line kept; fault 18 added after fault 17, at the end
    added = after[len(before) :]
    assert added.startswith("  18:\n    translated_from: {portal_text: ") and "    resolution: |\n" in added

    curation = project / "data" / "curation" / "nl.yaml"  # the gap is closed (Dutch had no other), every line kept
    assert "\ngaps: []\n" in curation.read_text("utf-8")
    catalog = load_catalog(project / "data", locales=LOCALES, default_locale=DEFAULT_LOCALE)
    assert [field_state(catalog, "nl", 18, field) for field in TEXT_FIELDS] == ["translated"] * 3
    assert catalog.texts["nl"].faults[18].resolution == DUTCH_18["resolution"] + "\n"

    site = tmp_path / "site"
    built = build(project, site)
    assert built.returncode == 0, built.stderr[-3000:]
    page = (site / "nl" / "faults" / "18" / "index.html").read_text(encoding="utf-8")
    assert "<h1" in page and "Fout 18: Gebeurtenisbewaking van de connector is overbelast</h1>" in page
    assert catalog.texts["nl"].ui["not_translated"] not in page
    assert re.search(r'<link rel="alternate" hreflang="nl" href="[^"]*/nl/faults/18/"', page)


def _po_with(tmp_path: Path, project: Path, **targets: str) -> Path:
    po = tmp_path / "nl.po"
    assert _tool(project, "export", "nl", "-o", str(po)).returncode == 0
    store = pofile.parsefile(str(po))  # type: ignore[no-untyped-call]
    for unit in store.units:
        if not unit.isheader() and unit.getcontext() in targets:
            unit.target = targets[unit.getcontext()]
    store.savefile(str(po))
    return po


IMPORT_PROBLEMS = {
    "a reference to a fault that does not exist": (
        {
            "fault-18.resolution": DUTCH_18["resolution"].replace(
                "Deze fout kan", "Zie [fout 99][fault-99]. Deze fout kan"
            )
        },
        "  - fault-18.resolution: reference to fault 99, which does not exist",
    ),
    "paragraphs merged": (
        {"fault-18.resolution": DUTCH_18["resolution"].replace("\n\n", " ", 1)},
        "  - fault-18.resolution: blocks 'ppppp' where the English has 'pppppp' (p = paragraph, l = list item) "
        "(paragraphs and list items must match the English one to one)",
    ),
    "raw HTML in a title": (
        {"fault-18.portal_text": "Bewaking <b>overbelast</b>"},
        "  - fault-18.portal_text: raw HTML '<b>': the data is Markdown",
    ),
}


@pytest.mark.parametrize("case", IMPORT_PROBLEMS)
def test_a_translation_the_build_would_refuse_is_reported_by_unit_and_not_written(tmp_path: Path, case: str) -> None:
    project = _data_project(tmp_path)
    targets, line = IMPORT_PROBLEMS[case]
    po = _po_with(tmp_path, project, **targets)
    before = (project / "data" / "text" / "nl.yaml").read_bytes()
    result = _tool(project, "import", "nl", str(po))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert line in result.stderr.splitlines(), result.stderr
    assert (project / "data" / "text" / "nl.yaml").read_bytes() == before


def test_units_left_untranslated_or_fuzzy_are_left_out_and_said(tmp_path: Path) -> None:
    project = _data_project(tmp_path)
    po = _po_with(tmp_path, project, **{"fault-18.portal_text": DUTCH_18["portal_text"]})
    store = pofile.parsefile(str(po))  # type: ignore[no-untyped-call]
    for unit in store.units:
        if unit.getcontext() == "fault-18.endpoint_description":
            unit.target = DUTCH_18["endpoint_description"]
            unit.markfuzzy(True)
    store.savefile(str(po))
    result = _tool(project, "import", "nl", str(po))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "imported into nl.yaml and stamped: fault 18: portal_text",
        "  - fault-18.endpoint_description: left out (marked fuzzy)",
        "  - fault-18.resolution: left out (not translated)",
        "  - closed the gap of fault 18 (portal_text); still missing: endpoint_description, resolution in "
        "curation/nl.yaml",
    ]
    catalog = load_catalog(project / "data", locales=LOCALES, default_locale=DEFAULT_LOCALE)
    assert [field_state(catalog, "nl", 18, field) for field in TEXT_FIELDS] == ["translated", "missing", "missing"]


def test_a_file_for_another_language_or_an_older_english_is_refused(tmp_path: Path) -> None:
    project = _data_project(tmp_path)
    po = _po_with(tmp_path, project, **{"fault-18.portal_text": DUTCH_18["portal_text"]})
    result = _tool(project, "import", "ja", str(po))
    assert (result.returncode, result.stderr) == (
        2,
        "translator: nl.po cannot be imported\n  - the file is in nl, not ja\n",
    )
    english = project / "data" / "text" / "en.yaml"
    text = english.read_text(encoding="utf-8")
    english.write_text(text.replace("Connector event monitoring is overloaded", "Event monitoring overloaded"), "utf-8")
    result = _tool(project, "import", "nl", str(po))
    assert result.returncode == 2
    assert "  - fault-18.portal_text: the English changed since the export; export again" in result.stderr.splitlines()
