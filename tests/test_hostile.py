"""Tried as an attacker or a careless editor would: every case of tests/hostile_cases.yaml on a copy of data/.

A refused case must name file, line, locale, fault and field with its message; an accepted case must load and
show its fragments as safe HTML in the fault page rendered with mkdocs.yml's own Markdown extensions.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from conftest import DEFAULT_LOCALE, LOCALES, ROOT
from faultsite.data_html import block_problems
from faultsite.load import load_catalog
from faultsite.markdown_settings import markdown_extensions, render_html, render_setting
from faultsite.model import Catalog
from faultsite.page_check import page_problems
from faultsite.problems import DataError
from faultsite.render import render_fault

CASES: list[dict[str, Any]] = yaml.safe_load((Path(__file__).parent / "hostile_cases.yaml").read_text("utf-8"))
ACCEPTED = [case for case in CASES if "accepted" in case]


@dataclass(frozen=True)
class Where:
    """Where the refusal must point."""

    file: str
    line: int | None
    locale: str | None = None
    fault: int | None = None
    field: str | None = None


def payload(case: dict[str, Any]) -> str:
    """The text a case inserts: given, or built by repetition (too long to write in the table)."""
    if "repeat" in case:
        return "".join(part * count for part, count in case["repeat"].items())
    if "indented" in case:
        return "".join(" " * (4 * level) + f"- level {level}\n" for level in range(case["indented"]))
    return str(case["payload"])


def line_number(text: str, start: int) -> int:
    return text.count("\n", 0, start) + 1


def edit_field(data: Path, target: str, text: str) -> Where:
    """Append `text` to the field `<locale>.<fault>.<field>` of fault 13's text, or replace `ui.<locale>.<key>`."""
    parts = target.split(".")
    if parts[0] == "ui":
        return edit_ui(data, parts[1], parts[2], text)
    locale, fault, field = parts
    path = data / "text" / f"{locale}.yaml"
    source = path.read_text(encoding="utf-8")
    block = source.index(f"\n  {fault}:\n")
    match = re.compile(rf"^    {field}: (.*)$", re.MULTILINE).search(source, block)
    assert match, f"{field} of fault {fault} not found in {locale}"
    if match.group(1) == "|":
        indented = "".join(f"      {line}\n" if line else "\n" for line in text.split("\n"))
        new = f"    {field}: |\n{indented}\n"
        source = source[: match.start()] + new + source[match.end() + 1 :]
    else:
        value = f"{yaml.safe_load(match.group(1))} {text}"
        source = (
            source[: match.start()] + f"    {field}: {json.dumps(value, ensure_ascii=False)}" + source[match.end() :]
        )
    path.write_text(source, encoding="utf-8")
    return Where(f"text/{locale}.yaml", line_number(source, match.start()), locale, int(fault), field)


def edit_ui(data: Path, locale: str, key: str, text: str) -> Where:
    path = data / "text" / f"{locale}.yaml"
    source = path.read_text(encoding="utf-8")
    match = re.compile(rf"^  {key}: .*$", re.MULTILINE).search(source)
    assert match, f"ui.{key} not found in {locale}"
    source = source[: match.start()] + f"  {key}: {json.dumps(text, ensure_ascii=False)}" + source[match.end() :]
    path.write_text(source, encoding="utf-8")
    return Where(f"text/{locale}.yaml", line_number(source, match.start()), locale, None, f"ui.{key}")


def apply(case: dict[str, Any], data: Path) -> Where:
    """Make the case's edit on `data`; where its refusal must point."""
    if "target" in case:
        where = edit_field(data, case["target"], payload(case))
    elif "delete" in case:
        (data / case["delete"]).unlink()
        where = Where(case["delete"], None)
    elif "write" in case:
        (data / case["write"]).write_bytes(case["content"].encode(case.get("encoding", "utf-8")))
        where = Where(case["write"], None)
    else:
        path = data / case["file"]
        source = path.read_text(encoding="utf-8")
        assert source.count(case["old"]) == 1, f"{case['old']!r} must occur once in {case['file']}"
        source = source.replace(case["old"], case["new"])
        path.write_text(source, encoding="utf-8")
        start = source.index(case["new"]) + len(case["new"]) - len(case["new"].lstrip("\n"))
        locale = Path(case["file"]).stem if case["file"].startswith("text/") else None
        if "at" in case:  # the problem is on the line of the value the edit changed, not where the edit starts
            start = source.index(case["at"])
        where = Where(case["file"], line_number(source, start), locale)
    given = case.get("where", {})
    return Where(**{**where.__dict__, **given}) if given else where


def drop_reader_notes(data: Path) -> None:
    """The reader notes quote the real text they sit on; a hostile edit replaces that text, so they go."""
    for record in (data / "curation").glob("*.yaml"):
        text = record.read_text(encoding="utf-8")
        if "\nnotes:" in text:
            record.write_text(text[: text.index("\nnotes:") + 1], encoding="utf-8")


def load_copy(tmp_path: Path, case: dict[str, Any]) -> tuple[Path, Where]:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    drop_reader_notes(data)
    return data, apply(case, data)


def load(data: Path) -> Catalog:
    return load_catalog(data, locales=LOCALES, default_locale=DEFAULT_LOCALE)


def fault_page_html(catalog: Catalog, locale: str) -> str:
    """Fault 13's page in `locale`, front matter included as text, rendered as MkDocs renders it."""
    markdown = render_fault(catalog, 13, locale)
    return render_html(markdown, extensions=markdown_extensions(ROOT / "mkdocs.yml"), definitions={})


@pytest.mark.parametrize("case", [c for c in CASES if "refused" in c], ids=lambda c: c["id"])
def test_hostile_edit_is_refused_and_located(tmp_path: Path, case: dict[str, Any]) -> None:
    data, where = load_copy(tmp_path, case)
    with pytest.raises(DataError) as caught:
        load(data)
    found = [
        p
        for p in caught.value.problems
        if (p.file, p.line, p.locale, p.fault, p.field)
        == (where.file, where.line, where.locale, where.fault, where.field)
        and all(fragment.lower() in p.message.lower() for fragment in case["refused"])
    ]
    assert found, f"expected a problem at {where} saying {case['refused']}\ngot: {caught.value}"
    assert "Traceback" not in str(caught.value)


@pytest.mark.parametrize("case", ACCEPTED, ids=lambda c: c["id"])
def test_accepted_edit_renders_as_safe_html(tmp_path: Path, case: dict[str, Any]) -> None:
    data, _where = load_copy(tmp_path, case)
    locale = case["target"].split(".")[0]
    html = fault_page_html(load(data), locale)
    for fragment in case["accepted"]:
        assert fragment in html, f"{fragment!r} not in the page:\n{html[:3000]}"


def test_every_class_of_the_issue_has_cases() -> None:
    """The table keeps at least one case of every class of issue 9 (section comments of hostile_cases.yaml)."""
    sections = re.findall(
        r"^# --- (.+?) -+$", (Path(__file__).parent / "hostile_cases.yaml").read_text("utf-8"), re.MULTILINE
    )
    assert len(sections) >= 11 and len(CASES) >= 90
    assert len({case["id"] for case in CASES}) == len(CASES)


def test_every_published_page_is_safe_as_a_whole(built_site: Path, catalog: Catalog) -> None:
    """Defence in depth on the real build: no page holds a handler, a script URL or an off-site target."""
    site_url = re.search(r"^site_url: (\S+)$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.MULTILINE)
    assert site_url
    hosts = {*catalog.allowed_hosts, str(urlsplit(site_url.group(1)).hostname)}  # canonical and hreflang links
    pages = sorted(built_site.rglob("*.html"))
    problems = {
        str(page.relative_to(built_site)): found
        for page in pages
        if (found := page_problems(page.read_text(encoding="utf-8"), hosts))
    }
    assert len(pages) > 50 and problems == {}


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<p onclick="alert(1)">x</p>', "event handler"),
        ("<svg/onload=alert(1)>", "event handler"),
        ('<a href="java\nscript:alert(1)">x</a>', "not https"),
        ('<a href="//evil.example/">x</a>', "not https"),
        ('<img src="https://evil.example/x.png">', "not on the allowed list"),
        ("<iframe src=x></iframe>", "iframe"),
        ('<meta http-equiv="Refresh" content="0;url=https://evil.example/">', "meta"),
        ('<form action="data:text/html,x"></form>', "not https"),
    ],
)
def test_the_page_check_finds_what_would_run_or_leave(html: str, expected: str) -> None:
    assert any(expected in problem for problem in page_problems(f"<main>{html}</main>", {"www.cisco.com"}))


def test_a_kept_check_answers_only_the_same_question() -> None:
    """The rendered-text check is kept per text; a change of what the text cites or of the allowed hosts is a new
    question, checked anew."""
    extensions = markdown_extensions(ROOT / "mkdocs.yml")
    cisco = render_setting(extensions, {"www.cisco.com"})
    text = "See [the note][note]."

    def problems(definitions: dict[str, str], setting: str = cisco) -> list[str]:
        return block_problems(text, setting=setting, definitions=definitions)

    assert problems({"note": "https://www.cisco.com/c/en/us/support/"}) == []
    assert problems({"note": "https://evil.example/"}) != []
    assert problems({"note": "https://www.cisco.com/c/en/us/support/"}, render_setting(extensions, set())) != []
    assert problems({"note": "https://www.cisco.com/c/en/us/support/"}) == []
