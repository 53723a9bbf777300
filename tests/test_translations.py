"""Translation quality: every gap and every difference from the English is known and reviewed, and none is stale."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from conftest import DEFAULT_LOCALE, LOCALES, ROOT
from faultsite.curation import Curation, Difference, Gap, actual_differences, actual_gaps, load_curation
from faultsite.fallback import field_state, shown_field
from faultsite.model import TEXT_FIELDS, Catalog
from faultsite.notes import block_facts, blocks, misaligned, shown_notes


@pytest.fixture(scope="module")
def curation(catalog: Catalog) -> Curation:
    return load_curation(ROOT / "data", catalog)


def _describe(items: Iterable[Gap | Difference]) -> str:
    return "\n".join(_describe_one(item) for item in sorted(items, key=str))


def _describe_one(item: Gap | Difference) -> str:
    where = f"  - locale {item.locale}, fault {item.fault}, field/kind "
    if isinstance(item, Gap):
        return where + item.field
    return where + f"{item.kind}: English {list(item.english)}, translation {list(item.translation)}"


def test_every_missing_translation_is_a_reviewed_gap(catalog: Catalog, curation: Curation) -> None:
    unlisted = actual_gaps(catalog) - set(curation.gaps)
    assert not unlisted, "translation missing, and not in data/curation/<locale>.yaml gaps:\n" + _describe(unlisted)


def test_no_listed_gap_is_stale(catalog: Catalog, curation: Curation) -> None:
    stale = set(curation.gaps) - actual_gaps(catalog)
    assert not stale, "listed as a gap in data/curation/<locale>.yaml but translated now; remove it:\n" + _describe(
        stale
    )


def test_a_field_a_translation_lacks_is_shown_in_english_as_a_reviewed_gap(
    catalog: Catalog, curation: Curation
) -> None:
    for locale in catalog.locales[1:]:
        for fault_id in catalog.fault_ids:
            for field in TEXT_FIELDS:
                if field_state(catalog, locale, fault_id, field) != "missing":
                    continue
                assert Gap(locale, fault_id, field) in curation.gaps, (locale, fault_id, field)
                shown = shown_field(catalog, locale, fault_id, field)
                assert (shown.lang, shown.text) == (
                    DEFAULT_LOCALE,
                    catalog.texts[DEFAULT_LOCALE].faults[fault_id].get(field),
                )


def test_translations_carry_the_same_paths_versions_references_and_list_items(
    catalog: Catalog, curation: Curation
) -> None:
    unlisted = actual_differences(catalog) - set(curation.differences)
    assert not unlisted, (
        "a translation differs from the English, and the difference is not in "
        "data/curation/<locale>.yaml differences:\n" + _describe(unlisted)
    )


def test_no_listed_difference_is_stale(catalog: Catalog, curation: Curation) -> None:
    stale = set(curation.differences) - actual_differences(catalog)
    assert not stale, "listed difference no longer found (or recorded wrongly); fix the record:\n" + _describe(stale)


def test_every_gap_and_difference_has_a_reason(curation: Curation) -> None:
    for item, reason in [*curation.gaps.items(), *curation.differences.items()]:
        assert isinstance(reason, str) and len(reason.strip()) > 10, item


def test_every_translation_follows_the_current_english(catalog: Catalog) -> None:
    outdated = [
        (locale, fault_id, field)
        for locale in catalog.locales[1:]
        for fault_id in catalog.fault_ids
        for field in TEXT_FIELDS
        if field_state(catalog, locale, fault_id, field) == "outdated"
    ]
    assert not outdated, (
        "English changed since these were translated; review them and run "
        "`PYTHONPATH=hooks python -m faultsite.stamp <locale> <fault>`:\n"
        + "\n".join(f"  - locale {loc}, fault {f}, field {fl}" for loc, f, fl in outdated)
    )


def test_every_correction_is_recorded_with_its_reason(curation: Curation) -> None:
    for locale in LOCALES[1:]:
        entries = curation.corrections[locale]
        assert len(entries) >= 10, f"{locale}: a damaged seed needs its repairs on record"
        for entry in entries:
            assert all(str(entry[key]).strip() for key in ("seed", "data", "why")), (locale, entry)


# --- issue 11: paragraph alignment and reader notes ------------------------------------------------------------


def _own_resolutions(catalog: Catalog, locale: str) -> dict[int, tuple[str, str]]:
    """fault -> (English, translation) for every resolution the locale's page shows in its own language."""
    english = catalog.texts[catalog.default_locale].faults
    return {
        fault_id: (english[fault_id].resolution or "", text.resolution)
        for fault_id, text in catalog.texts[locale].faults.items()
        if text.resolution is not None and field_state(catalog, locale, fault_id, "resolution") != "missing"
    }


@pytest.mark.parametrize("locale", LOCALES[1:])
def test_every_resolution_renders_the_english_block_by_block(catalog: Catalog, curation: Curation, locale: str) -> None:
    """Paragraphs and list items match the English one to one, except the reviewed `alignment:` entries."""
    kinds = {
        fault_id: ([b.kind for b in blocks(source)], [b.kind for b in blocks(text)])
        for fault_id, (source, text) in _own_resolutions(catalog, locale).items()
    }
    assert len(kinds) >= 10, f"{locale}: expected its translated resolutions"
    misaligned_ids = {fault_id for fault_id, (ours, theirs) in kinds.items() if ours != theirs}
    listed = {fault_id for (loc, fault_id) in curation.alignment if loc == locale}
    assert not misaligned_ids - listed, (
        f"{locale}: resolution blocks differ from the English and are not in alignment: of "
        f"data/curation/{locale}.yaml:\n"
        + "\n".join(
            f"  - fault {f}: English {kinds[f][0]}, translation {kinds[f][1]}" for f in sorted(misaligned_ids - listed)
        )
    )
    assert not listed - misaligned_ids, (
        f"{locale}: stale alignment: entries (these align now): {sorted(listed - misaligned_ids)}"
    )


@pytest.mark.parametrize("locale", LOCALES[1:])
def test_a_block_that_names_other_paths_versions_or_links_carries_a_shown_note(catalog: Catalog, locale: str) -> None:
    """Block by block, what a translation names differs from the English only where readers are told so."""
    silent = []
    for fault_id, (source, text) in _own_resolutions(catalog, locale).items():
        if [b.kind for b in blocks(source)] != [b.kind for b in blocks(text)]:
            continue  # shown as a whole, reviewed in alignment:
        notes = shown_notes(catalog, locale, fault_id, "resolution")
        for number, (ours, theirs) in enumerate(zip(blocks(source), blocks(text), strict=False), 1):
            if block_facts(ours.text) != block_facts(theirs.text) and not any(
                note.kind == "different-version-or-path" for note in notes.get(number, ())
            ):
                silent.append(
                    f"  - fault {fault_id}, paragraph {number}: English {block_facts(ours.text)}, "
                    f"translation {block_facts(theirs.text)}"
                )
    assert not silent, (
        f"{locale}: add a shown note (kind different-version-or-path) in data/curation/{locale}.yaml"
        " notes: for\n" + "\n".join(silent)
    )


def test_every_listed_difference_is_shown_to_readers(catalog: Catalog, curation: Curation) -> None:
    """A difference the consistency tests accept is never silent: its paragraph carries a shown note."""
    assert curation.differences, "the Korean seed's differences are on record"
    for difference in curation.differences:
        source, text = _own_resolutions(catalog, difference.locale)[difference.fault]
        differing = {
            number
            for number, (ours, theirs) in enumerate(zip(blocks(source), blocks(text), strict=False), 1)
            if block_facts(ours.text) != block_facts(theirs.text)
        }
        notes = shown_notes(catalog, difference.locale, difference.fault, "resolution")
        noted = {
            number for number in differing if any(n.kind == "different-version-or-path" for n in notes.get(number, ()))
        }
        assert differing and noted == differing, (difference, sorted(differing), sorted(noted))


def test_every_doubt_has_a_reviewed_reader_note(catalog: Catalog, curation: Curation) -> None:
    """Each doubt of the record says, through its note, whether and why readers are told."""
    unreviewed = []
    for locale, doubts in curation.doubts.items():
        noted = {(n.fault, n.field) for n in catalog.notes.get(locale, ())}
        for doubt in doubts:
            fields = TEXT_FIELDS if doubt["field"] == "all" else (doubt["field"],)
            if not any((doubt["fault"], field) in noted for field in fields):
                unreviewed.append(
                    f"  - {locale}, fault {doubt['fault']}, field {doubt['field']}: {doubt['seed']!r:.60}"
                )
    assert not unreviewed, "doubts without a note (show: true or false, with why) in notes:\n" + "\n".join(unreviewed)


def test_issue_11_passages_are_shown_at_their_paragraph(catalog: Catalog) -> None:
    """The passages the review found misleading are shown to readers (locale, fault, field, words)."""
    expected = [
        ("nl", 10, "resolution", "deze fout kunnen opheffen"),
        ("nl", 15, "resolution", "gemaakt"),
        ("nl", 14, "resolution", "systeemuitbreidingen te verwijderen"),
        ("nl", 12, "resolution", "kunt u"),
        ("nl", 4, "resolution", "stekker"),
        ("nl", 13, "resolution", "Verwijder de filters"),
        ("nl", 7, "resolution", "activeert"),
        ("nl", 7, "resolution", "verhoogd"),
        ("nl", 10, "resolution", "verhoogd"),
        ("nl", 13, "resolution", "verhoogd"),
        ("ja", 13, "resolution", "必要になった"),
        ("ja", 1, "resolution", "内線"),
        ("ko", 13, "resolution", "필터 수를 제한하지 않은"),
        ("ko", 6, "resolution", "ampscansvc"),
        ("ko", 7, "resolution", "ampscansvc"),
        ("ko", 3, "resolution", "10.14.4"),
        ("ko", 4, "resolution", "결합"),
        ("ko", 17, "resolution", "Orbeability"),
        ("ko", 17, "portal_text", "궤도"),
        ("ja", 17, "portal_text", "軌道"),
        ("zh-TW", 14, "resolution", "副檔名"),
    ]
    for locale, fault_id, field, words in expected:
        shown = [n for n in catalog.notes[locale] if n.shown and (n.fault, n.field) == (fault_id, field)]
        paragraphs = blocks(catalog.texts[locale].faults[fault_id].get(field) or "")
        assert any(words in paragraphs[n.paragraph - 1].text for n in shown), (locale, fault_id, field, words)


def test_alignment_check_notices_a_merged_paragraph_and_a_changed_path() -> None:
    english = "One.\n\nTwo `/Library/Logs/a.log`.\n\n- item\n- item\n"
    assert misaligned(english, "One. Two `/Library/Logs/a.log`.\n\n- item\n- item\n")  # merged paragraphs
    assert misaligned(english, "One.\n\nTwo `/Library/Logs/a`.\n\n- item\n- item\n")  # path cut
    assert misaligned(english, "One.\n\nTwo `/Library/Logs/a.log`.\n\n- item item\n")  # items merged
    assert misaligned(english, "Een.\n\nTwee `/Library/Logs/a.log`.\n\n- ding\n- ding\n") == []
