"""The whole-page check on lexbor's tree (faultsite.page_check) against the reference written on Python's html.parser
(tests/reference_page_check.py): the same problems and the same CSP hashes on every page of the real site, on the
hostile cases and on generated HTML; and a page's own content runs nothing (hand-written pages, at build time)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
import reference_page_check
import yaml
from helpers import build, project_copy
from hypothesis import example, given, settings
from hypothesis import strategies as st

from faultsite.model import Catalog
from faultsite.page_check import content_problems, scan_page

HOSTS = {"www.cisco.com", "mac-connector-faults.example.org"}
SITE_URL = "https://mac-connector-faults.example.org/"
CASES: list[dict[str, Any]] = yaml.safe_load((Path(__file__).parent / "hostile_cases.yaml").read_text("utf-8"))


def assert_same(html: str, site_url: str = SITE_URL) -> None:
    """Both checks find the same problems and the same inline code in `html`."""
    new, inline = scan_page(html, HOSTS, site_url)
    old, old_inline = reference_page_check.scan_page(html, HOSTS, site_url)
    assert set(new) == set(old), html[:2000]
    assert (inline.scripts, inline.styles, inline.style_attributes) == (
        old_inline.scripts,
        old_inline.styles,
        old_inline.style_attributes,
    ), html[:2000]


def test_every_page_of_the_site_gets_the_same_answer(built_site: Path, catalog: Catalog) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 50
    found_scripts = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert_same(html)
        found_scripts += len(scan_page(html, HOSTS, SITE_URL)[1].scripts)
    assert found_scripts > 0, "the theme's inline scripts are found"


@pytest.mark.parametrize("case", [c for c in CASES if "payload" in c], ids=lambda c: c["id"])
def test_every_hostile_payload_gets_the_same_answer(case: dict[str, Any]) -> None:
    """Each payload as raw HTML in a page (not as data Markdown: what the page check would see if it got through)."""
    assert_same(f"<!doctype html><html><body><main>{case['payload']}</main></body></html>")


PAGE_CASES = [
    '<p onclick="alert(1)">x</p>',
    "<svg/onload=alert(1)>",
    '<a href="java\nscript:alert(1)">x</a>',
    '<a href="//evil.example/">x</a>',
    '<img src="https://evil.example/x.png">',
    "<iframe src=x></iframe>",
    '<meta http-equiv="Refresh" content="0;url=https://evil.example/">',
    '<form action="data:text/html,x"></form>',
    "<script>a()</script><script type=module>b()</script><script type=application/json>{}</script>",
    '<style>p{color:red}</style><p style="color:blue">x</p>',
    '<a href="https://mac-connector-faults.example.org/ja/">ja</a><a href="http://127.0.0.1:8000/x/">serve</a>',
    "<template><p onmouseover=alert(1)>t</p></template>",
    '<svg><a xlink:href="javascript:alert(1)">s</a></svg>',
]


@pytest.mark.parametrize("html", PAGE_CASES)
def test_the_page_rules_get_the_same_answer(html: str) -> None:
    assert_same(f"<main>{html}</main>")


# Generated pages: elements, attributes and text of the kinds the rules look at, well formed (both parsers read
# such HTML alike; where they differ on malformed HTML, lexbor reads it as a browser does). Not generated: RCDATA
# and raw-text elements (<title>, <textarea>, <iframe>: html.parser reads tags inside them, browsers read text;
# an <iframe> is refused either way), a <form> inside a form (a browser drops it), a <script> or <style> inside
# <svg> (test_lexbor_reads_a_script_inside_svg_as_a_browser_does) and duplicate attributes
# (html.parser reports every copy, browsers keep the first).
_TAGS = ["p", "a", "div", "span", "img", "script", "style", "iframe", "svg", "meta", "object", "button"]
_NAMES = ["href", "src", "onclick", "onload", "style", "type", "action", "srcdoc", "class", "http-equiv", "data"]
_VALUES = st.sampled_from(
    [
        "",
        "x",
        "javascript:alert(1)",
        " JaVaScRiPt:x",
        "https://www.cisco.com/",
        "https://evil.example/",
        "//evil.example/",
        "/local/",
        "refresh",
        "module",
        "application/json",
        "color:red",
        "data:text/html,x",
        SITE_URL + "x/",
        "&amp;&lt;&quot;",
        "a\tb\nc",
    ]
)
_TEXT = st.text(alphabet="ab <>&;/'\"=()\n", max_size=20).map(lambda t: t.replace("<", "&lt;").replace(">", "&gt;"))


@st.composite
def _element(draw: st.DrawFn, depth: int = 0, in_svg: bool = False) -> str:
    tag = draw(st.sampled_from([t for t in _TAGS if not (in_svg and t in ("script", "style"))]))
    names = draw(st.lists(st.sampled_from(_NAMES), max_size=3, unique=True))
    attributes = "".join(f' {name}="{draw(_VALUES).replace(chr(34), "&quot;")}"' for name in names)
    if tag in ("script", "style"):
        body = draw(st.sampled_from(["", "a()", "p{color:red}", "var x = '<p onclick=y>';", "if (a < b && c) {}"]))
    elif tag in ("img", "meta"):
        return f"<{tag}{attributes}>"
    elif tag == "iframe":  # its content is text to a browser, elements to html.parser
        return f"<{tag}{attributes}></{tag}>"
    else:
        inner = _element(depth + 1, in_svg or tag == "svg") if depth < 3 else _TEXT
        body = draw(st.lists(_TEXT | inner, max_size=3).map("".join))
    return f"<{tag}{attributes}>{body}</{tag}>"


@settings(
    max_examples=int(os.environ.get("PAGE_CHECK_EXAMPLES", "300")),
)
@example('<a href="javascript:alert(1)" style="x">t</a>')
@given(
    st.lists(
        _element() | st.tuples(_VALUES, _TEXT).map(lambda form: f'<form action="{form[0]}">{form[1]}</form>'),
        min_size=1,
        max_size=4,
    ).map("".join)
)
def test_generated_pages_get_the_same_answer(body: str) -> None:
    assert_same(f"<!doctype html><html><head><title>t</title></head><body>{body}</body></html>")


def test_lexbor_reads_a_script_inside_svg_as_a_browser_does() -> None:
    """Found by the generated pages: inside <svg>, a <script>'s text is markup, and a <p> in it leaves the SVG as a
    real element with its handler. html.parser read it as script text and missed it; lexbor refuses it."""
    html = "<svg><script>var x = '<p onclick=y>';</script></svg>"
    assert any("onclick" in problem for problem in scan_page(html, HOSTS)[0])
    assert reference_page_check.scan_page(html, HOSTS)[0] == []


# --- a page's own content ----------------------------------------------------------------------------------------

CONTENT_REFUSED = [
    ("<script>alert(1)</script>", "<script>"),
    ('<script src="assets/x.js"></script>', "<script>"),
    ("<style>p { background: url(javascript:x) }</style>", "<style>"),
    ('<p style="width: expression(alert(1))">x</p>', "style="),
    ('<p onclick="alert(1)">x</p>', "event handler"),
    ('<a href="javascript:alert(1)">x</a>', "javascript:"),
    ('<iframe src="https://www.cisco.com/"></iframe>', "<iframe>"),
    ('<img src="x" onerror="alert(1)">', "onerror"),
    ("<svg><script>alert(1)</script></svg>", "<svg>"),
    ('<link rel="stylesheet" href="https://evil.example/x.css">', "<link>"),
]


@pytest.mark.parametrize(("html", "named"), CONTENT_REFUSED)
def test_a_page_content_that_would_run_or_style_anything_is_refused(html: str, named: str) -> None:
    found = content_problems(f"<h1>Page</h1>\n{html}", HOSTS)
    assert any(named in problem for problem in found), found


def test_the_content_of_every_page_of_the_site_passes(built_site: Path) -> None:
    """The content the site's own pages show (inside Material's <article>) holds none of what is refused above:
    every inline script of the site is outside it, in the theme's templates."""
    from selectolax.lexbor import LexborHTMLParser

    for page in sorted(built_site.rglob("*.html")):
        if page.name == "404.html":  # a template of ours (overrides/404.html), not a page of Markdown
            continue
        article = LexborHTMLParser(page.read_text(encoding="utf-8")).css_first("article")
        if article is not None:
            assert content_problems(article.html or "", HOSTS) == [], page
            assert article.css("script") == [], page


def test_a_hand_written_page_with_a_script_stops_the_build_naming_the_page(tmp_path: Path) -> None:
    project = project_copy(tmp_path / "project")
    page = project / "docs" / "status.ja.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n<div markdown>\n<p onclick="x()">hi</p>\n</div>\n', "utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    assert re.search(r"docs/status\.ja\.md: a page may not hold <p onclick=\.\.\.>", result.stderr), result.stderr[
        -3000:
    ]
    assert "Traceback" not in result.stderr and not (tmp_path / "site").exists()
