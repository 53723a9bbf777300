"""A .gz and a .br beside every compressible file of the built site, for nginx's gzip_static and brotli_static."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import os
import zlib
from pathlib import Path

import brotli  # type: ignore[import-untyped]  # the PyPI package ships no types

from .nginx import NGINX_DIR
from .parallel import fork_map

# Types worth compressing; images and fonts are compressed already, source maps are read by developer tools only.
COMPRESSIBLE = frozenset({".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".webmanifest"})
# Compression levels (brotli quality, gzip level). The theme's assets are the same few files at any size of site,
# fetched once per reader and cached: compressed hard. What grows with the faults (pages, search shards, API,
# sitemaps) is compressed fast. Measured 2026-12-05 on this site's 2.4 MB of content: brotli 10 took 0.95 s for
# 499 kB, brotli 5 takes 0.04 s for 559 kB (gzip 9 / 6: 0.06 / 0.03 s, 594 / 597 kB); at 1,000 faults that is about
# 40 s of CPU against 2 s. Assets (1.4 MB): brotli 10 0.72 s for 323 kB, 11 1.76 s for 309 kB.
_ASSET_LEVELS = (10, 9)
_CONTENT_LEVELS = (5, 6)
# What, besides the bytes and the levels, decides the compressed bytes: the two libraries' versions.
_CODEC_KEY = f"brotli {brotli.__version__}; zlib {zlib.ZLIB_RUNTIME_VERSION}".encode()
_SUFFIXES = {"gzip": ".gz", "br": ".br"}


def precompress(site: Path, processes: int = 1, cache: Path | None = None) -> dict[str, int]:
    """Write a .gz and a .br beside every compressible file where smaller; return the bytes per encoding.

    With a `cache` folder each file's compressed copies are kept there, named by a hash of what they are made from
    (its bytes, the levels, the codecs), and reused by the next build for the same bytes: the theme's assets every
    time, a page whenever it did not change. After the build the cache holds what this build used, nothing else."""
    paths = [
        path
        for path in sorted(site.rglob("*"))
        if path.suffix in COMPRESSIBLE and path.is_file() and NGINX_DIR not in path.relative_to(site).parts
    ]
    totals = {"identity": 0, "gzip": 0, "br": 0}

    def compress(path: Path) -> tuple[dict[str, int], str | None]:
        levels = _ASSET_LEVELS if path.relative_to(site).parts[0] == "assets" else _CONTENT_LEVELS
        return _compress(path, levels, cache)

    used: set[str] = set()
    for sizes, key in fork_map(compress, paths, processes):
        for encoding, size in sizes.items():
            totals[encoding] += size
        if key is not None:
            used.add(key)
    if cache is not None:
        _forget_unused(cache, used)
    return totals


def _compress(path: Path, levels: tuple[int, int], cache: Path | None) -> tuple[dict[str, int], str | None]:
    """Compress one file (from `cache` where it can); its sizes, and its cache key (None without a cache)."""
    data = path.read_bytes()
    sizes = {"identity": len(data)}
    if cache is None:
        key, packs, kept = None, _pack(data, levels), None
    else:
        key = _key(data, levels)
        packs, kept = _cached_pack(data, levels, cache, key)
    for encoding, packed in packs.items():
        if len(packed) < len(data):
            _place(path.with_name(path.name + _SUFFIXES[encoding]), packed, kept[encoding] if kept else None)
        sizes[encoding] = min(len(packed), len(data))
    return sizes, key


def _place(target: Path, packed: bytes, kept: Path | None) -> None:
    """`packed` at `target`: a hard link to the cache's copy `kept` (which holds the same bytes) where the file
    system allows, as no bytes need writing (creating a file costs more than its compression's lookup); else written.
    A file already at `target` is replaced, never written into (it may be a link to a cache entry)."""
    if target.exists():
        target.unlink()
    if kept is not None:
        try:
            os.link(kept, target)
            return
        except OSError:  # another file system (a mounted output folder), or links refused: written instead
            pass
    target.write_bytes(packed)


def _key(data: bytes, levels: tuple[int, int]) -> str:
    return hashlib.sha256(_CODEC_KEY + repr(levels).encode() + b"\0" + data).hexdigest()


def _forget_unused(cache: Path, used: set[str]) -> None:
    """Remove the entries this build did not use (an older version of a page): the cache does not grow build by
    build. A concurrent build that loses an entry compresses again; it never reads a wrong one (see _cached_pack)."""
    for entry in cache.glob("??/*"):
        if entry.name.split(".", 1)[0] not in used:
            with contextlib.suppress(OSError):  # a read-only cache stays as it is, as _cached_pack leaves it
                entry.unlink(missing_ok=True)


def _pack(data: bytes, levels: tuple[int, int]) -> dict[str, bytes]:
    quality, level = levels
    return {"gzip": gzip.compress(data, level, mtime=0), "br": brotli.compress(data, quality=quality)}


def _cached_pack(
    data: bytes, levels: tuple[int, int], cache: Path, key: str
) -> tuple[dict[str, bytes], dict[str, Path] | None]:
    """`_pack(data, levels)`, from `cache` when it holds copies that decompress to `data`, else made and kept; and
    the cache's files that hold them (None where they could not be kept)."""
    entries = {encoding: cache / key[:2] / (key + suffix) for encoding, suffix in _SUFFIXES.items()}
    try:
        packs = {encoding: entry.read_bytes() for encoding, entry in entries.items()}
        # Checked, not trusted: a cache edited, cut short or from another codec never reaches a reader.
        if gzip.decompress(packs["gzip"]) == data and brotli.decompress(packs["br"]) == data:
            return packs, entries
    except (OSError, EOFError, zlib.error, brotli.error):
        pass
    packs = _pack(data, levels)
    try:
        for encoding, packed in packs.items():
            _write_whole(entries[encoding], packed)
    except OSError:  # a read-only checkout: the build goes on, compressing again next time
        return packs, None
    return packs, entries


def _write_whole(path: Path, data: bytes) -> None:
    """Write `data` to `path` in one step (write, then rename): a concurrent build reads the old file or the new."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
