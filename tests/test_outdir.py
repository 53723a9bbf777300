"""Publishing a staged site: by renames, or entry by entry where the output folder cannot be renamed."""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "hooks"))

from faultsite import outdir


def _site(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")


def _files(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): p.read_text(encoding="utf-8") for p in folder.rglob("*") if p.is_file()}


NEW = {"index.html": "new", "faults/13/index.html": "new 13"}


def test_the_staged_site_replaces_the_old_one_and_nothing_is_left_beside_it(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _site(site, {"index.html": "old", "SENTINEL": "old", "old/page.html": "old"})
    staging = outdir.staging_dir(site)
    _site(staging, NEW)
    outdir.publish(staging, site)
    assert _files(site) == NEW
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_a_folder_that_cannot_be_renamed_gets_its_contents_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    _site(site, {"index.html": "old", "SENTINEL": "old", "old/page.html": "old"})
    staging = outdir.staging_dir(site)
    _site(staging, NEW)
    rename = os.rename

    def mount_point(source: Path, target: Path) -> None:  # like a mount point: the folder itself cannot move
        if Path(source) == site:
            raise OSError(errno.EBUSY, "Device or resource busy")
        rename(source, target)

    monkeypatch.setattr(os, "rename", mount_point)  # the very module outdir calls
    inode = site.stat().st_ino
    outdir.publish(staging, site)
    assert _files(site) == NEW
    assert site.stat().st_ino == inode
    assert [p.name for p in tmp_path.iterdir()] == ["site"]
