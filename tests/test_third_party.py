"""Our changes to third-party code are checked against the installed packages: a changed original fails the build."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest
import third_party
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer

from conftest import ROOT


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
