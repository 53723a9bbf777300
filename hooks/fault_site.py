"""MkDocs glue: the only module that imports mkdocs. Each event calls into the faultsite package.

A change to the hooks or the package needs a restart of `mkdocs serve`; a change to data/ does not.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

sys.path.insert(0, str(Path(__file__).parent))

from faultsite.pages import expand_markers, generated_pages, sync_pages  # noqa: E402
from faultsite.problems import DataError  # noqa: E402
from faultsite.site import cached_catalog, marker_renderers  # noqa: E402

ROOT = Path(__file__).parent.parent


def _i18n(config: MkDocsConfig):  # the mkdocs-static-i18n plugin instance
    return config.plugins["i18n"]


def _catalog(config: MkDocsConfig):
    i18n = _i18n(config)
    try:
        return cached_catalog(ROOT / "data", [lang.locale for lang in i18n.config.languages], i18n.default_language)
    except DataError as error:
        raise PluginError(str(error)) from None


@event_priority(-110)  # after the i18n plugin (-100) has chosen this build's language
def on_config(config: MkDocsConfig) -> None:
    catalog, is_new = _catalog(config)
    if is_new:
        sync_pages(generated_pages(catalog), Path(config.docs_dir))
    config.site_name = catalog.texts[_i18n(config).current_language].ui["site_name"]


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    catalog, _ = _catalog(config)
    renderers = marker_renderers(catalog, _i18n(config).current_language)
    try:
        return expand_markers(markdown, renderers, where=page.file.src_uri)
    except ValueError as error:
        raise PluginError(str(error)) from None
