"""MkDocs glue: the only module that imports mkdocs. Each event calls into the faultsite package.

A change to the hooks or the package needs a restart of `mkdocs serve`; a change to data/ does not.
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

sys.path.insert(0, str(Path(__file__).parent))

from faultsite.pages import expand_markers, generated_pages, sync_pages  # noqa: E402
from faultsite.problems import DataError  # noqa: E402
from faultsite.publish import (  # noqa: E402
    patch_search_worker, remove_alternate_prefetch, split_search_index, write_api, write_locale_sitemaps)
from faultsite.serving import forget_page_alternates, place_error_page, write_serving  # noqa: E402
from faultsite.site import cached_catalog, marker_renderers, not_found_strings, own_content_locales  # noqa: E402
from faultsite.urls import head_links, locale_prefix  # noqa: E402

ROOT = Path(__file__).parent.parent


def _i18n(config: MkDocsConfig):  # the mkdocs-static-i18n plugin instance
    return config.plugins["i18n"]


_build: dict = {}  # the catalog of the running build: loaded in on_config, read by the page events


def _load(config: MkDocsConfig):
    i18n = _i18n(config)
    try:
        return cached_catalog(ROOT / "data", [lang.locale for lang in i18n.config.languages], i18n.default_language)
    except DataError as error:
        raise PluginError(str(error)) from None


@event_priority(-110)  # after the i18n plugin (-100) has chosen this build's language
def on_config(config: MkDocsConfig) -> None:
    catalog, is_new = _load(config)
    _build["catalog"] = catalog
    if is_new:
        sync_pages(generated_pages(catalog), Path(config.docs_dir))
    locale = _i18n(config).current_language
    config.site_name = catalog.texts[locale].ui["site_name"]
    config.extra["locale_prefix"] = locale_prefix(locale, catalog.default_locale)
    config.extra["not_found"] = not_found_strings(catalog, urlsplit(config.site_url or "/").path or "/")
    config.theme.static_templates.add("404.html")  # one per locale: see on_post_template


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    catalog = _build["catalog"]
    renderers = marker_renderers(catalog, _i18n(config).current_language)
    try:
        return expand_markers(markdown, renderers, where=page.file.src_uri)
    except ValueError as error:
        raise PluginError(str(error)) from None


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav) -> dict:
    catalog = _build["catalog"]
    locale = _i18n(config).current_language
    path = page.url[len(locale_prefix(locale, catalog.default_locale)):]
    context["head_links"] = head_links(path=path, locale=locale, default_locale=catalog.default_locale,
                                       locales=catalog.locales, own_content=own_content_locales(catalog, path),
                                       site_url=config.site_url)
    return context


def on_template_context(context: dict, template_name: str, config: MkDocsConfig) -> dict:
    if template_name == "404.html":
        forget_page_alternates(config.extra)  # the language switch of the 404 page goes to each locale's home
    return context


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    # Each locale's page-not-found page goes to its own folder (MkDocs writes static templates to the site root).
    return place_error_page(output, template_name, Path(config.site_dir), config.extra["locale_prefix"])


@event_priority(-200)  # after the i18n plugin (-100) has run the other locales' builds inside this event
def on_post_build(config: MkDocsConfig) -> None:
    if _i18n(config).building:  # an inner, per-locale build: the site is finished by the outer one
        return
    catalog = _build["catalog"]
    site = Path(config.site_dir)
    try:
        split_search_index(site, catalog)
        write_locale_sitemaps(site, catalog, config.site_url)
        remove_alternate_prefetch(site)
        patch_search_worker(site)
    except ValueError as error:
        raise PluginError(str(error)) from None
    write_api(site, catalog, config.site_url)
    try:  # last: it compresses the finished output
        write_serving(site, catalog, urlsplit(config.site_url or "/").path or "/")
    except ValueError as error:
        raise PluginError(str(error)) from None
