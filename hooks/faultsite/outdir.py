"""Atomic publish: build into a sibling folder, and replace the output folder only after the whole build succeeded.

A failed build (data error, rendering crash, strict-mode warning) must leave the previously published site exactly as
it was, so the build never writes into the output folder itself.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path


def staging_dir(site_dir: Path) -> Path:
    """A fresh, empty sibling of `site_dir` (same filesystem, so the final rename is atomic)."""
    staging = site_dir.parent / f".{site_dir.name}.building-{os.getpid()}"
    discard(staging)
    staging.mkdir(parents=True)
    return staging


def discard(path: Path) -> None:
    """Remove a staging or retired folder if it exists."""
    shutil.rmtree(path, ignore_errors=True)


def publish(staging: Path, site_dir: Path) -> None:
    """Make `site_dir` hold exactly what `staging` holds, by two renames where the filesystem allows it."""
    retired = site_dir.parent / f".{site_dir.name}.retired-{os.getpid()}"
    discard(retired)
    try:
        if site_dir.exists():
            os.rename(site_dir, retired)
        os.rename(staging, site_dir)
    except OSError as error:
        # A mount point cannot be renamed (EBUSY, EXDEV, EPERM): replace its contents, entry by entry, instead.
        if error.errno not in (errno.EBUSY, errno.EXDEV, errno.EPERM, errno.EACCES, errno.EINVAL):
            raise
        if retired.exists() and not site_dir.exists():
            os.rename(retired, site_dir)
        _replace_contents(staging, site_dir)
    discard(retired)


def _replace_contents(staging: Path, site_dir: Path) -> None:
    for old in list(site_dir.iterdir()):
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old)
        else:
            old.unlink()
    for new in staging.iterdir():
        os.rename(new, site_dir / new.name)
    discard(staging)
