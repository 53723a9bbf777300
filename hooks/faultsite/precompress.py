"""A .gz and a .br beside every compressible file of the built site, for nginx's gzip_static and brotli_static."""

from __future__ import annotations

import gzip
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


def precompress(site: Path, processes: int = 1) -> dict[str, int]:
    """Write a .gz and a .br beside every compressible file where smaller; return the bytes per encoding."""
    paths = [
        path
        for path in sorted(site.rglob("*"))
        if path.suffix in COMPRESSIBLE and path.is_file() and NGINX_DIR not in path.relative_to(site).parts
    ]
    totals = {"identity": 0, "gzip": 0, "br": 0}

    def compress(path: Path) -> dict[str, int]:
        return _compress(path, _ASSET_LEVELS if path.relative_to(site).parts[0] == "assets" else _CONTENT_LEVELS)

    for sizes in fork_map(compress, paths, processes):
        for encoding, size in sizes.items():
            totals[encoding] += size
    return totals


def _compress(path: Path, levels: tuple[int, int]) -> dict[str, int]:
    data = path.read_bytes()
    sizes = {"identity": len(data)}
    quality, level = levels
    packs = (("gzip", gzip.compress(data, level, mtime=0)), ("br", brotli.compress(data, quality=quality)))
    for encoding, packed in packs:
        if len(packed) < len(data):
            path.with_name(path.name + (".gz" if encoding == "gzip" else ".br")).write_bytes(packed)
        sizes[encoding] = min(len(packed), len(data))
    return sizes
