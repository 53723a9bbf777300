"""Helpers shared by several test modules: the one place they live, so that no test module imports another.

Longer than a module should be (about 250 lines) because it is the sum of small toolkits that each serve several
test files; each section below is one of them, and each test module imports only from here, conftest and the
package under test.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from conftest import DEFAULT_LOCALE, LOCALES, ROOT
from faultsite.fallback import text_hash
from faultsite.load import load_catalog
from faultsite.model import UI_KEYS, Catalog, Fault, FaultText, Link, LocaleText, Note, Versions
from faultsite.problems import DataError, Problem
from faultsite.urls import locale_prefix
from htmlscan import scan

if TYPE_CHECKING:  # only the browser tests, which need Playwright anyway, call `search`
    from playwright.sync_api import Page, ViewportSize


# --- a copy of the project, built as production builds it -------------------------------------------------------------


def project_copy(target: Path) -> Path:
    """A copy of the project (configuration, data, hooks, theme overrides, hand-written pages) in `target`."""
    target.mkdir(parents=True)
    for name in ("mkdocs.yml", "data", "hooks", "overrides"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copyfile)(source, target / name)
    shutil.copytree(ROOT / "docs", target / "docs", ignore=shutil.ignore_patterns("faults"))
    return target


def build(
    project: Path, site: Path, *, sequential: bool = False, without: str = ""
) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of `project` into `site`: in parallel as in production, or FAULTSITE_SEQUENTIAL;
    `without`: third_party's items for speed left out (FAULTSITE_WITHOUT)."""
    env = {key: value for key, value in os.environ.items() if key not in ("FAULTSITE_SEQUENTIAL", "FAULTSITE_WITHOUT")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    if sequential:
        env["FAULTSITE_SEQUENTIAL"] = "1"
    if without:
        env["FAULTSITE_WITHOUT"] = without
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
    )


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every path under `folder` with its bytes (None for a folder)."""
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None) for p in folder.rglob("*")}


def old_site(site: Path) -> dict[str, bytes | None]:
    """Publish a stand-in for a previous site into `site` (a page and a sentinel file); its snapshot."""
    (site / "faults" / "13").mkdir(parents=True)
    (site / "faults" / "13" / "index.html").write_text("<p>the previously published page</p>\n", encoding="utf-8")
    (site / "SENTINEL").write_bytes(b"left by the previous publish\n")
    return snapshot(site)


def edit_file(path: Path, old: str, new: str) -> str:
    """Replace the first `old` by `new` in the file (which must hold it); its text before the edit."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text


# --- data edits and the problems they must produce (test_data_errors, test_notes) -------------------------------------


ANY = object()  # the line is not checked (see the case for why)

EN, NL, JA, FACTS = "text/en.yaml", "text/nl.yaml", "text/ja.yaml", "faults.yaml"
PUBLISHED, CURATION_NL = "published-urls.txt", "curation/nl.yaml"


Edit = Callable[[Path], None]


def replace(file: str, old: str, new: str) -> Edit:
    """Replace the one occurrence of `old` in `file`."""

    def edit(data: Path) -> None:
        path = data / file
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} must occur exactly once in {file} (found {text.count(old)})"
        path.write_text(text.replace(old, new), encoding="utf-8")

    return edit


def append(file: str, addition: str) -> Edit:
    def edit(data: Path) -> None:
        path = data / file
        text = path.read_text(encoding="utf-8")
        path.write_text(text + ("" if text.endswith("\n") else "\n") + addition, encoding="utf-8")

    return edit


def delete(file: str) -> Edit:
    def edit(data: Path) -> None:
        (data / file).unlink()

    return edit


def write(file: str, content: str) -> Edit:
    def edit(data: Path) -> None:
        (data / file).write_text(content, encoding="utf-8")

    return edit


def write_bytes(file: str, content: bytes) -> Edit:
    def edit(data: Path) -> None:
        (data / file).write_bytes(content)

    return edit


def table_intro(file: str, value: str) -> Edit:
    """Set the one-line ui.table_intro of `file` (en, nl) to `value`, quoted for YAML."""

    def edit(data: Path) -> None:
        path = data / file
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        found = [i for i, line in enumerate(lines) if line.startswith("  table_intro: ")]
        assert len(found) == 1
        lines[found[0]] = f"  table_intro: {json.dumps(value, ensure_ascii=False)}\n"
        path.write_text("".join(lines), encoding="utf-8")

    return edit


def copy(source: str, target: str) -> Edit:
    def edit(data: Path) -> None:
        shutil.copyfile(data / source, data / target)

    return edit


def edits(*steps: Edit) -> Edit:
    def edit(data: Path) -> None:
        for step in steps:
            step(data)

    return edit


def copy_data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    return data


def load(data: Path) -> Catalog:
    return load_catalog(data, locales=LOCALES, default_locale=DEFAULT_LOCALE)


def load_error(data: Path) -> DataError:
    with pytest.raises(DataError) as caught:
        load(data)
    return caught.value


def line_of(text: str, at: str | tuple[str, str]) -> int:
    """The 1-based line of the last occurrence of `at`; for (needle, before): the last `needle` before `before`."""
    if isinstance(at, tuple):
        needle, before = at
        end = text.index(before)
        assert needle in text[:end], f"{needle!r} not found before {before!r}"
        return text[: text.rindex(needle, 0, end)].count("\n") + 1
    assert at in text, f"{at!r} not in the edited file"
    return text[: text.rindex(at)].count("\n") + 1 + len(at) - len(at.lstrip("\n"))


@dataclass(frozen=True)
class Expect:
    """The problem a case must produce. `at` locates the expected line in the edited file
    (see line_of); None means the problem has no line; ANY means the line is not checked.

    The reader records the line where each *value* starts, so a problem about a whole mapping
    (a fault's text, `ui`, a link) is on the line of its first entry, not of its key."""

    file: str
    words: tuple[str, ...]
    at: Any = None
    locale: str | None = None
    fault: int | str | None = None
    field: str | None = None


def matching(error: DataError, expect: Expect, data: Path) -> list[Problem]:
    if expect.at is None:
        line = None
    elif isinstance(expect.at, int):  # a file that is not UTF-8 any more: its line given as a number
        line = expect.at
    elif expect.at is ANY:
        line = ANY
    else:
        line = line_of((data / expect.file).read_text(encoding="utf-8"), expect.at)
    # Every problem in text/<locale>.yaml names its locale, syntax errors included.
    locale = expect.locale or (Path(expect.file).stem if expect.file.startswith("text/") else None)
    return [
        p
        for p in error.problems
        if p.file == expect.file
        and p.locale == locale
        and p.fault == expect.fault
        and p.field == expect.field
        and (line is ANY or p.line == line)
        and all(word.lower() in p.message.lower() for word in expect.words)
    ]


def assert_reported(error: DataError, expect: Expect, data: Path) -> None:
    assert matching(error, expect, data), f"expected a problem like {expect}\ngot: {error}"
    # Every problem is listed in the message.
    for problem in error.problems:
        assert str(problem) in str(error)


def case(id: str, edit: Edit, file: str, *words: str, **where: Any) -> Any:
    return pytest.param(edit, Expect(file, words, **where), id=id)


# --- the hostile cases of tests/hostile_cases.yaml (test_hostile, browser/test_hostile) -------------------------------


CASES: list[dict[str, Any]] = yaml.safe_load((ROOT / "tests" / "hostile_cases.yaml").read_text("utf-8"))
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


# --- a small catalog with exact expected output (test_render, test_notes, test_golden) --------------------------------


EN_UI = {key: key.upper() for key in UI_KEYS} | {
    "fault": "Fault",
    "fault_title": "Fault {id}: {text}",
    "english_page": "English page",
    "not_translated": "Not translated.",
    "outdated": "Outdated.",
}
NL_UI = {key: f"nl-{key}" for key in UI_KEYS} | {
    "fault": "Fout",
    "fault_title": "Fout {id}: {text}",
    "english_page": "Engelse pagina",
    "not_translated": "Niet vertaald.",
    "not_translated_named": "{field}: niet vertaald.",
    "outdated": "Verouderd.",
}
RESOLUTION = "Read [fault 2][fault-2] and [the note][note].\n\n- `/Library/Logs/a.log`\n- *App*\n"


def make_catalog(nl_faults: dict[int, FaultText] | None = None) -> Catalog:
    english = {
        1: FaultText("Portal one", "Endpoint one", RESOLUTION),
        2: FaultText("Portal two", "Endpoint two", "Reboot."),
    }
    if nl_faults is None:
        nl_faults = {
            1: FaultText(
                "Portaal een",
                "Eindpunt een",
                "Lees [fout 2][fault-2] en [de nota][note].\n",
                translated_from={
                    f: text_hash(getattr(english[1], f)) for f in ("portal_text", "endpoint_description", "resolution")
                },
            )
        }
    return Catalog(
        default_locale="en",
        locales=("en", "nl"),
        allowed_hosts=("www.cisco.com",),
        links={
            "note": Link("note", "The note", {"default": "https://www.cisco.com/en", "nl": "https://www.cisco.com/nl"})
        },
        faults=(
            Fault(1, logs=("/Library/Logs/a.log",), versions=Versions(("1.14.0",), ("11",)), related=(2,)),
            Fault(2),
        ),
        texts={"en": LocaleText("en", EN_UI, english), "nl": LocaleText("nl", NL_UI, nl_faults)},
    )


def noted_catalog() -> Catalog:
    """The small catalog of make_catalog, its Dutch resolution aligned with the English, one note on item 1."""
    catalog = make_catalog()
    nl = catalog.texts["nl"]
    text = dataclasses.replace(
        nl.faults[1], resolution="Lees [fout 2][fault-2] en [de nota][note].\n\n- `/Library/Logs/a.log`\n- *Toep*\n"
    )
    note = Note(
        fault=1,
        field="resolution",
        paragraph=3,
        kind="unclear",
        quote="Toep",
        shown=True,
        why="A test note.",
        says="Zegt.",
    )
    return dataclasses.replace(
        catalog, texts={**catalog.texts, "nl": dataclasses.replace(nl, faults={1: text})}, notes={"nl": (note,)}
    )


# --- the served site (browser/test_serving, browser/test_routes) ------------------------------------------------------


def writings(locale: str) -> list[str]:
    """Ways a person or a portal writes a locale in a path: as configured, any case, `_`, with a region."""
    language = locale.split("-")[0]
    return [
        locale,
        locale.lower(),
        locale.upper(),
        locale.replace("-", "_"),
        f"{language}-{language.upper()}",
        f"{language}_{language}".lower(),
    ]


def lang_and_title(body: bytes) -> tuple[str, str]:
    """The `lang` of a page's <html> and its <title>, unescaped (empty where missing)."""
    text = body.decode("utf-8")
    lang = re.search(r'<html lang="([^"]+)"', text)
    title = re.search(r"<title>([^<]*)</title>", text)
    return (lang[1] if lang else ""), (unescape(title[1]) if title else "")


def is_site_page(body: bytes) -> bool:
    """Whether a body is one of the site's page-not-found pages (not nginx's bare English page)."""
    return b'id="fault-site-routes"' in body and b"<h1>" in body


def not_found_script(site: Path, page: str) -> tuple[Path, dict[str, str], str]:
    """The page-not-found script as `site` serves it to the page-not-found page `page`: its file, the attributes of
    its tag, and the text of the route table the page embeds."""
    html = (site / page).read_text(encoding="utf-8")
    tag = next(attrs for _, attrs in scan(html).tags if attrs.get("src", "").endswith("/not-found.js"))
    table = re.search(r'<script type="application/json" id="fault-site-routes">(.*?)</script>', html, re.S)
    assert table is not None, f"{page} carries no route table"
    site_path = json.loads(table[1])["site_path"]
    return site / urljoin(site_path + page, tag["src"]).removeprefix(site_path), tag, table[1]


# --- pages in Chromium: search box, fault-ID field, page types, screens (the browser tests) ---------------------------


RESULT = ".md-search-result__item > a"
META = ".md-search-result__meta"


def home(site_url: str, locale: str) -> str:
    """The address of `locale`'s home page on the site served at `site_url`."""
    return site_url + locale_prefix(locale, DEFAULT_LOCALE)


def search(page: Page, query: str) -> list[str]:
    """Type `query` into Material's search box (the same page for every query) and return the paths of the page
    results, best first. The box is emptied first and the placeholder awaited, so no earlier result is read."""
    from playwright.sync_api import expect  # here, so that the tests without a browser do not load Playwright

    placeholder = page.evaluate(
        "() => JSON.parse(document.getElementById('__config').textContent).translations['search.result.placeholder']"
    )
    field = page.locator("input.md-search__input")
    field.fill("")
    field.press("End")  # Material reads the query on keyup
    expect(page.locator(META)).to_have_text(placeholder)
    expect(page.locator(RESULT)).to_have_count(0)
    field.fill(query)
    field.press("End")
    expect(page.locator(META)).not_to_have_text(placeholder, timeout=20_000)
    hrefs: list[str] = page.eval_on_selector_all(RESULT, "els => els.map(e => e.href)")
    return [urlsplit(href).path for href in hrefs]


# The same steps as `search`, one query after another inside the page: the box emptied and the placeholder awaited,
# the query typed and a new result line awaited, the result links read. Material reads the box on keyup; the wait
# is on the page's own changes (a MutationObserver), with a deadline that names the query.
SEARCH_ALL_SCRIPT = """async ([queries, resultSelector, metaSelector]) => {
  const config = JSON.parse(document.getElementById('__config').textContent);
  const placeholder = config.translations['search.result.placeholder'];
  const field = document.querySelector('input.md-search__input');
  const meta = () => document.querySelector(metaSelector);
  const until = (test, what) => new Promise((resolve, reject) => {
    if (test()) return resolve();
    const observer = new MutationObserver(() => { if (test()) { done(); resolve(); } });
    const timer = setTimeout(() => { done(); reject(new Error('search box: no ' + what)); }, 20000);
    const done = () => { observer.disconnect(); clearTimeout(timer); };
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  });
  const type = (text) => {
    field.value = text;
    field.dispatchEvent(new KeyboardEvent('keyup', { key: 'End', bubbles: true }));
  };
  const found = [];
  for (const query of queries) {
    type('');
    await until(() => meta() && meta().textContent === placeholder
                      && !document.querySelector(resultSelector), 'placeholder after emptying it');
    type(query);
    await until(() => meta() && meta().textContent !== placeholder, 'result line for ' + JSON.stringify(query));
    found.push([...document.querySelectorAll(resultSelector)].map((a) => new URL(a.href).pathname));
  }
  return found;
}"""


def search_all(page: Page, queries: list[str]) -> list[list[str]]:
    """The result paths of each query, best first, as `search` finds them, without a round trip per step."""
    found: list[list[str]] = page.evaluate(SEARCH_ALL_SCRIPT, [queries, RESULT, META])
    return found


def goto_fault(page: Page, value: str) -> None:
    """Type `value` into the page's fault-ID field and send it."""
    page.fill("form[data-fault-goto] input", value)
    page.click("form[data-fault-goto] button")


def page_types(locale: str) -> dict[str, str]:
    """One page of each type in `locale`: what the request, policy and accessibility tests view."""
    prefix = locale_prefix(locale, DEFAULT_LOCALE)
    return {
        "home": prefix,
        "fault": prefix + "faults/13/",
        "fallback fault": prefix + "faults/18/",
        "status": prefix + "status/",
        "404": prefix + "faults/99/",
    }


VIEWPORTS: dict[str, ViewportSize] = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
