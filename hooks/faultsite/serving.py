"""Serving the finished site as it should be served: near-miss redirects, precompressed files, cache lifetimes
and a Content-Security-Policy that the built pages satisfy.

Everything here is derived from the built output and the catalog, never from a list of cases: the nginx
includes written to <site>/.nginx/ (see deploy/nginx/) carry the inline-script hashes of the pages as built, the
redirect rules of the configured locales and the known fault IDs, and the assets that are safe to cache forever.
`near_miss_target` is the reference of the redirect rules; the nginx map and the page-not-found script
(overrides/assets/javascripts/not-found.js) implement the same rules and the tests hold all three to it.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.resources
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import brotli  # type: ignore[import-untyped]  # the PyPI package ships no types
import jinja2

from .html_safety import InlineCode, inline_code
from .model import Catalog
from .parallel import fork_map
from .urls import fault_path, locale_prefix

TEMPLATES = Path(__file__).parent / "templates"
NGINX_DIR = ".nginx"  # inside the site: nginx refuses to serve it (server.conf)
# Types worth compressing; images and fonts are compressed already, source maps are read by developer tools only.
COMPRESSIBLE = frozenset({".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".webmanifest"})
# Compression levels (brotli quality, gzip level). The theme's assets are the same few files at any size of site,
# fetched once per reader and cached: compressed hard. What grows with the faults (pages, search shards, API,
# sitemaps) is compressed fast. Measured 2026-12-05 on this site's 2.4 MB of content: brotli 10 took 0.95 s for
# 499 kB, brotli 5 takes 0.04 s for 559 kB (gzip 9 / 6: 0.06 / 0.03 s, 594 / 597 kB); at 1,000 faults that is about
# 40 s of CPU against 2 s. Assets (1.4 MB): brotli 10 0.72 s for 323 kB, 11 1.76 s for 309 kB.
_ASSET_LEVELS = (10, 9)
_CONTENT_LEVELS = (5, 6)
_LOCALE_TAG = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{1,8})*")
# A fault named the way people and portals write it: any case, "fault" for "faults", leading zeros, no slash,
# index.html or .html (the same rule in not-found.js and the nginx map).
_FAULT_FORM = re.compile(r"faults?/0*([1-9][0-9]*)(?:/|/index\.html|\.html)?", re.IGNORECASE)
# Material names its bundles with a content fingerprint, e.g. bundle.a5f9d56c.min.js.
_FINGERPRINT = re.compile(r"\.[0-9a-f]{8}\.min\.(?:js|css)(?:\.map)?$")


@dataclass(frozen=True)
class Routes:
    """What the URL rules depend on: the configured locales, the default one, the known faults."""

    locales: tuple[str, ...]
    default_locale: str
    fault_ids: tuple[int, ...]
    site_path: str = "/"


def route_locale(segment: str, routes: Routes) -> str | None:
    """The configured locale a path segment names (any case, `_` for `-`, a region mapped by language), or None."""
    tag = segment.replace("_", "-").lower()
    if not _LOCALE_TAG.fullmatch(tag):
        return None
    exact = [loc for loc in routes.locales if loc.lower() == tag]
    by_language = [loc for loc in routes.locales if loc.lower().split("-")[0] == tag.split("-")[0]]
    return exact[0] if exact else by_language[0] if len(by_language) == 1 else None


def near_miss_target(path: str, routes: Routes) -> str | None:
    """Where a near-miss URL path belongs (301), or None when `path` is served as it is or is unknown."""
    if not path.startswith(routes.site_path):
        return None
    rest = path[len(routes.site_path) :]
    first, _, tail = rest.partition("/")
    locale = route_locale(first, routes)
    named = locale is not None
    if locale is None:
        locale, tail = routes.default_locale, rest
    fault = _FAULT_FORM.fullmatch(tail)
    if fault and int(fault[1]) in routes.fault_ids:
        target = fault_path(int(fault[1]), locale, routes.default_locale)
    elif named:
        target = locale_prefix(locale, routes.default_locale) + tail
    else:
        return None
    target = routes.site_path + target
    return None if target == path else target


def locale_pattern(locale: str, routes: Routes) -> str:
    """A case-insensitive regex of the path segments that `route_locale` maps to `locale`."""
    language = locale.lower().split("-")[0]
    if sum(loc.lower().split("-")[0] == language for loc in routes.locales) == 1:
        return re.escape(language) + "(?:[-_][a-z0-9]{1,8})*"
    return "[-_]".join(re.escape(part) for part in locale.lower().split("-"))


def check_top_level(site: Path, routes: Routes) -> None:
    """A top-level folder or file that looks like a locale would be redirected away: refuse to build it."""
    prefixes = {locale_prefix(loc, routes.default_locale).rstrip("/") for loc in routes.locales}
    clashes = [
        entry.name
        for entry in site.iterdir()
        if entry.name not in prefixes and route_locale(entry.name.split(".")[0], routes) is not None
    ]
    if clashes:
        raise ValueError(f"{site}: top-level {', '.join(sorted(clashes))} would be redirected as a locale alias")


def _read_inline_code(page: Path) -> tuple[InlineCode, list[str]]:
    return inline_code(page.read_text(encoding="utf-8"))


def content_security_policy(site: Path, processes: int = 1, read: InlineCode | None = None) -> str:
    """A policy that every built page satisfies: its inline scripts and styles allowed by hash, nothing else.

    `read`: what the build found while checking each page as it was written (`html_safety.scan_page`); a page whose
    bytes are still those is not read again. Every other HTML file of the site is read here."""
    found = InlineCode()
    refused: list[str] = []
    unread = []
    for page in sorted(site.rglob("*.html")):
        path = page.relative_to(site).as_posix()
        if read is not None and read.pages.get(path) == hashlib.sha256(page.read_bytes()).hexdigest():
            continue
        unread.append(page)
    if read is not None:
        found.update(read)
    for page, (page_code, page_refused) in zip(unread, fork_map(_read_inline_code, unread, processes), strict=True):
        found.update(page_code)
        refused += [f"{page.relative_to(site)}: {what}" for what in page_refused]
    if refused:
        raise ValueError(
            "inline event handlers and javascript: URLs are refused by the Content-Security-Policy:\n"
            + "\n".join(refused)
        )
    style_src = sorted(found.styles | found.style_attributes) + (["'unsafe-hashes'"] if found.style_attributes else [])
    return "; ".join(
        [
            "default-src 'self'",
            " ".join(["script-src 'self'", *sorted(found.scripts)]),
            " ".join(["style-src 'self'", *style_src]),
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "worker-src 'self'",
            "manifest-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def immutable_assets(site: Path) -> list[str]:
    """Site paths of fingerprinted assets, safe to cache forever: byte for byte Material's own, or ours (the search
    worker, the patched bundle), whose name carries the first 8 hex digits of the SHA-256 of their content."""
    theme = Path(str(importlib.resources.files("material") / "templates"))

    def fixed(path: Path) -> bool:
        material = theme / path.relative_to(site)
        if material.is_file() and material.read_bytes() == path.read_bytes():
            return True
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:8]
        return path.name.endswith((f".{digest}.min.js", f".{digest}.min.css"))

    return sorted(
        path.relative_to(site).as_posix()
        for path in (site / "assets").rglob("*")
        if _FINGERPRINT.search(path.name) and path.is_file() and fixed(path)
    )


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


def write_serving(
    site: Path, catalog: Catalog, site_path: str, processes: int = 1, read: InlineCode | None = None
) -> dict[str, int]:
    """The last step of a build: check the top level, write the nginx includes, then precompress everything.

    The pages are read and compressed by `processes` processes (forked; this one among them); `read`: see
    content_security_policy."""
    routes = Routes(catalog.locales, catalog.default_locale, tuple(catalog.fault_ids), site_path)
    check_top_level(site, routes)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), undefined=jinja2.StrictUndefined, keep_trailing_newline=True
    )
    context = {
        "site_path": site_path,
        "site_path_re": re.escape(site_path),
        "csp": content_security_policy(site, processes, read),
        "immutable": [re.escape(path) for path in immutable_assets(site)],
        "canonical": [
            locale_prefix(loc, catalog.default_locale).rstrip("/")
            for loc in catalog.locales
            if loc != catalog.default_locale
        ],
        "aliases": [
            (locale_pattern(loc, routes), locale_prefix(loc, catalog.default_locale)) for loc in catalog.locales
        ],
        "fault_ids": "|".join(map(str, sorted(catalog.fault_ids, key=lambda i: -len(str(i))))),
    }
    (site / NGINX_DIR).mkdir(exist_ok=True)
    for name in ("http.conf", "server.conf"):
        (site / NGINX_DIR / name).write_text(env.get_template(f"nginx-{name}.j2").render(context), encoding="utf-8")
    return precompress(site, processes)


def place_error_page(output: str, template_name: str, site: Path, prefix: str) -> str:
    """Write a locale's page-not-found page into its folder; what is returned MkDocs writes at the site root."""
    if template_name != "404.html" or not prefix:
        return output
    (site / prefix).mkdir(parents=True, exist_ok=True)
    (site / prefix / "404.html").write_text(output, encoding="utf-8")
    return ""  # MkDocs skips an empty template, so the default locale's 404.html stays at the root


def forget_page_alternates(extra: Any) -> None:
    """Undo a leftover of mkdocs-static-i18n 1.3.1 before the page-not-found page is rendered.

    Its reconfigure_page_context sets each page's language links as an attribute of `config.extra`, which shadows
    the `alternate` item (the locale homes, reset at each locale's on_config) and is never removed: the 404 page,
    rendered after every page, would switch language to the last page's translations. Fails if the plugin changed.
    """
    homes = extra.get("alternate")
    if not isinstance(homes, list) or not all(str(home.get("link", "")).endswith("/") for home in homes):
        raise ValueError("mkdocs-static-i18n no longer keeps the locale homes in extra['alternate']: re-check")
    vars(extra).pop("alternate", None)
