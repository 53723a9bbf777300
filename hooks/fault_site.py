"""MkDocs glue: the only module that imports mkdocs. Each event calls into the faultsite package.

Under `mkdocs serve` every rebuild runs the checks of `mkdocs build`; a failed one is shown at the top of every page of
the last good site and in the terminal. A change to data/, docs/, overrides/, the page templates or mkdocs.yml
rebuilds with it; a change to a Python module of the hooks needs a restart, and a rebuild says so.

Longer than the house's ~250 lines on purpose: it is the one module that imports mkdocs, so every MkDocs event and the
serve-only state (the last good site, the failure banner, the restart notice) sit here and nowhere else.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, file_sort_key
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler, get_build_date
from mkdocs.utils.templates import TemplateContext
from mkdocs_static_i18n.plugin import I18n

sys.path.insert(0, str(Path(__file__).parent))

import third_party

from faultsite import stopping
from faultsite.anchors import add_permalinks
from faultsite.clean_pages import CleanPages, ScanKey
from faultsite.glossary_terms import GlossaryConcept, site_glossary
from faultsite.memo import hash_files
from faultsite.nginx import write_nginx
from faultsite.outdir import discard, failure_message, publish, staging_dir
from faultsite.page_check import InlineCode, content_problems, scan_page, unread_problems
from faultsite.pages import expand_markers
from faultsite.parallel import WorkerFailed, build_processes, stop_all
from faultsite.portal_api import write_api
from faultsite.precompress import precompress
from faultsite.preview import show_problems
from faultsite.problems import DataError
from faultsite.route_check import check_table
from faultsite.routes import RouteTable, place_error_page, site_routes
from faultsite.search import (
    locale_search_files,
    merge_search_memos,
    worker_path,
    worker_source,
    write_search,
)
from faultsite.shared_values import SharedValues
from faultsite.site import (
    Build,
    code_fingerprint,
    locale_inputs,
    marker_renderers,
    new_build,
    not_found_strings,
    own_content_locales,
    shared_inputs,
    source_date_epoch,
)
from faultsite.sitemaps import write_locale_sitemaps
from faultsite.template_code import TemplateCode
from faultsite.urls import head_links, locale_prefix

ROOT = Path(__file__).parent.parent
SCRIPTS = ROOT / "overrides" / "assets" / "javascripts"
CACHE_DIR = ".cache/fault_site"  # beside mkdocs.yml: what one build made that the next reuses (never published)


def _i18n(config: MkDocsConfig) -> I18n:  # the mkdocs-static-i18n plugin instance
    plugin = config.plugins["i18n"]
    assert isinstance(plugin, I18n)
    return plugin


def _site_path(config: MkDocsConfig) -> str:
    """The path of the site on its host ('/' at the root): every URL rule starts with it."""
    return urlsplit(config.site_url or "/").path or "/"


def _site_url(config: MkDocsConfig) -> str:
    """The site's absolute address: canonical links, sitemaps and the API are built on it."""
    if not config.site_url:
        raise PluginError("mkdocs.yml must set site_url: canonical links, sitemaps and the API need it")
    return config.site_url


@dataclass
class _State:
    command: str = "build"  # the running mkdocs command
    dirty: bool = False  # --dirty or --dirtyreload
    processes: int = 1  # how many processes the running build may use (see faultsite.parallel)
    build: Build | None = None  # the running build (under serve, the last one whose data loaded)
    code: str = ""  # under serve: the hooks' Python code as it was loaded (MkDocs never loads it again)
    worker: str = ""  # our search worker's code (faultsite.search), read once per build
    bundle: tuple[str, str] = ("", "")  # Material's patched bundle: site path and code (third_party), once per build
    clean_pages: CleanPages | None = None  # under serve: pages already read, so a rebuild reads only what changed
    published: bool = False  # the last build's site was published
    routes: RouteTable | None = None  # the route table of the running build (faultsite.routes)
    glossary: dict[str, Sequence[GlossaryConcept]] = field(default_factory=dict)  # the running build's, per locale
    front_matter: SharedValues = field(default_factory=SharedValues)  # the running locale build's pages' values

    @property
    def current(self) -> Build:
        assert self.build is not None, "on_config has not run"
        return self.build


_state = _State()


def on_startup(command: str, dirty: bool) -> None:
    _state.command, _state.dirty = command, dirty
    third_party.one_message_per_page_error()
    if command != "serve":  # serve stops on Ctrl-C by itself, and its rebuilds run in another thread
        stopping.catch_signals()
    _state.clean_pages = CleanPages() if command == "serve" else None  # a build reads each page once anyway
    _state.code = code_fingerprint(ROOT / "hooks") if command == "serve" else ""
    if command in ("build", "serve"):  # a page's Markdown converted again only when it or its settings changed
        third_party.keep_page_renders()
    # Serve keeps the renders for the next rebuild anyway; a built locale's Markdown goes with its pages.
    third_party.release_built_pages(command == "build", also=lambda locale: _state.current.forget_markdown(locale))


def _new_build(config: MkDocsConfig) -> Build:
    """This build's data (under `serve` as under `build`: a data error fails the build)."""
    if _state.code and code_fingerprint(ROOT / "hooks") != _state.code:
        raise PluginError(
            "a Python module under hooks/ changed since `mkdocs serve` started, and MkDocs keeps the hook modules it "
            "loaded: this server still runs the old code. Restart `mkdocs serve` to use the new code."
        )
    i18n = _i18n(config)
    locales = [lang.locale for lang in i18n.config.languages]
    # Under serve the data's checks and pages stay in this process: what they keep for the next rebuild (each
    # text's verdicts, each probe page's places) is worth more there than two cores (a reload measured 2.85 s with
    # them forked, 2.52 s without).
    processes = 1 if _state.command == "serve" else _state.processes
    try:
        cache = Path(config.config_file_path).parent / CACHE_DIR if _state.command == "build" else None
        return new_build(ROOT / "data", locales, i18n.default_language, _state.build, processes, cache)
    except DataError as error:
        raise PluginError(str(error)) from None


def _stage(config: MkDocsConfig, build: Build) -> None:
    """Send the whole build (every locale: the i18n plugin reuses this config) to a staging folder."""
    build.site_dir = Path(config.site_dir).resolve()
    build.staging = staging_dir(build.site_dir)
    config.site_dir = str(build.staging)
    # Dates in the output (the sitemaps' <lastmod>) come from the last commit, not from the day of the build; a date
    # already set (the deployer's, or this process's first build's under serve) is kept, so git is not asked again.
    epoch = None if "SOURCE_DATE_EPOCH" in os.environ else source_date_epoch(ROOT)
    if epoch is not None:
        os.environ["SOURCE_DATE_EPOCH"] = epoch


def _strict_warnings() -> bool:
    """Whether mkdocs will abort this build for strict-mode warnings (it checks only after on_post_build)."""
    return any(
        isinstance(handler, CountHandler) and handler.get_counts() for handler in logging.getLogger("mkdocs").handlers
    )


# MkDocs says "Template skipped: '404.html' generated empty output." for each translated locale: the empty page is
# ours (on_post_template writes each locale's page-not-found page into its own folder and hands MkDocs nothing, so
# that the root one stays English). A line of our making that tells the maintainer nothing is dropped here, by the
# logging module's own filter interface on MkDocs' build logger; any other skipped template is still reported.
_OWN_EMPTY_404 = "Template skipped: '404.html' generated empty output."


def _not_our_empty_404(record: logging.LogRecord) -> bool:
    return record.getMessage() != _OWN_EMPTY_404


def _quiet_own_empty_404() -> None:
    build_log = logging.getLogger("mkdocs.commands.build")
    if not any(getattr(f, "__name__", "") == _not_our_empty_404.__name__ for f in build_log.filters):
        build_log.addFilter(_not_our_empty_404)  # once per process, also when serve reloads this module


@event_priority(-110)  # after the i18n plugin (-100) has chosen this build's language
def on_config(config: MkDocsConfig) -> None:
    _quiet_own_empty_404()
    if not _i18n(config).building:  # the outer build; the i18n plugin's per-locale builds reuse its Build
        problems = third_party.check_material()
        if problems:
            raise PluginError("our changes to Material (hooks/third_party.py) need redoing:\n" + "\n".join(problems))
        third_party.new_theme_listing()
        _state.worker, _state.bundle = worker_source(SCRIPTS), third_party.material_bundle()
        _state.processes = build_processes(_state.command, _state.dirty)
        if _state.clean_pages is not None and _state.build is not None:  # twice the pages of the last build
            _state.clean_pages.trim(2 * len(_state.build.inline.pages))
            third_party.new_page_renders(2 * len(_state.build.inline.pages))
        _state.build, _state.published = _new_build(config), False
        try:  # checked here too, so that no page-not-found page carries a table nginx would refuse
            _state.routes = check_table(site_routes(_state.build.catalog, Path(config.docs_dir), _site_path(config)))
        except ValueError as error:
            raise PluginError(str(error)) from None
        _stage(config, _state.build)
    else:  # an alternate locale's build: the default locale's (the outer build) is done
        third_party.release_locale_pages(_i18n(config), _i18n(config).default_language)
    catalog = _state.current.catalog
    locale = _i18n(config).current_language
    _state.front_matter = SharedValues()  # each locale's build holds its pages' equal values once
    if _state.command == "build":  # the renders this locale's last build used (serve keeps them in memory)
        third_party.load_page_renders(Path(config.config_file_path).parent / CACHE_DIR / "page-renders", locale)
    config.site_name = catalog.texts[locale].ui["site_name"]
    add_permalinks(config.markdown_extensions, config.mdx_configs)  # section links, named in the page's language
    config.extra["locale_prefix"] = locale_prefix(locale, catalog.default_locale)
    config.extra["not_found"] = not_found_strings(catalog, _site_path(config))
    assert _state.routes is not None
    config.extra["routes"] = _state.routes.as_json()  # read by the page-not-found page's script (overrides/404.html)
    config.theme.static_templates.add("404.html")  # one per locale: see on_post_template
    third_party.keep_theme_listing(config.theme)  # its files are listed once per build, not once per locale
    config.extra["search_worker"] = worker_path(_state.worker)  # Material's "search" (worker) URL
    config.extra["material_bundle"] = _state.bundle[0]  # the patched bundle's fingerprinted name


_TEMPLATE_CODE = TemplateCode()  # the theme's compiled templates, for every locale's build in this process


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    env.bytecode_cache = _TEMPLATE_CODE  # each locale's build makes a new environment: compile the theme once
    return env


@event_priority(50)  # before the i18n plugin (-100) sorts the files by locale suffix
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated fault pages, in memory: nothing is written under the watched docs/."""
    i18n = _i18n(config)
    if not i18n.building:  # the outer build
        try:
            _state.glossary = site_glossary(ROOT / "data", _state.current.catalog)
        except DataError as error:
            raise PluginError(str(error)) from None
    if not i18n.building and _state.processes > 1:
        # The output folder has just been emptied: the other locales start now, while this process builds the default.
        serve = _state.command == "serve"
        inputs, copied = (_locale_inputs(config), _copied_search) if serve else (None, None)
        alongside = (ALONGSIDE, partial(_made_alongside, config)) if serve else None
        third_party.start_locale_workers(config, i18n, _state.processes, _collect, _merge, inputs, copied, alongside)
    pages = _state.current.pages
    # A File "in" docs_dir, as the i18n plugin sorts only those by suffix; its Markdown comes from memory. A stale
    # docs/faults/ left by an older version of the hook is ignored. mkdocs' own order keeps the output unchanged.
    generated = [File(source, config.docs_dir, config.site_dir, config.use_directory_urls) for source in pages]
    return Files(sorted([*(f for f in files if f.src_uri not in pages), *generated], key=file_sort_key))


def _locale_inputs(config: MkDocsConfig) -> Callable[[str], str]:
    """Under serve: locale -> a digest of everything that locale's build reads that may change while the server runs
    (its code, the theme's and every package's stay as loaded): mkdocs.yml, every file under docs/ and overrides/,
    the configuration's `extra` (our values among them), the build date (the sitemaps' dates) and what the hooks hand
    the build (faultsite.site.shared_inputs and locale_inputs). A locale whose digest is the one of its build in the
    site served now is copied from there instead of built again (hooks/third_party.py, item 1)."""
    digest = hashlib.sha256(Path(config.config_file_path).read_bytes())
    for folder in (Path(config.docs_dir), Path(config.theme.custom_dir or config.docs_dir)):
        hash_files(digest, folder)
    digest.update(json.dumps(config.extra, sort_keys=True, default=repr).encode("utf-8"))
    digest.update(get_build_date().encode("utf-8"))
    build = _state.current
    digest.update(shared_inputs(build.catalog, build.pages).encode("utf-8"))
    shared = digest.hexdigest()
    return lambda locale: shared + locale_inputs(build.catalog, build.pages, locale)


def _copied_search(locale: str) -> tuple[dict[str, str], object]:
    """In the worker of a locale copied from the site served, while the server's process builds the default locale:
    its search index files, and what the memos computed for them (search.locale_search_files)."""
    return locale_search_files(_state.current.catalog, locale, _state.glossary.get(locale, ()))


ALONGSIDE = "the search index of the default locale, and the API"


def _made_alongside(config: MkDocsConfig) -> tuple[dict[str, str], object]:
    """Under serve, in a worker, while the server's process builds the default locale: the API (written: nothing else
    writes api/) and the default locale's search index, as for a copied locale."""
    write_api(Path(config.site_dir), _state.current.catalog, _site_url(config))
    return _copied_search(_state.current.catalog.default_locale)


def on_page_read_source(page: Page, config: MkDocsConfig) -> str | None:
    # The i18n plugin re-creates every File from its path, so the Markdown is looked up here, by source path.
    generated = _state.current.pages.get(page.file.src_uri)
    return generated.markdown if generated is not None else None


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    catalog = _state.current.catalog
    locale = _i18n(config).current_language
    if page.url == config.extra["locale_prefix"]:  # a locale's home: the sidebar names it by what it holds, not by
        page.meta["title"] = config.extra["not_found"]["strings"][locale]["overview"]  # the site name a second time
    # Material's search plugin stays enabled (its box is shown only then), but its index, which our engine
    # (faultsite.search) replaces, is never read: its documented `search: exclude` skips parsing every page for it.
    page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    page.meta = {name: _state.front_matter.of(value) for name, value in page.meta.items()}  # last: see shared_values
    renderers = marker_renderers(catalog, locale)
    try:
        return expand_markers(markdown, renderers, where=page.file.src_uri)
    except ValueError as error:
        raise PluginError(str(error)) from None


def on_page_context(context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext:
    catalog = _state.current.catalog
    locale = _i18n(config).current_language
    generated = _state.current.pages.get(page.file.src_uri)
    path = page.url[len(locale_prefix(locale, catalog.default_locale)) :]
    own_content = own_content_locales(catalog, generated.fault_id if generated is not None else None)
    # A key of our own, read by overrides/main.html (mkdocs' TypedDict does not list it).
    context["head_links"] = head_links(  # type: ignore[typeddict-unknown-key]
        path=path,
        locale=locale,
        default_locale=catalog.default_locale,
        locales=catalog.locales,
        own_content=own_content,
        site_url=_site_url(config),
    )
    return context


def _collect() -> tuple[InlineCode, dict[ScanKey, InlineCode], dict[str, bytes]]:
    """What a locale's build leaves that the outer build needs: the inline code read, and the pages found clean; and
    what the next build's workers can inherit: the templates compiled here (each locale's language partial)."""
    clean = _state.clean_pages.take_new() if _state.clean_pages is not None else {}
    return _state.current.inline, clean, _TEMPLATE_CODE.fresh()


def _merge(collected: object) -> None:
    """Take in what `_collect` returned, in this process or a worker."""
    assert isinstance(collected, tuple) and len(collected) == 3
    inline, clean, code = collected
    assert isinstance(inline, InlineCode) and isinstance(clean, dict) and isinstance(code, dict)
    _state.current.inline.update(inline)
    if _state.clean_pages is not None:
        _state.clean_pages.known.update(clean)
    _TEMPLATE_CODE.merge(code)


def _check_page(output: str, where: str, dest: str, config: MkDocsConfig) -> str:
    """The last check, on what is published: no handler, script URL, frame or off-site target in any page. What the
    page runs inline is kept for the Content-Security-Policy (serving), with the hash of the bytes read."""
    sha256 = hashlib.sha256(output.encode("utf-8")).hexdigest()
    hosts, site_url = set(_state.current.catalog.allowed_hosts), config.site_url or ""
    if _state.clean_pages is not None:
        found, inline = _state.clean_pages.scan(output, sha256, hosts, site_url)
    else:
        found, inline = scan_page(output, hosts, site_url)
    if found:
        raise PluginError(f"{where}: the page would publish " + "; ".join(found))
    inline.pages[dest] = sha256
    _state.current.inline.update(inline)
    return output


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """A page's own content (its Markdown as HTML, before the theme wraps it) runs and styles nothing: every inline
    script the policy allows is then one of our templates'. Checked here, where the theme's markup is not yet."""
    found = content_problems(html, set(_state.current.catalog.allowed_hosts))
    if found:
        where = "generated page" if page.file.src_uri in _state.current.pages else f"docs/{page.file.src_uri}"
        raise PluginError(f"{where}: a page may not hold " + "; ".join(found))
    third_party.release_markdown(page)  # converted and checked: under `mkdocs build`, no longer needed
    return html


@event_priority(-200)  # after every plugin's change to the page: what is checked is what is written
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return _check_page(output, page.file.src_uri, page.file.dest_uri, config)


def on_template_context(context: TemplateContext, template_name: str, config: MkDocsConfig) -> TemplateContext:
    if template_name == "404.html":
        third_party.forget_page_alternates(config.extra)  # the 404 page's language switch goes to the locale homes
    return context


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    third_party.note_template(template_name, output, _i18n(config).current_language)
    prefix = config.extra["locale_prefix"]
    if template_name == "404.html":
        _check_page(output, f"{prefix}404.html", f"{prefix}404.html", config)
    # Each locale's page-not-found page goes to its own folder (MkDocs writes static templates to the site root).
    return place_error_page(output, template_name, Path(config.site_dir), prefix)


@event_priority(-200)  # after the i18n plugin (-100) has run the other locales' builds inside this event
def on_post_build(config: MkDocsConfig) -> None:
    third_party.save_page_renders()  # this locale's, under `mkdocs build`
    if _i18n(config).building:  # an inner, per-locale build: the site is finished by the outer one
        third_party.release_locale_pages(_i18n(config), _i18n(config).current_language)
        return
    build = _state.current
    catalog = build.catalog
    site = Path(config.site_dir)
    # The search indexes the workers made (_copied_search's, _made_alongside's, which also wrote the API).
    searched, alongside = third_party.finish_locale_workers(site)
    if alongside is not None:
        searched[catalog.default_locale] = alongside
    made: dict[str, dict[str, str]] = {}
    for locale, found in searched.items():
        assert isinstance(found, tuple)
        made[locale], fresh = found
        merge_search_memos(fresh)
    try:
        cache = Path(config.config_file_path).parent / CACHE_DIR / "search" if _state.command == "build" else None
        write_search(site, catalog, _state.worker, _state.processes, _state.glossary, cache, made)
        write_locale_sitemaps(site, catalog, _site_url(config))
        bundle, code = _state.bundle
        (site / bundle).write_text(code, encoding="utf-8")
    except (ValueError, DataError) as error:
        raise PluginError(str(error)) from None
    if alongside is None:
        write_api(site, catalog, _site_url(config))
    # Last before publishing: the nginx rules, the policy's hashes and the compressed copies. Not for `mkdocs serve`,
    # a preview that serves none of them (every page there still passes page_problems): a data edit reloads sooner.
    if _state.command == "serve":  # the policy step's check of the HTML files the page check did not read
        found = unread_problems(site, build.inline)
        if found:
            raise PluginError("\n".join(found))
    else:
        assert _state.routes is not None
        try:
            write_nginx(site, _state.routes, _state.processes, build.inline)
            precompress(site, _state.processes, cache=Path(config.config_file_path).parent / CACHE_DIR)
        except (ValueError, WorkerFailed) as error:
            raise PluginError(str(error)) from None
    if not _strict_warnings():  # else mkdocs aborts right after this event, and the published site stays
        assert build.staging is not None and build.site_dir is not None
        publish(build.staging, build.site_dir, retire_in_background=_state.command == "serve")
        build.staging, config.site_dir, _state.published = None, str(build.site_dir), True
        if _state.command == "serve":
            third_party.locales_served(build.site_dir)


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: object) -> LiveReloadServer:
    third_party.poll_sooner(server)  # an edit is seen within 0.1 s instead of 0.5 s
    third_party.show_failed_rebuilds(server, lambda problems: _show_failure(Path(server.root), problems))
    return server


def _show_failure(site: Path, problems: list[str]) -> None:
    """A failed rebuild under serve: its problems on every page of the last good site, and in the terminal."""
    show_problems(site, problems)
    logging.getLogger("mkdocs.plugins.fault_site").error(
        "The rebuild failed (%d problem%s above); the last good site is served with them at the top of every page.",
        len(problems),
        "" if len(problems) == 1 else "s",
    )


def _abandon() -> None:
    """End the workers, then remove the staging folder (they write into it)."""
    third_party.stop_locale_workers()
    stop_all()  # any pool of this process, whoever started it
    build = _state.build
    if build is not None and build.staging is not None:
        discard(build.staging)
        build.staging = None


@event_priority(-200)  # last: it may raise, which ends the event
def on_build_error(error: Exception) -> None:
    if third_party.in_locale_worker():  # the parent process owns the staging folder and reports the failure
        return
    _abandon()
    site_dir = _state.build.site_dir if _state.build is not None else None
    # The output could not be written (full, read-only), or a worker's job failed: said in one line, no traceback.
    if isinstance(error, OSError | WorkerFailed):
        text = str(error)
        if isinstance(error, OSError) and site_dir is not None:
            text = failure_message(third_party.with_failed_page(error), site_dir)
        logging.getLogger("mkdocs.plugins.fault_site").error(text)
        raise Abort("Aborted with a BuildError!") from None


def on_shutdown() -> None:
    signum = stopping.received()
    if signum is None:  # no signal (serve and the tests of the hooks never catch them)
        return
    _abandon()  # again: a failure's clean-up may have been cut short by the signal
    site_dir = _state.build.site_dir if _state.build is not None else None
    logging.getLogger("mkdocs.plugins.fault_site").error(stopping.message(signum, site_dir, _state.published))
    raise SystemExit(stopping.exit_status(signum))
