"""The compressed copies beside the site's files: what nginx serves with gzip_static and brotli_static.

Every file's compressed copies are kept in a cache named by their content: a changed file must be compressed again
(never its old copy served), an unchanged one reused, the site the same bytes either way, and the cache no larger
than what the last build used."""

from __future__ import annotations

import gzip
import importlib.resources
import shutil
from pathlib import Path

import brotli  # type: ignore[import-untyped]
import pytest

from faultsite import precompress as module
from faultsite.precompress import precompress


def decompressed(path: Path) -> dict[str, bytes]:
    """What a browser reads from each compressed copy beside `path` (by the codecs' own decoders)."""
    return {
        "gzip": gzip.decompress(path.with_name(path.name + ".gz").read_bytes()),
        "br": brotli.decompress(path.with_name(path.name + ".br").read_bytes()),
    }


def files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def small_site(root: Path, style: str) -> Path:
    site = root / "site"
    shutil.rmtree(site, ignore_errors=True)
    (site / "assets").mkdir(parents=True)
    (site / "assets" / "style.css").write_text(style, encoding="utf-8")
    (site / "index.html").write_text("<p>" + "fault " * 200 + "</p>", encoding="utf-8")
    return site


def test_an_unchanged_asset_is_reused_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    style = "body { color: red; }\n" * 300
    precompress(small_site(tmp_path, style), cache=tmp_path / "cache")
    first = files(tmp_path / "site")
    pack = module._pack

    def pack_pages_only(data: bytes, levels: tuple[int, int]) -> dict[str, bytes]:
        if levels == module._ASSET_LEVELS:
            pytest.fail("an unchanged asset was compressed again")
        return pack(data, levels)

    monkeypatch.setattr(module, "_pack", pack_pages_only)
    site = small_site(tmp_path, style)
    precompress(site, cache=tmp_path / "cache")
    assert files(site) == first
    assert decompressed(site / "assets" / "style.css") == {"gzip": style.encode(), "br": style.encode()}


def test_a_changed_asset_is_compressed_again(tmp_path: Path) -> None:
    precompress(small_site(tmp_path, "body { color: red; }\n" * 300), cache=tmp_path / "cache")
    changed = "body { color: blue; }\n" * 300
    site = small_site(tmp_path, changed)
    precompress(site, cache=tmp_path / "cache")
    assert decompressed(site / "assets" / "style.css") == {"gzip": changed.encode(), "br": changed.encode()}


@pytest.mark.parametrize("damage", ["garbage", "another file's copy", "cut short"])
def test_a_damaged_cache_is_never_served(tmp_path: Path, damage: str) -> None:
    style = "body { color: red; }\n" * 300
    cache = tmp_path / "cache"
    precompress(small_site(tmp_path, style), cache=cache)
    other = brotli.compress(b"body { color: green; }\n" * 300, quality=10)
    for entry in cache.rglob("*.br"):
        content = entry.read_bytes()
        entry.write_bytes({"garbage": b"\x00" * 50, "another file's copy": other, "cut short": content[:20]}[damage])
    site = small_site(tmp_path, style)
    precompress(site, cache=cache)
    assert decompressed(site / "assets" / "style.css") == {"gzip": style.encode(), "br": style.encode()}


def test_the_theme_compressed_from_the_cache_is_the_same_bytes(tmp_path: Path) -> None:
    """Material's real assets: no cache, a cold cache and a warm one (in two processes) give the same files."""
    material = Path(str(importlib.resources.files("material") / "templates" / "assets"))
    sites = {}
    for run in ("no cache", "cold", "warm"):
        site = tmp_path / run
        shutil.copytree(material, site / "assets")
        precompress(site, processes=2, cache=None if run == "no cache" else tmp_path / "cache")
        sites[run] = files(site)
    assert any(name.endswith(".br") for name in sites["no cache"])
    assert sites["cold"] == sites["no cache"]
    assert sites["warm"] == sites["no cache"]


def test_an_unchanged_page_is_reused_and_an_old_one_forgotten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    style, cache = "body { color: red; }\n" * 300, tmp_path / "cache"
    site = small_site(tmp_path, style)
    (site / "old.html").write_text("<p>" + "old fault " * 200 + "</p>", encoding="utf-8")
    precompress(site, cache=cache)
    entries = {entry.name for entry in cache.rglob("*") if entry.is_file()}
    assert len(entries) == 6  # a .gz and a .br of each of the three files
    monkeypatch.setattr(module, "_pack", lambda data, levels: pytest.fail(f"compressed again: {data[:20]!r}"))
    site = small_site(tmp_path, style)  # the same asset and index page; old.html is gone
    precompress(site, cache=cache)
    assert decompressed(site / "index.html") == {"gzip": b"<p>" + b"fault " * 200 + b"</p>"} | {
        "br": b"<p>" + b"fault " * 200 + b"</p>"
    }
    left = {entry.name for entry in cache.rglob("*") if entry.is_file()}
    assert len(left) == 4 and left < entries  # old.html's copies are no longer kept


def test_a_cache_that_cannot_be_changed_never_fails_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A read-only cache (a checkout, a mounted CI cache): what cannot be removed or added stays; the site is right."""
    cache = tmp_path / "cache"
    precompress(small_site(tmp_path, "body { color: red; }\n" * 300), cache=cache)
    kept = sorted(entry.name for entry in cache.rglob("*") if entry.is_file())

    def refused(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Read-only file system")

    monkeypatch.setattr(Path, "unlink", refused)
    monkeypatch.setattr(module, "_write_whole", refused)
    site = small_site(tmp_path, "body { color: blue; }\n" * 300)
    precompress(site, cache=cache)
    assert sorted(entry.name for entry in cache.rglob("*") if entry.is_file()) == kept
    assert decompressed(site / "assets" / "style.css")["br"] == b"body { color: blue; }\n" * 300


def test_the_site_keeps_its_copies_whatever_becomes_of_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy taken from the cache is a hard link to the cache's file where the file system allows: emptying the
    cache, or a build that cannot link (an output folder on another file system), leaves a site of the same bytes."""
    style, cache = "body { color: red; }\n" * 300, tmp_path / "cache"
    precompress(small_site(tmp_path, style), cache=cache)  # the cache filled
    site = small_site(tmp_path, style)
    precompress(site, cache=cache)  # every copy from the cache
    linked = files(site)
    assert (site / "index.html.br").stat().st_nlink == 2, "a link to the cache's file, not a second copy"
    shutil.rmtree(cache)
    assert files(site) == linked
    precompress(small_site(tmp_path, style), cache=cache)  # the cache filled again

    def refused(source: object, target: object) -> None:
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr("faultsite.precompress.os.link", refused)
    site = small_site(tmp_path, style)
    precompress(site, cache=cache)
    assert files(site) == linked and (site / "index.html.br").stat().st_nlink == 1
