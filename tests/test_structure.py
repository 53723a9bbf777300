"""Structure where text lands (issue 19.2), by classes of input: for any text Hypothesis makes of brackets, backslashes,
every line-break character, pipes, emphasis markers, backticks, attribute lists and HTML-like text, either the data
stage refuses it with a located problem, or the pages built from it have the structure the templates mean.

The pages are rendered as MkDocs renders them (render.py, then Python-Markdown with mkdocs.yml's extensions) and
read with Python's html.parser; what each place must look like is written out here, independently of the check
(structure.py compares each place with the template's own rendering of a placeholder; this test does not).
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import DEFAULT_LOCALE, ROOT
from faultsite import probe
from faultsite.data_html import inert
from faultsite.load import load_catalog
from faultsite.markdown_settings import markdown_extensions, render_html, render_setting
from faultsite.model import Catalog
from faultsite.probe import PLACES, places, probe_catalog, probe_pages
from faultsite.problems import DataError
from faultsite.render import render_fault, render_home
from faultsite.structure import line_problems

LOCALES = (DEFAULT_LOCALE, "nl")
EXTENSIONS = markdown_extensions(ROOT / "mkdocs.yml")
SETTING = render_setting(EXTENSIONS, {"www.cisco.com"})
FILES = ("faults.yaml", "text/en.yaml", "text/nl.yaml", "published-urls.txt")
REAL = {name: (ROOT / "data" / name).read_text(encoding="utf-8") for name in FILES}
REAL["published-urls.txt"] = "".join(  # the fuzzed locales' URLs
    line for line in REAL["published-urls.txt"].splitlines(True) if line.startswith(("/faults/", "/nl/faults/"))
)
PROFILE = settings(
    max_examples=int(os.environ.get("STRUCTURE_EXAMPLES", "12")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

# The classes of the issue, and words around them.
LINE_BREAKS = "\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029"
MARKUP = "[]()\\|*_`{}:#.<>&!=+-~\"'"
pieces = st.sampled_from(
    [*LINE_BREAKS, *MARKUP, "{: .x }", "{ #fault-2 }", "[x][fault-1]", "<b>", "</td>", "<!--", "&amp;", "**", "``"]
)
words = st.sampled_from(["Version", "mismatch", " ", "Fout", "障害", "13", "a"])
texts = st.lists(pieces | words, min_size=1, max_size=8).map("".join).filter(lambda t: t.strip() != "")


@dataclass
class Node:
    tag: str
    attributes: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(child if isinstance(child, str) else child.text() for child in self.children)

    def all(self, tag: str) -> list[Node]:
        found = [self] if self.tag == tag else []
        for child in self.children:
            if isinstance(child, Node):
                found += child.all(tag)
        return found


class _Tree(HTMLParser):
    VOID = {"br", "hr", "img", "input", "meta", "link"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack = [Node("root", {})]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        if any(node.tag == tag for node in self.stack[1:]):
            while self.stack.pop().tag != tag:
                pass

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def tree(markdown: str) -> Node:
    parser = _Tree()
    parser.feed(render_html(markdown.split("\n---\n", 1)[-1], extensions=EXTENSIONS, definitions={}))
    parser.close()
    return parser.stack[0]


def words_of(text: str) -> str:
    """The words a line of text shows: its rendering after another word (so as a line, not a block), collapsed."""
    shown = tree("Word " + " ".join(text.split()).replace("|", "\\|")).text()
    return " ".join(shown.split()).removeprefix("Word").strip()


def same(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def load_with(edit: dict[str, str]) -> Catalog | DataError:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        (data / "text").mkdir(parents=True)
        for name, text in {**REAL, **edit}.items():
            (data / name).write_text(text, encoding="utf-8")
        try:
            return load_catalog(data, locales=LOCALES, default_locale=DEFAULT_LOCALE)
        except DataError as error:
            return error


def set_value(file: str, path: tuple[Any, ...], text: str) -> dict[str, str]:
    document = yaml.safe_load(REAL[file])
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = text
    return {file: yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=10_000)}


def assert_located(error: DataError, file: str, field_name: str) -> None:
    located = [p for p in error.problems if p.file == file and p.line and p.field == field_name]
    assert located, f"refused, but not located at {file} {field_name}:\n{error}"


def table_rows(page: Node) -> list[list[Node]]:
    tables = page.all("table")
    assert tables, "the table is gone"
    return [row.all("td") or row.all("th") for row in tables[0].all("tr")]


def facts(page: Node) -> list[tuple[Node, Node]]:
    """The labelled facts of a fault page: one definition list, each label with its one value."""
    lists = page.all("dl")
    assert len(lists) == 1, "the facts list is gone or split"
    labels, values = lists[0].all("dt"), lists[0].all("dd")
    assert len(labels) == len(values) >= 1, "a fact lost its label or its value"
    return list(zip(labels, values, strict=True))


@PROFILE
@example("Version mismatch]")
@example("Version mismatch\\")
@example("a {: .x }")
@example("a\u2028b | *c*")
@given(texts)
def test_a_portal_text_keeps_every_link_cell_and_heading(text: str) -> None:
    result = load_with(set_value("text/en.yaml", ("faults", 2, "portal_text"), text))
    if isinstance(result, DataError):
        assert_located(result, "text/en.yaml", "portal_text")
        return
    shown = words_of(text)
    home = tree(render_home(result, "en"))
    rows = table_rows(home)
    assert len(rows) == len(result.fault_ids) + 1 and all(len(row) == 3 for row in rows), "the overview table"
    links = rows[2][1].all("a")
    assert len(links) == 1 and links[0].attributes["href"] == "faults/2.md" and same(links[0].text(), shown)
    page = tree(render_fault(result, 2, "en"))
    headings = page.all("h1")
    assert len(headings) == 1 and same(headings[0].text(), f"Fault 2: {shown}")
    assert len(facts(page)) == 1
    for neighbour, rel in ((1, "next"), (3, "prev")):
        pager = [a for a in tree(render_fault(result, neighbour, "en")).all("a") if a.attributes.get("rel") == rel]
        assert len(pager) == 1 and pager[0].attributes["href"] == "2.md", pager
        assert pager[0].text().endswith(f"· {shown}") or same(pager[0].text().split("· ", 1)[1], shown)
    related = [a for a in tree(render_fault(result, 1, "en")).all("a") if a.attributes.get("href") == "2.md"]
    assert any(same(a.text(), f"Fault 2: {shown}") for a in related), "the related faults of fault 1"


@PROFILE
@example("System | extension")
@example("x\r| --- |")
@given(texts)
def test_an_endpoint_description_stays_one_cell(text: str) -> None:
    result = load_with(set_value("text/nl.yaml", ("faults", 2, "endpoint_description"), text))
    if isinstance(result, DataError):
        assert_located(result, "text/nl.yaml", "endpoint_description")
        return
    rows = table_rows(tree(render_home(result, "nl")))
    assert all(len(row) == 3 for row in rows)
    assert any(same(row[2].text(), words_of(text)) for row in rows[1:])
    [(_label, value)] = facts(tree(render_fault(result, 2, "nl")))
    assert same(value.text(), words_of(text))


@PROFILE
@example("Fault\rID", "fault_id")
@example("Fault\u2028ID", "fault_id")
@example("Previous | fault", "previous_fault")
@given(texts, st.sampled_from(["fault_id", "previous_fault", "related_faults"]))
def test_an_interface_string_keeps_its_table_link_and_heading(text: str, key: str) -> None:
    result = load_with(set_value("text/en.yaml", ("ui", key), text))
    if isinstance(result, DataError):
        assert_located(result, "text/en.yaml", f"ui.{key}")
        return
    page = tree(render_fault(result, 1, "en"))
    assert len(facts(page)) == 1
    rows = table_rows(tree(render_home(result, "en")))
    assert len(rows) == len(result.fault_ids) + 1 and all(len(row) == 3 for row in rows), "the overview table"
    if key == "fault_id":
        assert same(rows[0][0].text(), text)
    elif key == "previous_fault":
        pager = [a for a in tree(render_fault(result, 2, "en")).all("a") if a.attributes.get("rel") == "prev"]
        assert len(pager) == 1 and pager[0].attributes["href"] == "1.md" and pager[0].text().startswith(f"{text}: 1")
    else:
        assert [" ".join(h.text().split()) for h in page.all("h2")].count(" ".join(text.split())) == 1


@PROFILE
@example("Tech note]")
@example("Tech note\\")
@given(texts)
def test_a_link_title_keeps_its_link(text: str) -> None:
    result = load_with(set_value("faults.yaml", ("links", "tech-note", "title"), text))
    if isinstance(result, DataError):
        assert_located(result, "faults.yaml", "links.tech-note.title")
        return
    url = result.links["tech-note"].url_for("en")
    fault = next(f for f in result.fault_ids if "[tech-note]" in (result.texts["en"].faults[f].resolution or ""))
    links = [a for a in tree(render_fault(result, fault, "en")).all("a") if a.attributes.get("href") == url]
    assert any(same(a.text(), words_of(text)) for a in links), "the more-information link"


# --- the fast path: a text that cannot form markup is not rendered -----------------------------------------------


@pytest.fixture(scope="module")
def every_place(catalog: Catalog) -> list[Any]:
    probe, _texts = probe_catalog(catalog, "faults.yaml", "text")
    return sorted({place for page, markdown in probe_pages(probe) for _n, place in places(page, markdown)}, key=str)


inert_like = st.text(
    alphabet=st.characters(categories=["L", "M", "N", "Zs", "P", "S"], exclude_characters="\u00a0"), max_size=30
)


@settings(PROFILE, max_examples=int(os.environ.get("STRUCTURE_EXAMPLES", "12")) * 2)
@example("Version mismatch")
@example("Kernel module not authorized (macOS 11)")
@given(inert_like)
def test_a_text_on_the_fast_path_passes_the_full_check_everywhere(every_place: list[Any], text: str) -> None:
    """The fast path's rule (data_html.inert) against the full check at every place of the real templates."""
    if not inert(text):
        return
    for place in every_place:
        assert line_problems(place, text, SETTING, fast=False) == (), (place, text)


def test_the_real_texts_take_the_fast_path_mostly(catalog: Catalog) -> None:
    """The fast path is the common case: most one-line texts of the real data are not rendered."""
    lines = [
        t.get(name) or ""
        for text in catalog.texts.values()
        for t in text.faults.values()
        for name in ("portal_text", "endpoint_description")
    ]
    lines += [value for text in catalog.texts.values() for value in text.ui.values() if "\n" not in value]
    share = sum(inert(re.sub(r"\{\w*\}", "", line)) for line in lines) / len(lines)
    assert share > 0.8, share


def test_the_locales_probed_in_parallel_give_the_same_problems_in_the_same_order() -> None:
    """Forked processes render the probe pages (load_catalog's `processes`); the problems, and their order, are
    those one process finds."""
    edits = {
        **set_value("text/en.yaml", ("faults", 2, "portal_text"), "Version mismatch]"),
        **set_value("text/nl.yaml", ("faults", 3, "portal_text"), "Versie [onjuist"),
    }
    messages = {}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        (data / "text").mkdir(parents=True)
        for name, text in {**REAL, **edits}.items():
            (data / name).write_text(text, encoding="utf-8")
        for processes in (1, 2):
            PLACES.forget()  # else the second load takes the first one's places (below)
            with pytest.raises(DataError) as refused:
                load_catalog(data, locales=LOCALES, default_locale=DEFAULT_LOCALE, processes=processes)
            messages[processes] = [str(problem) for problem in refused.value.problems]
    assert len(messages[1]) >= 2 and {"text/en.yaml", "text/nl.yaml"} <= {
        problem.split(":", 1)[0] for problem in messages[1]
    }
    assert messages[2] == messages[1]


def test_the_places_of_the_same_probe_are_rendered_once_and_a_breaking_text_is_still_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A one-line text's edit leaves the probe catalog as it was (its texts are numbered tokens) unless it changes a
    translation's state (an English text's edit outdates its translations): the next load renders no probe page
    (probe.PLACES; a reload under serve) and still refuses a text that breaks its place; an edit of a block text
    (kept as written in the probe catalog) renders them again."""
    rendered: list[tuple[Any, ...]] = []

    def counted(*args: Any) -> str:
        rendered.append(args)
        return render_fault(*args)

    monkeypatch.setattr(probe, "render_fault", counted)
    PLACES.forget()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        (data / "text").mkdir(parents=True)

        def load(edits: dict[str, str]) -> None:
            for name, text in {**REAL, **edits}.items():
                (data / name).write_text(text, encoding="utf-8")
            load_catalog(data, locales=LOCALES, default_locale=DEFAULT_LOCALE)

        load({})
        first = len(rendered)
        assert first >= 2 * 10
        with pytest.raises(DataError) as refused:
            load(set_value("text/nl.yaml", ("faults", 3, "portal_text"), "Versie [onjuist"))
        assert_located(refused.value, "text/nl.yaml", "portal_text")
        assert len(rendered) == first
        load(set_value("text/nl.yaml", ("faults", 3, "portal_text"), "Versie onjuist"))
        assert len(rendered) == first
        load(set_value("text/en.yaml", ("ui", "back_to_overview"), "Every fault"))  # an interface string
        assert len(rendered) == first
        resolution = yaml.safe_load(REAL["text/en.yaml"])["faults"][2]["resolution"]
        load(set_value("text/en.yaml", ("faults", 2, "resolution"), resolution + "\n\nRestart the Mac."))
        assert len(rendered) == 2 * first
