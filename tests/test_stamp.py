"""The stamp tool edits a translation file exactly: only the hashes change, and the loader reads them back."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from conftest import DEFAULT_LOCALE, LOCALES, ROOT

sys.path.insert(0, str(ROOT / "hooks"))

from faultsite.fallback import text_hash
from faultsite.stamp import stamp_text

# The English texts and their hashes; "Text 465" hashes to all digits, which YAML would read as a number.
ENGLISH = {
    n: {"portal_text": "Version mismatch", "endpoint_description": "Text 465", "resolution": "Restart the computer."}
    for n in (1, 2, 3)
}
PORTAL, DIGITS, RESOLUTION = "9dcb91450957", "737940033764", "fe24dce066f8"


def test_the_hashes_used_below_are_the_current_ones() -> None:
    assert [text_hash(ENGLISH[1][name]) for name in ENGLISH[1]] == [PORTAL, DIGITS, RESOLUTION]


CASES = {
    "flow style, stale hashes, a comment, an all-digit hash": (
        """\
        faults:
          1:
            translated_from: {portal_text: 000000000000, endpoint_description: aaaaaaaaaaaa}  # reviewed by A.
            portal_text: Versie komt niet overeen
            endpoint_description: Beschrijving
        """,
        f"""\
        faults:
          1:
            translated_from: {{portal_text: {PORTAL}, endpoint_description: '{DIGITS}'}}  # reviewed by A.
            portal_text: Versie komt niet overeen
            endpoint_description: Beschrijving
        """,
    ),
    "block style with comments, a block scalar right after": (
        """\
        faults:
          1:
            translated_from:
              # the hashes of the English text
              portal_text: 000000000000
              resolution: '111111111111'  # quoted already
            portal_text: Versie
            resolution: |
              Start de computer opnieuw.

              Tweede alinea.
          2:
            portal_text: Kernel
        """,
        f"""\
        faults:
          1:
            translated_from:
              # the hashes of the English text
              portal_text: {PORTAL}
              resolution: {RESOLUTION}  # quoted already
            portal_text: Versie
            resolution: |
              Start de computer opnieuw.

              Tweede alinea.
          2:
            translated_from: {{portal_text: {PORTAL}}}
            portal_text: Kernel
        """,
    ),
    "a fault with no stamps after a block scalar; a field added since the last stamp": (
        """\
        faults:
          1:
            resolution: >-
              Start de computer
              opnieuw.
          2:
            translated_from: {portal_text: 000000000000}
            portal_text: Kernel
            endpoint_description: Nieuw vertaald
        # the end
        """,
        f"""\
        faults:
          1:
            translated_from: {{resolution: {RESOLUTION}}}
            resolution: >-
              Start de computer
              opnieuw.
          2:
            translated_from: {{portal_text: {PORTAL}, endpoint_description: '{DIGITS}'}}
            portal_text: Kernel
            endpoint_description: Nieuw vertaald
        # the end
        """,
    ),
    "block style whose fields changed keeps the next field's line": (
        """\
        faults:
          3:
            translated_from:
              portal_text: 000000000000
            portal_text: Versie
            endpoint_description: Beschrijving
            resolution: Start opnieuw.
        """,
        f"""\
        faults:
          3:
            translated_from:
              portal_text: {PORTAL}
              endpoint_description: '{DIGITS}'
              resolution: {RESOLUTION}
            portal_text: Versie
            endpoint_description: Beschrijving
            resolution: Start opnieuw.
        """,
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_stamping_changes_exactly_the_hashes(case: str) -> None:
    source, expected = (textwrap.dedent(text) for text in CASES[case])
    stamped = stamp_text(source, ENGLISH)
    assert stamped == expected
    for fault in yaml.safe_load(stamped)["faults"].values():  # what the loader sees: strings, never numbers
        assert all(isinstance(stamp, str) and len(stamp) == 12 for stamp in fault["translated_from"].values())
    assert stamp_text(stamped, ENGLISH) == stamped  # stamping twice changes nothing


def test_only_the_named_faults_are_stamped() -> None:
    source = "faults:\n  1:\n    portal_text: A\n  2:\n    portal_text: B\n"
    assert stamp_text(source, ENGLISH, only={2}) == (
        f"faults:\n  1:\n    portal_text: A\n  2:\n    translated_from: {{portal_text: {PORTAL}}}\n    portal_text: B\n"
    )


@pytest.mark.parametrize("locale", LOCALES[1:])
def test_stamping_a_real_translation_changes_only_its_stamp_lines(locale: str) -> None:
    english = yaml.safe_load((ROOT / "data" / "text" / f"{DEFAULT_LOCALE}.yaml").read_text(encoding="utf-8"))["faults"]
    source = (ROOT / "data" / "text" / f"{locale}.yaml").read_text(encoding="utf-8")
    stamped = stamp_text(source, english)
    before, after = source.splitlines(), stamped.splitlines()
    assert len(before) == len(after)
    assert [
        (old, new)
        for old, new in zip(before, after, strict=False)
        if old != new
        and not (old.strip().startswith("translated_from:") and new.strip().startswith("translated_from:"))
    ] == []
    faults = yaml.safe_load(stamped)["faults"]
    for fault_id, fault in faults.items():
        assert fault["translated_from"] == {
            name: text_hash(english[fault_id][name]) for name in fault if name != "translated_from"
        }


# --- the command (issue 19, item 7): one line for every refusal, and what it stamped -----------------------------


def _data_copy(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "text", data / "text")
    return data


def _run(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m faultsite.stamp ARGS` as a person runs it, on a copy of the data."""
    code = "import sys, pathlib; from faultsite import stamp; stamp.DATA = pathlib.Path(sys.argv[1]); "
    code += "sys.exit(stamp.main(sys.argv[2:]))"
    return subprocess.run(
        [sys.executable, "-c", code, str(data), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "hooks")},
        check=False,
    )


def _files(data: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((data / "text").iterdir())}


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("xx",), "stamp: unknown locale 'xx' (the translations: nl, ja, zh-TW, ko)"),
        ((DEFAULT_LOCALE,), f"stamp: {DEFAULT_LOCALE} is the English source: only translations record translated_from"),
        (("nl", "99"), "stamp: there is no fault 99 (faults: 1, 2, 3, 4, 5, 6, 7, 10, 12, 13, 14, 15, 17, 18)"),
        (("nl", "13", "18"), "stamp: fault 18 has no nl translation to stamp (in nl.yaml)"),
    ],
)
def test_a_request_the_tool_cannot_carry_out_is_one_line_and_changes_nothing(
    tmp_path: Path, args: tuple[str, ...], says: str
) -> None:
    data = _data_copy(tmp_path)
    before = _files(data)
    result = _run(data, *args)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", says + "\n")
    assert _files(data) == before  # English never gets translated_from; nothing half-stamped


def test_the_tool_says_which_faults_and_fields_it_stamped(tmp_path: Path) -> None:
    data = _data_copy(tmp_path)
    dutch = data / "text" / "nl.yaml"
    stale = dutch.read_text(encoding="utf-8").replace("resolution: b53fb2a7ee4b", "resolution: 000000000000")
    dutch.write_text(stale, encoding="utf-8")
    result = _run(data, "nl", "13")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "stamped nl.yaml (changed): fault 13: portal_text, endpoint_description, resolution\n"
    assert "resolution: b53fb2a7ee4b" in dutch.read_text(encoding="utf-8")
    again = _run(data, "ja")  # every fault the locale translates; ja lacks fault 10's endpoint description
    assert again.returncode == 0
    assert again.stdout.startswith("stamped ja.yaml (already current, unchanged): fault 1: portal_text, ")
    assert "; fault 10: portal_text, resolution; fault 12: " in again.stdout
