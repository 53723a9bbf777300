"""Exact output of what the build writes beside the pages, compared with committed files in tests/golden/.

The inputs are small and fixed (the catalog of test_render and test_notes, files in tests/golden/input/), never the
real data, so a data edit changes none of these. After an intended change of the output, regenerate and review:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py && git diff tests/golden/
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import sys
from pathlib import Path

import pytest
from helpers import make_catalog, noted_catalog

from faultsite import stamp
from faultsite.curation import actual_differences, actual_gaps, load_curation
from faultsite.model import Catalog, FaultText
from faultsite.portal_api import SCHEMA, write_api
from faultsite.problems import DataError
from faultsite.sitemaps import write_locale_sitemaps

GOLDEN = Path(__file__).parent / "golden"
INPUT = GOLDEN / "input"
SITE_URL = "https://example.org/"


def assert_golden(name: str, actual: str) -> None:
    """`actual` is exactly tests/golden/<name>; with UPDATE_GOLDEN=1 it becomes it."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.is_file(), f"tests/golden/{name} is missing: run UPDATE_GOLDEN=1 on this test and review it"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"tests/golden/{name} differs: if intended, UPDATE_GOLDEN=1 and review the git diff"


def test_each_locale_root_gets_the_sitemap_of_its_own_pages(tmp_path: Path) -> None:
    shutil.copyfile(INPUT / "sitemap.xml", tmp_path / "sitemap.xml")
    (tmp_path / "nl").mkdir()
    write_locale_sitemaps(tmp_path, make_catalog(), SITE_URL)
    assert_golden("sitemap/nl.xml", (tmp_path / "nl" / "sitemap.xml").read_text(encoding="utf-8"))
    # The default locale's sitemap, at the root, is MkDocs' own, listing every page: it stays as it was.
    assert (tmp_path / "sitemap.xml").read_bytes() == (INPUT / "sitemap.xml").read_bytes()


def _api_catalog() -> Catalog:
    """test_notes' catalog, with Dutch fault 2 partly translated (its portal text only, never stamped)."""
    catalog = noted_catalog()
    nl = catalog.texts["nl"]
    faults = {**nl.faults, 2: FaultText(portal_text="Portaal twee")}
    return dataclasses.replace(catalog, texts={**catalog.texts, "nl": dataclasses.replace(nl, faults=faults)})


def test_the_api_files(tmp_path: Path) -> None:
    write_api(tmp_path, _api_catalog(), SITE_URL)
    assert_golden("api/faults.json", (tmp_path / "api" / "faults.json").read_text(encoding="utf-8"))
    assert_golden("api/status.json", (tmp_path / "api" / "status.json").read_text(encoding="utf-8"))
    assert (tmp_path / "api" / "faults.schema.json").read_bytes() == SCHEMA.read_bytes()


def test_the_stamp_tool_rewrites_only_the_hashes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "text").mkdir()
    for name in ("en.yaml", "nl.yaml"):
        shutil.copyfile(INPUT / name, tmp_path / "text" / name)
    monkeypatch.setattr(stamp, "DATA", tmp_path)
    monkeypatch.setattr(sys, "argv", ["faultsite.stamp", "nl"])
    stamp.main()
    assert_golden("stamp/nl.yaml", (tmp_path / "text" / "nl.yaml").read_text(encoding="utf-8"))
    assert (tmp_path / "text" / "en.yaml").read_bytes() == (INPUT / "en.yaml").read_bytes()


def _curation_catalog() -> Catalog:
    """test_render's catalog; in Dutch, fault 1 lacks a list item, fault 2 names a log and version English lacks."""
    catalog = make_catalog()
    faults = {
        1: FaultText(resolution="Lees [fout 2][fault-2] en [de nota][note].\n\n- `/Library/Logs/a.log`\n"),
        2: FaultText(portal_text="Portaal twee", resolution="Herstart na `/Library/Logs/x.log` (1.15.0)."),
    }
    nl = dataclasses.replace(catalog.texts["nl"], faults=faults)
    return dataclasses.replace(catalog, texts={**catalog.texts, "nl": nl})


def test_the_curation_checks(tmp_path: Path) -> None:
    catalog = _curation_catalog()
    lines = ["actual gaps:"] + [f"  {gap}" for gap in sorted(actual_gaps(catalog), key=str)]
    lines += ["actual differences:"] + [f"  {diff}" for diff in sorted(actual_differences(catalog), key=str)]
    (tmp_path / "curation").mkdir()
    for locale in catalog.locales:
        shutil.copyfile(INPUT / f"curation-{locale}.yaml", tmp_path / "curation" / f"{locale}.yaml")
    with pytest.raises(DataError) as error:
        load_curation(tmp_path, catalog)
    lines += ["malformed records:", str(error.value)]
    assert_golden("curation/checks.txt", "\n".join(lines) + "\n")
