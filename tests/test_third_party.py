"""Our changes to third-party code are checked against the installed packages: a changed original fails the build."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2
import mkdocs.structure.pages
import pytest
import third_party
from hypothesis import example, given
from hypothesis import strategies as st
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import Files, get_files
from mkdocs.structure.pages import Page

from conftest import ROOT
from faultsite.memo import Memo


@pytest.fixture
def material_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the installed Material templates that the checks read instead of the package.

    Without Material's 14,000 icons (most of the copying time): no check reads them, and a check that came to
    would find them missing and report it, failing these tests rather than passing them.
    """
    copy = tmp_path / "templates"
    shutil.copytree(third_party.material_templates(), copy, ignore=shutil.ignore_patterns(".icons", "__pycache__"))
    monkeypatch.setattr(third_party, "material_templates", lambda: copy)
    return copy


def test_the_installed_material_matches_every_copy_and_patch() -> None:
    assert third_party.check_material() == []


def test_a_changed_block_of_materials_base_template_is_named(material_copy: Path) -> None:
    base = material_copy / "base.html"
    base.write_text(base.read_text().replace('"features": features,', '"features": features, "new": 1,'))
    problems = third_party.check_material()
    assert len(problems) == 1 and problems[0].startswith("overrides/main.html (block config) is a copy of Material")


def test_a_changed_original_of_a_replaced_block_is_named(material_copy: Path) -> None:
    base = material_copy / "base.html"
    base.write_text(base.read_text().replace('<meta charset="utf-8">', '<meta charset="utf-8"><meta name="x">'))
    problems = third_party.check_material()
    assert len(problems) == 1 and problems[0].startswith("overrides/main.html (block site_meta) replaces Material's")


def test_a_changed_partial_is_named(material_copy: Path) -> None:
    partial = material_copy / "partials" / "search.html"
    partial.write_text(partial.read_text().replace('role="dialog"', 'role="dialog" aria-modal="true"'))
    problems = third_party.check_material()
    assert problems and all("partials/search.html" in p for p in problems)


def test_a_bundle_without_the_patched_code_is_refused(material_copy: Path) -> None:
    bundle = next(material_copy.glob("assets/javascripts/bundle.*.min.js"))
    bundle.write_text(bundle.read_text().replace("ui({document$:ct});", "ui({document$:xx});"))
    assert any("the code to patch is gone" in p for p in third_party.check_material())


def test_the_patched_bundle_is_named_by_its_content_and_pages_load_it(built_site: Path) -> None:
    path, code = third_party.material_bundle()
    assert path.endswith(f".{hashlib.sha256(code.encode()).hexdigest()[:8]}.min.js")
    assert (built_site / path).read_text(encoding="utf-8") == code
    assert f'src="../../assets/javascripts/{Path(path).name}"' in (built_site / "faults/13/index.html").read_text()


def test_a_build_against_a_changed_material_fails_naming_the_copy(tmp_path: Path) -> None:
    """The same check, end to end: mkdocs build with a Material whose base template changed."""
    site_packages = tmp_path / "site-packages"
    material = Path(third_party.material_templates()).parent
    # Without its icons, as above: the build must fail at the check, before any page could want one.
    shutil.copytree(material, site_packages / "material", ignore=shutil.ignore_patterns(".icons", "__pycache__"))
    base = site_packages / "material" / "templates" / "base.html"
    base.write_text(base.read_text().replace('"features": features,', '"features": features, "new": 1,'))
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(site_packages), "PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode != 0
    assert "overrides/main.html (block config) is a copy of Material" in result.stderr
    assert not (tmp_path / "site").exists()


def test_materials_own_search_index_skips_the_pages_the_glue_marks() -> None:
    """The glue marks every page `search: exclude` (Material's documented front matter) so that Material's plugin
    does not parse it for an index our engine replaces: checked against the installed plugin's SearchIndex."""
    from material.plugins.search.plugin import SearchIndex

    entries = {}
    for name, meta in (("unmarked", {}), ("marked", {"search": {"boost": 0.5, "exclude": True}})):
        index = SearchIndex()
        page = SimpleNamespace(meta=meta, content='<h1 id="a">Title</h1><p>Words</p>', toc=[], url="x/", title="T")
        index.add_entry_from_context(page)
        entries[name] = len(index.entries)
    assert entries == {"unmarked": 1, "marked": 0}


class _Theme:
    """As MkDocs' Theme: a new environment over the same folders at every call, and the static templates."""

    def __init__(self, folder: Path) -> None:
        self.static_templates = {"404.html"}
        self.folder = folder

    def get_env(self) -> jinja2.Environment:
        return jinja2.Environment(loader=jinja2.FileSystemLoader([str(self.folder), str(self.folder)]))


def test_the_theme_files_are_listed_once_per_build_and_anew_for_the_next(tmp_path: Path) -> None:
    (tmp_path / "a.css").write_text("a")
    theme = _Theme(tmp_path)
    third_party.new_theme_listing()
    third_party.keep_theme_listing(theme)
    third_party.keep_theme_listing(theme)  # every locale's build asks again: one wrapper
    assert theme.get_env().list_templates() == ["a.css"]
    (tmp_path / "b.css").write_text("b")
    assert theme.get_env().list_templates() == ["a.css"], "the same build: the first listing"
    assert theme.get_env().list_templates(filter_func=lambda name: name != "a.css") == ["b.css"], "another filter"
    theme.static_templates.add("b.css")
    assert theme.get_env().list_templates() == ["a.css", "b.css"], "other static templates: listed again"
    third_party.new_theme_listing()  # the next build (mkdocs serve after an edit)
    (tmp_path / "c.css").write_text("c")
    assert theme.get_env().list_templates() == ["a.css", "b.css", "c.css"]


def test_an_installed_theme_folder_is_listed_once_per_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    installed, project = tmp_path / "site-packages", tmp_path / "overrides"
    for folder, name in ((installed, "a.css"), (project, "b.css")):
        folder.mkdir()
        (folder / name).write_text("x")
    monkeypatch.setattr(third_party, "INSTALLED", (installed.resolve(),))
    monkeypatch.setattr(third_party, "_installed_listings", {})
    theme = _Theme(project)
    theme.get_env = lambda: jinja2.Environment(loader=jinja2.FileSystemLoader([str(project), str(installed)]))  # type: ignore[method-assign]
    third_party.keep_theme_listing(theme)
    third_party.new_theme_listing()
    assert theme.get_env().list_templates() == ["a.css", "b.css"]
    (installed / "c.css").write_text("x")  # not seen: an installed package changes only with a restart
    (project / "d.css").write_text("x")  # seen by the next build
    third_party.new_theme_listing()
    assert theme.get_env().list_templates() == ["a.css", "b.css", "d.css"]


def test_the_theme_listing_is_what_jinja_lists_for_the_real_theme() -> None:
    """Material's folders and ours, with MkDocs' own filter for static files: the same names as Jinja's listing."""
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    reference = config.theme.get_env().list_templates(filter_func=lambda name: not name.endswith(".html"))
    third_party.new_theme_listing()
    third_party.keep_theme_listing(config.theme)
    listed = config.theme.get_env().list_templates(filter_func=lambda name: not name.endswith(".html"))
    assert listed == reference and len(listed) > 10_000


def test_a_changed_mkdocs_file_listing_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(third_party, "ADD_FILES_FROM_THEME_SHA256", "0" * 64)
    with pytest.raises(PluginError, match="add_files_from_theme changed: re-check keep_theme_listing"):
        third_party.new_theme_listing()


def test_the_serve_watcher_polls_sooner_and_still_sees_every_path(tmp_path: Path) -> None:
    folder, single = tmp_path / "data", tmp_path / "mkdocs.yml"
    folder.mkdir()
    single.write_text("site_name: x\n")
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    server.watch(str(folder))
    server.watch(str(folder))  # watched twice (MkDocs counts): unwatched once, still watched
    server.watch(str(single), recursive=False)
    before = {path: (count, server._watch_refs[path].is_recursive) for path, count in server._watched_paths.items()}
    third_party.poll_sooner(server)
    after = {path: (count, server._watch_refs[path].is_recursive) for path, count in server._watched_paths.items()}
    assert after == before
    assert server.observer.timeout == third_party.WATCH_INTERVAL < 0.5  # MkDocs polls every 0.5 s
    server.observer.start()
    try:
        (folder / "en.yaml").write_text("changed\n")
        with server._rebuild_cond:
            assert server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=30), "the edit was not seen"
    finally:
        server.observer.stop()
        server.observer.join()
        server.server_close()


def test_a_changed_mkdocs_serve_watcher_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(third_party, "LIVERELOAD_SHA256", "0" * 64)
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    with pytest.raises(PluginError, match="LiveReloadServer changed: re-check poll_sooner"):
        third_party.poll_sooner(server)
    server.server_close()


# --- 8. a page's render kept while its inputs stay the same ----------------------------------------------------

_PAGES = ("index.md", "b.md", "c/d.md")
_WORDS = st.sampled_from(["Fault", "Fout", "障害", "결함", "故障", "x y", "a_b", "**bold**", "`code`", "&amp;"])
_BLOCKS = st.one_of(
    st.builds("# {}".format, _WORDS),
    st.builds("## {} {{ #{} }}".format, _WORDS, st.sampled_from(["one", "two", "log-files"])),
    st.builds("### {}".format, _WORDS),
    st.builds(
        "[{}]({})".format,
        _WORDS,
        st.sampled_from(["b.md", "b.md#two", "c/d.md", "../index.md", "#one", "missing.md", "b.md#nowhere"]),
    ),
    st.builds("```\n{}\n```".format, _WORDS),
    st.builds('<div markdown="1">{}</div>'.format, _WORDS),
    _WORDS,
)
_DOCUMENTS = st.lists(_BLOCKS, max_size=6).map("\n\n".join)


def _site(tmp: Path, permalink: bool, pages: tuple[str, ...]) -> tuple[MkDocsConfig, Files]:
    docs = tmp / "docs"
    shutil.rmtree(docs, ignore_errors=True)
    for page in pages:
        (docs / page).parent.mkdir(parents=True, exist_ok=True)
        (docs / page).write_text("# page\n", encoding="utf-8")
    config = MkDocsConfig()
    extensions = ["attr_list", "md_in_html", "toc", "pymdownx.superfences"]
    config.load_dict({"site_name": "s", "docs_dir": str(docs), "markdown_extensions": extensions})
    errors, _ = config.validate()
    assert not errors
    if permalink:
        config.mdx_configs.setdefault("toc", {})["permalink"] = "#"
    return config, get_files(config)


def _rendered(render: Any, markdown: str, page_path: str, config: MkDocsConfig, files: Files) -> tuple[Any, ...]:
    """What a render sets on a new page of `files`, and the warnings it logs (toc as plain data)."""
    file = files.get_file_from_path(page_path)
    assert file is not None
    page = Page(None, file, config)
    page.markdown = markdown
    logged = _Records()
    logging.getLogger("mkdocs").addHandler(logged)
    try:
        render(page, config, files)
    finally:
        logging.getLogger("mkdocs").removeHandler(logged)

    def toc(items: Any) -> list[Any]:
        return [(item.title, item.id, item.level, toc(item.children)) for item in items]

    links = None if page.links_to_anchors is None else {f.src_uri: a for f, a in page.links_to_anchors.items()}
    return page.content, toc(page.toc), page._title_from_render, page.present_anchor_ids, links, logged.messages


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@given(
    steps=st.lists(st.tuples(_DOCUMENTS, st.sampled_from(_PAGES), st.booleans(), st.booleans()), min_size=1, max_size=5)
)
@example(steps=[("[x](b.md)", "index.md", False, True), ("[x](b.md)", "index.md", False, False)])  # b.md removed
def test_a_kept_render_is_what_rendering_again_would_give(steps: list[tuple[str, str, bool, bool]]) -> None:
    """A page's Markdown is converted once while nothing Page.render reads changed: for any sequence of
    pages, settings and sets of files, the kept answer equals a fresh render, warnings included (a render that
    warned is not kept, so the next build warns again)."""
    original = mkdocs.structure.pages.Page.render
    try:
        third_party.keep_page_renders()
        kept = mkdocs.structure.pages.Page.render
        assert kept is not original
        with tempfile.TemporaryDirectory() as tmp:
            for markdown, page, permalink, all_pages in steps:
                pages = _PAGES if all_pages else tuple(p for p in _PAGES if p != "b.md" or page == "b.md")
                config, files = _site(Path(tmp), permalink, pages)
                fresh = _rendered(original, markdown, page, config, files)
                assert _rendered(kept, markdown, page, config, files) == fresh
                assert _rendered(kept, markdown, page, config, files) == fresh  # now from memory, if it was kept
    finally:
        mkdocs.structure.pages.Page.render = original  # type: ignore[method-assign]


def test_a_render_is_kept_only_while_its_inputs_are_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mkdocs.structure.pages.Page, "render", mkdocs.structure.pages.Page.render)
    converted: list[str] = []
    real = third_party._render_original

    def counting(page: Page, config: MkDocsConfig, files: Files) -> None:
        converted.append(page.file.src_uri)
        real(page, config, files)

    third_party.keep_page_renders()
    monkeypatch.setattr(third_party, "_render_original", counting)
    render = mkdocs.structure.pages.Page.render
    config, files = _site(tmp_path, False, _PAGES)
    text = "# Title\n\n[b](b.md#two)"
    for _ in range(3):
        _rendered(render, text, "index.md", config, files)
    assert converted == ["index.md"], "the same inputs: converted once"
    _rendered(render, text + " more", "index.md", config, files)
    _rendered(render, text, "c/d.md", config, files)  # the same text on another page: its links differ
    permalinks, files = _site(tmp_path, True, _PAGES)
    _rendered(render, text, "index.md", permalinks, files)
    _rendered(render, text, "index.md", *_site(tmp_path, False, ("index.md", "b.md", "e.md")))  # other files
    assert converted == ["index.md"] * 2 + ["c/d.md"] + ["index.md"] * 2
    warned = [_rendered(render, "[x](missing.md)", "index.md", config, files)[-1] for _ in range(2)]
    assert warned[0] and warned[0] == warned[1], "a render that warned is done again, and warns again"


def test_a_changed_page_render_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(third_party, "PAGE_RENDER_SHA256", "0" * 64)
    with pytest.raises(PluginError, match="Page.render changed: re-check keep_page_renders"):
        third_party.keep_page_renders()


def test_a_changed_mkdocs_build_is_refused_where_pages_are_released(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(third_party, "BUILD_SHA256", "0" * 64)
    monkeypatch.setattr(third_party, "_release", False)
    third_party.release_built_pages(False)  # under serve nothing is released: nothing to re-check
    with pytest.raises(PluginError, match="build changed: re-check release_locale_pages"):
        third_party.release_built_pages(True)


@pytest.fixture
def counted_renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Page.render through item 8 with nothing kept yet; the source paths of the pages actually converted."""
    monkeypatch.setattr(mkdocs.structure.pages.Page, "render", mkdocs.structure.pages.Page.render)
    monkeypatch.setattr(third_party, "_renders", Memo(limit=1_000))
    monkeypatch.setattr(third_party, "_pack", None)
    third_party.keep_page_renders()
    converted: list[str] = []
    real = third_party._render_original

    def counting(page: Page, config: MkDocsConfig, files: Files) -> None:
        converted.append(page.file.src_uri)
        real(page, config, files)

    monkeypatch.setattr(third_party, "_render_original", counting)
    return converted


def _next_build(monkeypatch: pytest.MonkeyPatch, packs: Path, locale: str) -> None:
    """What a new `mkdocs build` process does for `locale`: nothing in memory, the locale's pack read."""
    monkeypatch.setattr(third_party, "_renders", Memo(limit=1_000))
    monkeypatch.setattr(third_party, "_pack", None)
    third_party.load_page_renders(packs, locale)


def test_a_build_reuses_the_renders_its_locales_last_build_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, counted_renders: list[str]
) -> None:
    config, files = _site(tmp_path, True, _PAGES)
    packs, render = tmp_path / "cache", mkdocs.structure.pages.Page.render
    texts = {"index.md": "# One\n\n## Two\n\n[b](b.md#two)", "b.md": "# B {: #two }"}
    third_party.load_page_renders(packs, "en")
    first = [_rendered(render, text, page, config, files) for page, text in texts.items()]
    third_party.load_page_renders(packs, "ja")  # the next locale: the last one's pack is saved first
    _rendered(render, "# 日本語", "index.md", config, files)
    third_party.save_page_renders()
    assert counted_renders == ["index.md", "b.md", "index.md"]
    _next_build(monkeypatch, packs, "en")
    assert _rendered(render, texts["b.md"], "b.md", config, files) == first[1]
    assert counted_renders == ["index.md", "b.md", "index.md"], "the next build converted b.md's page no more"
    _rendered(render, "# 日本語", "index.md", config, files)  # ja's render is not in en's pack
    assert len(counted_renders) == 4
    third_party.save_page_renders()
    _next_build(monkeypatch, packs, "en")  # the pack holds what the last build used: not index.md's first text
    assert [_rendered(render, text, page, config, files) for page, text in texts.items()] == first
    assert counted_renders[4:] == ["index.md"]


@pytest.mark.parametrize("damage", ["other code", "broken file", "another shape", "no folder"])
def test_a_pack_of_other_code_or_damaged_is_rendered_anew(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, counted_renders: list[str], damage: str
) -> None:
    config, files = _site(tmp_path, False, _PAGES)
    packs, render = tmp_path / "cache", mkdocs.structure.pages.Page.render
    third_party.load_page_renders(packs, "en")
    fresh = _rendered(render, "# Title", "index.md", config, files)
    third_party.save_page_renders()
    if damage == "other code":
        monkeypatch.setattr(third_party, "environment", lambda: "another version")
    elif damage == "broken file":
        (packs / "en.json").write_text('{"environment": ', encoding="utf-8")
    elif damage == "another shape":  # the same code's file, but a render's content is not a text
        stored = json.loads((packs / "en.json").read_text(encoding="utf-8"))
        for _key, kept in stored["entries"]:
            kept[0] = 42
        (packs / "en.json").write_text(json.dumps(stored), encoding="utf-8")
    else:
        shutil.rmtree(packs)
        packs.write_text("a file where the folder was")  # nothing can be read or written there
    _next_build(monkeypatch, packs, "en")
    assert _rendered(render, "# Title", "index.md", config, files) == fresh
    third_party.save_page_renders()  # never fails the build
    assert counted_renders == ["index.md", "index.md"]


def test_a_forked_worker_never_saves_the_pack_it_inherited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, counted_renders: list[str]
) -> None:
    config, files = _site(tmp_path, False, _PAGES)
    packs = tmp_path / "cache"
    third_party.load_page_renders(packs, "en")
    _rendered(mkdocs.structure.pages.Page.render, "# Title", "index.md", config, files)
    monkeypatch.setattr(os, "getpid", lambda: -1)  # another process than the one that loaded it
    third_party.load_page_renders(packs, "nl")  # the worker's own locale
    assert not (packs / "en.json").exists()
