"""Translation quality: every gap and every difference from the English is known and reviewed, and none is stale."""

from __future__ import annotations

import pytest

from conftest import ROOT
from faultsite.curation import actual_differences, actual_gaps, load_curation
from faultsite.model import TEXT_FIELDS
from faultsite.status import field_state


@pytest.fixture(scope="module")
def curation(catalog):
    return load_curation(ROOT / "data", catalog)


def _describe(items) -> str:
    return "\n".join(f"  - locale {i.locale}, fault {i.fault}, field/kind "
                     f"{getattr(i, 'field', None) or getattr(i, 'kind')}"
                     + (f": English {list(i.english)}, translation {list(i.translation)}" if hasattr(i, "english") else "")
                     for i in sorted(items, key=str))


def test_every_missing_translation_is_a_reviewed_gap(catalog, curation):
    unlisted = actual_gaps(catalog) - set(curation.gaps)
    assert not unlisted, "translation missing, and not in data/curation/<locale>.yaml gaps:\n" + _describe(unlisted)


def test_no_listed_gap_is_stale(catalog, curation):
    stale = set(curation.gaps) - actual_gaps(catalog)
    assert not stale, "listed as a gap in data/curation/<locale>.yaml but translated now; remove it:\n" + _describe(stale)


def test_fault_18_falls_back_in_every_translation(catalog):
    for locale in catalog.locales[1:]:
        assert all(field_state(catalog, locale, 18, f) == "missing" for f in TEXT_FIELDS), locale


def test_translations_carry_the_same_paths_versions_references_and_list_items(catalog, curation):
    unlisted = actual_differences(catalog) - set(curation.differences)
    assert not unlisted, ("a translation differs from the English, and the difference is not in "
                          "data/curation/<locale>.yaml differences:\n" + _describe(unlisted))


def test_no_listed_difference_is_stale(catalog, curation):
    stale = set(curation.differences) - actual_differences(catalog)
    assert not stale, "listed difference no longer found (or recorded wrongly); fix the record:\n" + _describe(stale)


def test_every_gap_and_difference_has_a_reason(curation):
    for item, reason in {**curation.gaps, **curation.differences}.items():
        assert isinstance(reason, str) and len(reason.strip()) > 10, item


def test_every_translation_follows_the_current_english(catalog):
    outdated = [(locale, fault_id, field) for locale in catalog.locales[1:] for fault_id in catalog.fault_ids
                for field in TEXT_FIELDS if field_state(catalog, locale, fault_id, field) == "outdated"]
    assert not outdated, ("English changed since these were translated; review them and run "
                          "`PYTHONPATH=hooks python -m faultsite.stamp <locale> <fault>`:\n"
                          + "\n".join(f"  - locale {l}, fault {f}, field {fl}" for l, f, fl in outdated))


def test_every_correction_is_recorded_with_its_reason(curation):
    for locale in ("nl", "ja", "zh-TW", "ko"):
        entries = curation.corrections[locale]
        assert len(entries) >= 10, f"{locale}: a damaged seed needs its repairs on record"
        for entry in entries:
            assert all(str(entry[key]).strip() for key in ("seed", "data", "why")), (locale, entry)
