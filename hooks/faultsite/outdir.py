"""Publishing without losing the site: build into a staging folder on the output's own filesystem, and replace the
published site only when the whole build succeeded, in a way that any failure (an error, a full disk, a signal) can
roll back, leaving the old site byte for byte as it was.

- A plain output folder: the staging folder is its sibling (`.site.building-<pid>`), and two renames swap them (the
  old folder is moved aside, the new one moved in, the old one removed). A reader sees the old site or the new one;
  between the two renames, a few microseconds, the folder is missing.
- A mount point (a container volume, /var/www on its own disk): it cannot be renamed (EBUSY), and nothing can be
  renamed into it from another filesystem (EXDEV), so the staging folder is inside it (`.staging-<pid>`; nginx
  serves no dot-folder), and the site is replaced entry by entry, by renames within the mount: each top-level entry
  (`index.html`, `faults/`, `nl/`, `assets/`, ...) of the old site is moved into a retired folder (`.retired-<pid>`)
  and the new one moved in, then the entries the new site no longer has are retired, then the retired folder is
  removed. Every step is a rename, undone in reverse order after a failure. During the swap (a few dozen renames,
  under a millisecond) a reader may get a mix: a new page from one top-level folder and an old one from another, or
  an old page whose asset was just replaced; each file is whole, old or new, never cut; and an entry is missing
  between its two renames. That is the best a mount point allows: POSIX has no call that replaces a folder's contents
  at once (Linux's renameat2 RENAME_EXCHANGE would close the gap of one entry, not the mix; the standard library
  does not offer it). A deployer who needs one atomic switch points the server at a symlink inside the mount.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import signal
import threading
from pathlib import Path

_OURS = re.compile(r"\.(?:staging|retired)-([0-9]+)")  # inside a mount point
_FILESYSTEM_OWN = {"lost+found"}  # at the root of a mounted filesystem, not part of any site
_FULL_OR_READ_ONLY = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS}


def staging_dir(site_dir: Path) -> Path:
    """A fresh, empty folder for the build, on the filesystem of `site_dir` (an absolute, resolved path)."""
    settle()
    if is_mount_point(site_dir):
        staging = site_dir / f".staging-{os.getpid()}"
    else:
        staging = site_dir.parent / f".{site_dir.name}.building-{os.getpid()}"
    _discard_stale(staging.parent)
    discard(staging)
    staging.mkdir(parents=True)
    return staging


def discard(path: Path) -> None:
    """Remove a staging or retired folder if it exists."""
    shutil.rmtree(path, ignore_errors=True)


_removals: list[threading.Thread] = []  # the replaced sites being removed (publish's `retire_in_background`)


def settle() -> None:
    """Wait until every replaced site is removed (before the next build or publishing touches the same folders)."""
    while _removals:
        _removals.pop().join()


def publish(staging: Path, site_dir: Path, *, retire_in_background: bool = False) -> None:
    """Make `site_dir` hold exactly what `staging` holds; after any failure, `site_dir` is as it was. With
    `retire_in_background` (under serve: a reload is served sooner), the replaced site is removed by a thread once
    the new one is in place (`settle` waits for it; the interpreter waits for it before it exits)."""
    settle()
    # SIGINT and SIGTERM wait until the swap is done or undone: a rollback must not be cut short.
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        swap = _swap_entries if staging.parent == site_dir else _swap_folders
        retired = swap(staging, site_dir)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
    if retire_in_background:
        _removals.append(threading.Thread(target=discard, args=(retired,), name="faultsite-retired-site"))
        _removals[-1].start()
    else:
        discard(retired)


def failure_message(error: OSError, site_dir: Path) -> str:
    """One line for an output that could not be written (full, read-only, not permitted): the deployer's to fix."""
    filename = os.fsdecode(error.filename) if error.filename is not None else None
    about_output = error.errno in _FULL_OR_READ_ONLY or (filename and Path(filename).is_relative_to(site_dir.parent))
    if not about_output:
        return str(error)  # not about the output (a data file that cannot be read, say)
    where = f" ({filename})" if filename else ""
    return f"the site could not be written to {site_dir}: {error.strerror}{where}; the published site is unchanged"


def is_mount_point(path: Path) -> bool:
    """Whether `path` is a mount point, a bind mount of a folder of the same filesystem included."""
    if os.path.ismount(path):
        return True
    try:  # Linux: a bind mount has the st_dev of its filesystem, which os.path.ismount compares
        lines = Path("/proc/self/mountinfo").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return False
    unescape = re.compile(r"\\([0-7]{3})")  # spaces, tabs, newlines and backslashes are written in octal
    return any(unescape.sub(lambda m: chr(int(m.group(1), 8)), line.split()[4]) == str(path) for line in lines)


def _swap_folders(staging: Path, site_dir: Path) -> Path:
    """Swap them; the old site's folder, for the caller to remove."""
    retired = site_dir.with_name(f".{site_dir.name}.retired-{os.getpid()}")
    discard(retired)
    moved_aside = False
    try:
        if site_dir.exists():
            os.rename(site_dir, retired)
            moved_aside = True
        os.rename(staging, site_dir)
    except BaseException:
        if moved_aside and not site_dir.exists():
            os.rename(retired, site_dir)
        raise
    return retired


def _swap_entries(staging: Path, site_dir: Path) -> Path:
    """Swap their entries; the folder of the old site's entries, for the caller to remove."""
    retired = site_dir / f".retired-{os.getpid()}"
    discard(retired)
    retired.mkdir()
    done: list[tuple[Path, Path]] = []  # every rename made, to be undone in reverse order

    def move(source: Path, target: Path) -> None:
        done.append((source, target))
        os.rename(source, target)

    try:
        new = sorted(staging.iterdir(), key=lambda entry: (not entry.is_dir(), entry.name))  # folders, then files
        for entry in new:
            if os.path.lexists(site_dir / entry.name):
                move(site_dir / entry.name, retired / entry.name)
            move(entry, site_dir / entry.name)
        names = {entry.name for entry in new}
        for old in sorted(site_dir.iterdir()):
            if old.name not in names and not _OURS.fullmatch(old.name) and old.name not in _FILESYSTEM_OWN:
                move(old, retired / old.name)
    except BaseException:
        for source, target in reversed(done):
            if not os.path.lexists(source):  # the last one may have failed
                os.rename(target, source)
        discard(retired)
        raise
    discard(staging)
    return retired


def _discard_stale(folder: Path) -> None:
    """Remove what a killed build (SIGKILL, out of memory) left in `folder`: a staging or retired folder whose
    process is gone."""
    sibling = re.compile(r"\..+\.(?:building|retired)-([0-9]+)")
    for entry in folder.iterdir() if folder.is_dir() else ():
        found = _OURS.fullmatch(entry.name) or sibling.fullmatch(entry.name)
        if found and not _running(int(found.group(1))):
            discard(entry)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True
