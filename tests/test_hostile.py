"""Tried as an attacker or a careless editor would: every case of tests/hostile_cases.yaml on a copy of data/.

A refused case must name file, line, locale, fault and field with its message; an accepted case must load and
show its fragments as safe HTML in the fault page rendered with mkdocs.yml's own Markdown extensions.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from helpers import ACCEPTED, CASES, Where, apply, drop_reader_notes

from conftest import DEFAULT_LOCALE, LOCALES, ROOT
from faultsite.data_html import block_problems
from faultsite.load import load_catalog
from faultsite.markdown_settings import markdown_extensions, render_html, render_setting
from faultsite.model import Catalog
from faultsite.page_check import page_problems
from faultsite.problems import DataError
from faultsite.render import render_fault


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
