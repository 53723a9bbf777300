"""Publishing onto real filesystems: a tmpfs mounted as the output folder (as a container volume, or /var/www on its
own disk), and a plain folder; a full one, a read-only one, and a failure at every step of the swap.

Mounting needs root, which CI has: without it these tests skip, except under CI=true, where they fail. The plain
folder of the full and read-only cases sits in a mounted tmpfs too: a test can neither fill the root filesystem nor
make it read-only.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from helpers import build, old_site, snapshot

from conftest import ROOT, problem_messages

sys.path.insert(0, str(ROOT / "hooks"))

from faultsite import outdir


class Mounts:
    """Filesystems mounted by one test, unmounted after it."""

    def __init__(self) -> None:
        self.points: list[Path] = []

    def mount(self, point: Path, *arguments: str) -> Path:
        point.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(["mount", *arguments, str(point)], capture_output=True, text=True)
        if result.returncode != 0:
            _cannot(f"mount {' '.join(arguments)} failed: {result.stderr.strip()}")
        self.points.append(point)
        return point

    def tmpfs(self, point: Path, size: str = "64m") -> Path:
        return self.mount(point, "-t", "tmpfs", "-o", f"size={size}", "tmpfs")

    def read_only(self, point: Path) -> None:
        self.mount(point, "-o", "remount,ro")
        self.points.pop()  # the same mount


def _cannot(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI runs as root and must mount: {reason}")
    pytest.skip(reason)


@pytest.fixture
def mounts() -> Iterator[Mounts]:
    if os.geteuid() != 0:
        _cannot("mounting a tmpfs needs root")
    made = Mounts()
    try:
        yield made
    finally:
        for point in reversed(made.points):
            subprocess.run(["umount", "--lazy", str(point)], check=True)


def _output(mounts: Mounts, tmp_path: Path, layout: str, size: str) -> Path:
    """The output folder: a tmpfs mounted there, or a plain folder inside one."""
    if layout == "mount point":
        return mounts.tmpfs(tmp_path / "site", size)
    return mounts.tmpfs(tmp_path / "disk", size) / "site"


def _besides(site: Path, layout: str) -> list[str]:
    """What is left beside the site's own entries: staging and retired folders, anything in the parent."""
    if layout == "mount point":
        return sorted(entry.name for entry in site.iterdir() if entry.name.startswith((".staging-", ".retired-")))
    return sorted(entry.name for entry in site.parent.iterdir() if entry.name != "site")


def test_a_build_publishes_onto_a_mount_point(mounts: Mounts, tmp_path: Path, built_site: Path) -> None:
    site = mounts.tmpfs(tmp_path / "site")
    old_site(site)
    result = build(ROOT, site)
    assert result.returncode == 0, result.stderr[-3000:]
    assert os.path.ismount(site)  # still the mounted filesystem, now holding the new site, and only it
    assert snapshot(site) == snapshot(built_site)


@pytest.mark.parametrize("layout, sequential", [("mount point", False), ("plain folder", True)])
def test_a_full_disk_fails_with_one_line_and_leaves_the_old_site(
    mounts: Mounts, tmp_path: Path, layout: str, sequential: bool
) -> None:
    site = _output(mounts, tmp_path, layout, size="2m")  # the site takes about 8 MB
    before = old_site(site)
    result = build(ROOT, site, sequential=sequential)
    assert result.returncode != 0
    [message] = problem_messages(result.stderr)
    assert f"the site could not be written to {site}: No space left on device" in message
    assert "Traceback" not in result.stderr
    assert snapshot(site) == before
    assert _besides(site, layout) == []


@pytest.mark.parametrize("layout", ["mount point", "plain folder"])
def test_a_read_only_output_fails_with_one_line_naming_it_and_leaves_the_old_site(
    mounts: Mounts, tmp_path: Path, layout: str
) -> None:
    site = _output(mounts, tmp_path, layout, size="4m")
    before = old_site(site)
    mounts.read_only(site if layout == "mount point" else site.parent)
    result = build(ROOT, site)
    assert result.returncode != 0
    [message] = problem_messages(result.stderr)
    assert f"the site could not be written to {site}: Read-only file system" in message
    assert "Traceback" not in result.stderr
    assert snapshot(site) == before


def test_a_bind_mount_of_a_folder_of_the_same_filesystem_is_staged_inside(mounts: Mounts, tmp_path: Path) -> None:
    """os.path.ismount compares st_dev, which a bind mount shares with its parent; a rename into it still fails."""
    site = mounts.mount(tmp_path / "site", "--bind", str(_folder(tmp_path / "volume")))
    assert not os.path.ismount(site)
    staging = outdir.staging_dir(site)
    assert staging.parent == site
    _files(staging, NEW)
    outdir.publish(staging, site)
    assert _contents(site) == NEW


# --- the swap, step by step -----------------------------------------------------------------------------------

OLD = {"index.html": "old home", "faults/13/index.html": "old 13", "SENTINEL": "old only", "gone/page.html": "old"}
NEW = {"index.html": "new home", "faults/13/index.html": "new 13", "new.html": "new only", ".nginx/csp": "new"}


def _folder(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def _files(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")


def _contents(folder: Path) -> dict[str, str]:
    """Every file of the site (never looking into a staging or retired folder: one may be being removed)."""
    entries = [entry for entry in folder.iterdir() if not entry.name.startswith((".staging-", ".retired-"))]
    paths = [path for entry in entries for path in (entry, *(entry.rglob("*") if entry.is_dir() else ()))]
    return {str(path.relative_to(folder)): path.read_text(encoding="utf-8") for path in paths if path.is_file()}


def _renames(monkeypatch: pytest.MonkeyPatch, fail_at: int | None) -> Callable[[], int]:
    """Count outdir's renames; the one numbered `fail_at` (from 0) fails as a disk would."""
    rename, calls = os.rename, [0]

    def counted(source: str | Path, target: str | Path) -> None:
        calls[0] += 1
        if calls[0] - 1 == fail_at:
            raise OSError(errno.EIO, "Input/output error")
        rename(source, target)

    monkeypatch.setattr(os, "rename", counted)  # the very module outdir calls
    return lambda: calls[0]


@pytest.mark.parametrize("layout", ["mount point", "plain folder"])
def test_a_failure_at_any_step_of_the_swap_leaves_the_old_site_byte_for_byte(
    mounts: Mounts, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, layout: str
) -> None:
    site = _output(mounts, tmp_path, layout, size="4m")
    own = {"lost+found"} if layout == "mount point" else set()  # a mounted filesystem's own: never the site's

    def attempt(fail_at: int | None) -> int:
        for entry in _folder(site).iterdir():
            if entry.is_dir():
                outdir.discard(entry)
            else:
                entry.unlink()
        _files(site, OLD)
        for name in own:
            (site / name).mkdir()
        _files(outdir.staging_dir(site), NEW)
        count = _renames(monkeypatch, fail_at)
        try:
            outdir.publish(site / f".staging-{os.getpid()}" if own else _sibling(site), site)
        finally:
            monkeypatch.undo()
        return count()

    steps = attempt(None)
    assert _contents(site) == NEW
    assert {entry.name for entry in site.iterdir()} == {*own, "index.html", "faults", "new.html", ".nginx"}
    assert steps == (8 if own else 2)  # 2 per entry in both sites, 1 per entry in one; 2 for the folders
    for fail_at in range(steps):
        with pytest.raises(OSError, match="Input/output error"):
            attempt(fail_at)
        assert _contents(site) == OLD, f"failed at rename {fail_at}"
        left = {entry.name for entry in site.iterdir() if not entry.name.startswith(".staging-")}
        assert left == {*own, "index.html", "faults", "SENTINEL", "gone"}
        # The new site is whole too, where it was built, for the glue to discard.
        assert _contents(site / f".staging-{os.getpid()}" if own else _sibling(site)) == NEW


@pytest.mark.parametrize("layout", ["mount point", "plain folder"])
def test_a_site_replaced_under_serve_is_removed_after_the_new_one_is_in_place(
    mounts: Mounts, tmp_path: Path, layout: str
) -> None:
    """Under serve the replaced site is removed by a thread, after the swap: the new site is whole at once, the old
    one goes, and a next publish in quick succession finds the folders as a synchronous one would."""
    site = _output(mounts, tmp_path, layout, size="4m")
    _files(_folder(site), OLD)
    for version in (NEW, {**NEW, "index.html": "newer home"}, OLD):
        _files(outdir.staging_dir(site), version)
        staging = site / f".staging-{os.getpid()}" if layout == "mount point" else _sibling(site)
        outdir.publish(staging, site, retire_in_background=True)
        assert _contents(site) == version
    outdir.settle()
    assert {entry.name for entry in site.iterdir()} == {"index.html", "faults", "SENTINEL", "gone"}
    assert [entry.name for entry in site.parent.iterdir() if entry.name.startswith(".")] == []


def _sibling(site: Path) -> Path:
    return site.with_name(f".{site.name}.building-{os.getpid()}")


def test_what_a_killed_build_left_goes_and_what_a_running_one_uses_stays(tmp_path: Path) -> None:
    """SIGKILL (the out-of-memory killer) cannot be caught: the next build removes a staging folder whose process is
    gone, and leaves alone one that a build still running uses."""
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead, alive = int(ended.stdout), os.getppid()
    site = _folder(tmp_path / "site")
    left = [tmp_path / f".site.building-{dead}", tmp_path / f".site.retired-{dead}"]
    used = tmp_path / f".site.building-{alive}"
    for folder in [*left, used]:
        _files(folder, NEW)
    outdir.staging_dir(site)
    assert [folder.exists() for folder in left] == [False, False]
    assert _contents(used) == NEW
