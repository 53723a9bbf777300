"""Every change we make to third-party code, in one place: why, what it expects, and a check at build time.

Material for MkDocs (9.8.x) offers extension points that we use where they exist: `extra_javascript` (our
scripts), `custom_dir` partials, template blocks, and its custom search worker (the "search" URL of its
configuration). Where we change one of its files or blocks, the entry below says why and what it expects of the
installed package, and `check_material` (run in on_config of every build) fails the build with a clear message
when the installed Material no longer matches: the copy must then be redone from the new original.

- Template copies: a block of `base.html` or a whole partial, copied into overrides/ with a few changes. The
  check applies the listed changes to the installed original and compares the result with our copy.
- The JavaScript bundle is patched (one call removed); the patched file gets a new fingerprinted name, named by
  our copy of the `scripts` block, so no browser cache can serve the unpatched file under the same name.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.resources
import re
from dataclasses import dataclass
from pathlib import Path

OVERRIDES = Path(__file__).parent.parent / "overrides"
MATERIAL_SERIES = "9.8."  # the series the copies below were made from


def material_templates() -> Path:
    return Path(str(importlib.resources.files("material") / "templates"))


@dataclass(frozen=True)
class TemplateCopy:
    """A block of a Material template (or a whole file: block None) copied into overrides/, with changes."""

    override: str  # path under overrides/
    original: str  # path under material/templates/
    block: str | None
    changes: tuple[tuple[str, str], ...]  # (regular expression in the original, our text), each matching once
    why: str


TEMPLATE_COPIES = (
    TemplateCopy(
        "main.html",
        "base.html",
        "config",
        (
            (r'"base": base_url,', '"base": base_url.rstrip("/") ~ "/" ~ (config.extra.locale_prefix or ""),'),
            (
                r'"search": "assets/javascripts/workers/search\.[0-9a-f]{8}\.min\.js" \| url,',
                '"search": config.extra.search_worker | url,',
            ),
        ),
        "Material fetches <base>/search/search_index.json: each locale's pages point at their own index; and the"
        " search worker is ours (hooks/faultsite/search.py), named by the hash of its content.",
    ),
    TemplateCopy(
        "main.html",
        "base.html",
        "scripts",
        ((r"'assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js'", "config.extra.material_bundle"),),
        "The bundle is patched (see BUNDLE_PATCHES) and published under a new fingerprinted name.",
    ),
    TemplateCopy(
        "partials/search.html",
        "partials/search.html",
        None,
        (
            (
                r'<div class="md-search" data-md-component="search" role="dialog">',
                '<div class="md-search" data-md-component="search" role="dialog"'
                " aria-label=\"{{ lang.t('search.placeholder') }}\">",
            ),
        ),
        "The search dialog has no accessible name (axe: aria-dialog-name); it gets the search box's placeholder.",
    ),
)

# Patches of Material's JavaScript bundle: (why, exact code expected, replacement).
BUNDLE_PATCHES = (
    (
        "Material 9.7+ prefetches sitemap.xml beside every <link rel=alternate> of a page, to keep the language"
        " switch on the same page. Our alternates are absolute hreflang URLs (one per fault page), so that prefetch"
        " would ask the public host, or 404; the i18n plugin already points the switch at the same page.",
        "ui({document$:ct});",
        "",
    ),
)

_JINJA_COMMENT = re.compile(r"\{#-?.*?-?#\}\s*", re.S)
_BUNDLE = re.compile(r"assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js")


def _block(text: str, name: str | None) -> str:
    if name is None:
        return text
    match = re.search(r"\{% block " + name + r" %\}(.*?)\{% endblock %\}", text, re.S)
    if match is None:
        raise LookupError(name)
    return match.group(1)


def _canonical(text: str) -> str:
    """Without Jinja comments and with one space for every run of whitespace."""
    return " ".join(_JINJA_COMMENT.sub("", text).split())


def template_problems() -> list[str]:
    """Why each template copy no longer matches the installed Material (empty: all match)."""
    problems = []
    version = importlib.metadata.version("mkdocs-material")
    for copy in TEMPLATE_COPIES:
        where = f"overrides/{copy.override}" + (f" (block {copy.block})" if copy.block else "")
        try:
            original = _block((material_templates() / copy.original).read_text(encoding="utf-8"), copy.block)
            ours = _block((OVERRIDES / copy.override).read_text(encoding="utf-8"), copy.block)
        except (LookupError, OSError) as error:
            problems.append(f"{where}: {error!r} not found in Material {version} or in our copy")
            continue
        expected = original
        for pattern, replacement in copy.changes:
            expected, count = re.subn(pattern, replacement.replace("\\", "\\\\"), expected)
            if count != 1:
                problems.append(f"{where}: Material {version}'s {copy.original} no longer has /{pattern}/ once")
        if _canonical(expected) != _canonical(ours):
            problems.append(
                f"{where} is a copy of Material's {copy.original} with the changes listed in hooks/third_party.py,"
                f" but the original changed (Material {version}): copy it again and re-apply them ({copy.why})"
            )
    return problems


def material_bundle() -> tuple[str, str]:
    """The patched bundle's site path (fingerprinted by its content) and its code; fails on a changed bundle."""
    scripts = _block((material_templates() / "base.html").read_text(encoding="utf-8"), "scripts")
    found = _BUNDLE.search(scripts)
    if found is None:
        raise ValueError("Material's base.html no longer names assets/javascripts/bundle.<hash>.min.js")
    code = (material_templates() / found.group(0)).read_text(encoding="utf-8")
    for why, before, after in BUNDLE_PATCHES:
        if code.count(before) != 1:
            raise ValueError(f"{found.group(0)}: the code to patch is gone; re-check after an upgrade ({why})")
        code = code.replace(before, after)
    digest = hashlib.sha256(code.encode("utf-8")).hexdigest()[:8]
    return f"assets/javascripts/bundle.{digest}.min.js", code


def check_material() -> list[str]:
    """Every problem of our changes to Material against the installed package."""
    version = importlib.metadata.version("mkdocs-material")
    problems = [] if version.startswith(MATERIAL_SERIES) else [f"Material {version}: our changes were made for 9.8"]
    problems += template_problems()
    try:
        material_bundle()
    except (ValueError, OSError) as error:
        problems.append(str(error))
    return problems


def skip_material_search_indexing(plugin: object) -> None:
    """Material's search plugin parses the HTML of every page into a lunr index that our engine never reads (a
    tenth of a build at 1,000 faults). It stays enabled, because its box is shown only then; its per-page indexing
    becomes a no-op, so it writes an empty index, which hooks/faultsite/search.py replaces. Expects (Material 9.8)
    the plugin's `search_index` with `add_entry_from_context(page)`, created anew in each build's on_config."""
    index = getattr(plugin, "search_index", None)
    if index is None or not callable(getattr(index, "add_entry_from_context", None)):
        raise ValueError(
            "Material's search plugin no longer has search_index.add_entry_from_context: re-check"
            " skip_material_search_indexing in hooks/third_party.py after an upgrade"
        )
    index.add_entry_from_context = lambda page: None
