"""Write the generated Markdown pages under docs/, touching only files whose content changed."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from .model import Catalog
from .render import render_fault
from .urls import fault_source

GENERATED_DIR = "faults"
_MARKER = re.compile(r"<!--\s*faults:([\w-]+)\s*-->")


def generated_pages(catalog: Catalog) -> dict[str, str]:
    """Path under docs/ -> Markdown, for every fault in every locale."""
    return {fault_source(fault_id, locale, catalog.default_locale): render_fault(catalog, fault_id, locale)
            for locale in catalog.locales for fault_id in catalog.fault_ids}


def sync_pages(pages: dict[str, str], docs_dir: Path) -> int:
    """Make docs/faults/ hold exactly `pages`; rewrite only what changed (else `mkdocs serve` loops)."""
    changed = 0
    folder = docs_dir / GENERATED_DIR
    folder.mkdir(parents=True, exist_ok=True)
    for relative, content in pages.items():
        path = docs_dir / relative
        if not path.is_file() or path.read_text(encoding="utf-8") != content:
            path.write_text(content, encoding="utf-8")
            changed += 1
    wanted = {docs_dir / relative for relative in pages}
    for stale in folder.glob("*.md"):
        if stale not in wanted:
            stale.unlink()
            changed += 1
    return changed


def expand_markers(markdown: str, renderers: dict[str, Callable[[], str]], where: str) -> str:
    """Replace each <!-- faults:NAME --> with its rendering; an unknown NAME is an error."""
    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name not in renderers:
            raise ValueError(f"{where}: unknown marker <!-- faults:{name} --> (known: {', '.join(sorted(renderers))})")
        return renderers[name]()
    return _MARKER.sub(replace, markdown)



