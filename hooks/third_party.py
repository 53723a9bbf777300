"""Every change to third-party behaviour, in one place: why, what it expects of the installed package, and a check
at build time that stops the build with a clear message when the package is no longer what the change was written
for. fault_site.py (the MkDocs glue) calls into this module; nothing else patches a package.
Longer than the house's ~250 lines on purpose: every patch and its check in one file is the point (one place to
read before upgrading a package).

1. Parallel locale builds (mkdocs-static-i18n 1.3.1). Why: the plugin builds the alternate locales one after the
   other, inside the default locale's `on_post_build`, in one process: one core of two idle. What changes: at the start
   of the outer build (`start_locale_workers`, from on_files, after MkDocs has emptied the output folder) one worker
   process per alternate locale is forked (at most one per core: `faultsite.parallel.Jobs`, a ProcessPoolExecutor);
   each runs the same build the plugin would run (`mkdocs.commands.build.build(config)` with the plugin's `building`
   flag set and `mkdocs.utils.clean_directory` disabled), while the parent builds the default locale. The plugin's
   loop still runs, in order; its module-level `build` is replaced during the build by `_take_locale_result`, which
   hands the loop each locale's result instead of building it.
   What flows: each locale's build writes its pages, assets and templates into the one shared staging folder (files
   written by every locale, like the theme's assets, are the same bytes from every process). What it leaves in
   memory comes back to the parent as a `LocaleResult` (pickled): the search entries (the plugin combines them into
   search/search_index.json) and the locale's part of the root sitemap.xml (the plugin's sitemap template lists the
   pages of every locale built so far, so the last locale's build writes the whole list; each locale's build here
   renders its own part, and `finish_locale_workers` joins them in locale order and rewrites sitemap.xml(.gz) as the
   last locale's build would have). A failed locale (exception, strict-mode warning) fails the outer build with one
   message naming the locale and repeating the worker's warnings (the worker does not print them itself); a failure
   in the parent ends the workers (`stop_locale_workers`), which own nothing: the parent owns the staging folder.
   Expects: mkdocs-static-i18n 1.3.1, whose `I18n.on_post_build` calls the module-level `build(config, dirty=...)`
   once per other locale and then `reconfigure_search_index(config)`, keeps `search_entries` (list),
   `i18n_files_per_language` (dict), `building`, `current_language`, `build_languages`, and whose sitemap template
   is the one hashed below. FAULTSITE_SEQUENTIAL=1 (or one core, or `mkdocs serve --dirty`) builds as the plugin does.
   Under `serve`, a locale whose inputs did not change is copied instead of built: the glue digests what a locale's
   build reads that can change while the server runs (mkdocs.yml, docs/, overrides/, the configuration's `extra`,
   the build date, and what the hooks hand the build: faultsite.site.shared_inputs, locale_inputs); a worker whose
   locale has the digest of its build in the site served now copies the files that build wrote from the served
   folder and hands back its result. A build that logged a warning is never reused (the next one warns again), and
   nothing is copied from a site whose pages a failed rebuild's problems were added to (`forget_served_locales`).
   FAULTSITE_WITHOUT=locale_reuse builds every locale. The glue may also hand `start_locale_workers` one job to run
   alongside the locale builds (under serve: the default locale's search index and the API), the first a worker
   takes; what it returns comes back from `finish_locale_workers`.
   Gain (README, Performance): the parallel build takes 0.58-0.68 of the sequential one's time at 1,000 faults; a
   reload after an English edit under serve, measured 2026-12-07 by `tests/bench_reload.py --without locale_reuse
   --edits 6` (quiet machine, two runs): median 1.13 and 1.34 s with the copies (and the copied locales' search
   indexes made by their workers), 1.67 and 1.92 s without.

2. Material for MkDocs (9.8.x). We use its extension points where they exist: `extra_javascript` (our scripts),
   `custom_dir` partials, template blocks, and its custom search worker (the "search" URL of its configuration).
   Where we change one of its files or blocks, `check_material` (run in on_config of every build) compares our
   copy with the installed original and fails the build naming the copy:
   - template copies (`TEMPLATE_COPIES`): a block of `base.html` or a whole partial, with the listed changes;
   - replaced blocks (`REPLACED_BLOCKS`: `site_meta` of `base.html`): ours is written anew, so the original is
     checked unchanged (by a hash) since ours was written;
   - the JavaScript bundle (`BUNDLE_PATCHES`): patched, and published under a name from its content, named by our
     copy of the `scripts` block, so no browser cache serves the unpatched file under the same name;

3. MkDocs 1.6: the theme's file list (`keep_theme_listing`). Why: every locale's build lists every file of the theme
   folders (Material's: about 14,000 icons) and tests each name against MkDocs' exclusion patterns, to find the
   static files to copy: a sixth of a build of this site, the same answer five times. What changes: within one
   outer build, the environment's `list_templates` answers a call it has answered before (same folders, same filter
   function, same static templates) from memory; the first locale's build lists, the others reuse it. A folder of
   an installed package (Material's, the i18n plugin's) is listed once per process: under `serve` only the
   project's own folder (overrides/) is listed again for each rebuild (Jinja's listing is the sorted union of each
   folder's names, filtered name by name, so it is made from each folder's part). Expects
   `Files.add_files_from_theme` to call `env.list_templates(filter_func=filter)` with a filter that depends only on
   `config.theme.static_templates` and MkDocs' constants (its source is hashed below). Gain: under 1 % of a build
   at 1,000 faults (0.10-0.20 s of CPU per listing, four saved), but a reload under `serve`: measured 2026-12-07 by
   `tests/bench_reload.py --without theme_listing` (12 edits each, in alternation, quiet machine), median 2.16 s
   with it, 2.48 s without (15 %); once installed folders were listed once per process (and item 8 added), 1.76 s
   with it, 2.11 s without (20 %).

4. MkDocs 1.6 `serve`: how soon an edit is seen (`poll_sooner`). Why: MkDocs' LiveReloadServer polls the watched
   paths every 0.5 s (watchdog's PollingObserver: an edit waits 0.25 s on average before its rebuild starts, a
   quarter of the time to serve it). What changes: before the server starts (on_serve), its observer, not yet
   started, is replaced by one that polls every `WATCH_INTERVAL` seconds, and every path it watched is watched
   again through the server's own `unwatch` and `watch`, as often and as recursively as before (the paths of
   mkdocs.yml's `watch:` are added after on_serve, on the new observer). Polling about a hundred files ten times a
   second costs a few milliseconds each time. Gain: measured 2026-12-07 by `tests/bench_reload.py --without
   poll_sooner` (12 edits each, in alternation, quiet machine): median reload 2.16 s with it, 2.54 s without (18 %).
   After an edit is seen, MkDocs waits until no change came for `build_delay` seconds (0.1) before it rebuilds: made
   for watchers that report each change as it happens, it gathers a burst. A polling watcher reports a poll's
   changes at once (its dispatcher hands them over one after the other within microseconds), and the next poll's
   never within 0.1 s of them (a poll begins 0.1 s after the last one ended): with polling, the
   wait gathered only one poll's events and added 0.1 s to every rebuild. It is now `REBUILD_DELAY` (0.02 s), which
   still gathers one poll's events into one rebuild. Gain: measured 2026-12-07 by `tests/bench_reload.py --edits 6`,
   the two in alternation, four rounds (24 edits each, quiet machine): median reload 1.01 s with MkDocs' 0.1 s
   wait, 0.95 s with 0.02 s.
   Expects `LiveReloadServer.__init__`, `watch` and `unwatch` of MkDocs 1.6.1 (their source is hashed below): the
   observer in `self.observer`, started by `serve()`, the watched paths counted in `_watched_paths` and their
   watches in `_watch_refs`; and `_build_loop` (hashed for 5. below), which waits for `self.build_delay`.

5. MkDocs 1.6 `serve`: a failed rebuild (`show_failed_rebuilds`). Why: MkDocs' serve loop prints a traceback after a
   failed rebuild and holds every page request until a rebuild succeeds (a bad byte in a data file or a broken link
   in a page made the server hang). What changes: in on_serve, the server's `builder` is wrapped: a rebuild that
   raises hands the warnings and errors it logged to the glue, which prints them and puts them at the top of every
   page of the last good site, and ends as a rebuild that succeeded. Expects `LiveReloadServer._build_loop` of
   MkDocs 1.6.1 (its source is hashed below), which calls the server's `builder` attribute. Gain: not speed; without
   it `mkdocs serve` runs fewer checks than `mkdocs build` or hangs.

6. MkDocs 1.6: one message for a page's error (`one_message_per_page_error`). Why: when a page's event raises a
   BuildError (our PluginErrors name the page and the problem), MkDocs logs two errors: "Error reading page 'x':"
   (or "building"), then the exception's message; a reader sees two problems for one. What changes: a filter on
   MkDocs' build logger joins the first to the second (the page's name is kept where the message does not name it).
   For an OSError (a full or read-only output) it keeps the page's name instead (`with_failed_page`): the glue
   says it in one line with the output folder. A crash's line stays, before its traceback. Expects both f-strings
   in `mkdocs.commands.build` (checked at startup) and that it logs them in its `except` block.

7. mkdocs-static-i18n 1.3.1: the page-not-found page's language links (`forget_page_alternates`). Why: its
   reconfigure_page_context leaves the last page's language links in `config.extra`, so the 404 page, rendered after
   every page, would switch language to the last page's translations. What changes: that leftover is removed
   before the 404 page is rendered. Expects the locale homes in `extra['alternate']` (checked).

8. MkDocs 1.6: a page's Markdown converted once while unchanged (`keep_page_renders`). Why: every build and every
   rebuild converts every page of every locale again (Python-Markdown: about a third of a locale's build, a fifth of
   a whole build at 1,000 faults), though an edit changes the Markdown of a few pages, or of one locale's. What
   changes: under `build` and `serve`, from startup, `Page.render` is answered from memory (`faultsite.memo.Memo`;
   under serve the least recently asked-for half is forgotten beyond twice the site's pages) when everything it
   reads is the same as for a kept render: the page's Markdown (after every on_page_markdown), its source path,
   output path and URL, the fingerprint of every file of the build (path, output path, URL, inclusion: what
   relative links resolve against), `markdown_extensions`, `mdx_configs` and `validation` as plain data (a setting
   that has none, like an object of unknown class, is never kept), `use_directory_urls` and whether MkDocs keeps
   links to anchors (log level). What it set is kept as plain data: content, the toc's tokens (a new toc is made
   from them each time: later events may change a page's toc), title, anchors, links to anchors (by source path).
   A render that logged anything (a broken link) is not kept, so the next build says it again. Locale workers send
   what they rendered back to the server (`LocaleResult.renders`), as the search memos do. Under `mkdocs build` the
   renders a locale's build used are kept for the next build in `.cache/fault_site/page-renders/<locale>.json`
   (JSON, not pickle: a cache file cannot run code), read at the locale's on_config and written at its
   on_post_build (or when the same process starts the next locale), whole and then renamed, with every installed
   package's version and the hooks' code: a file made by other code, damaged or unwritable is ignored and the
   pages rendered anew. Expects `Page.render` of MkDocs 1.6.1 (its source is hashed below). Gain: a reload under
   `serve`, measured 2026-12-07 by `tests/bench_reload.py --without page_renders --without theme_listing --rounds 3
   --edits 4` (quiet machine, in alternation): median 1.76 s with every item, 2.13 s without this one (21 %); a
   build whose pages' inputs did not change since the last one converts no page: at 1,000 faults Python-Markdown
   on pages took 50.9 s of a 218 s sequential profile before, none after (README, Performance). A first build (an
   empty cache) converts every page, as before.

9. MkDocs 1.6 and mkdocs-static-i18n 1.3.1: a locale's pages released once it is built (`release_locale_pages`).
   Why: MkDocs holds every page of a build, its Markdown, HTML and table of contents included, until the build
   returns, and the i18n plugin keeps every locale's pages after that (`i18n_files_per_language`) for its sitemap,
   which reads their URLs and dates only; the default locale's build returns only after the plugin's loop has built
   every other locale, in its `on_post_build`. So a sequential build ends holding every page of every locale, and in
   a parallel one the parent holds the default locale's pages while it waits for the workers. What changes: under
   `mkdocs build` (not under serve, whose server keeps the renders for the next rebuild in memory anyway), once a
   locale's pages are written and the renders it used saved (8. above), each of its pages gives up its Markdown,
   HTML and table of contents, the renders kept for that locale are forgotten, and the memory freed is handed back
   to the system (glibc's malloc_trim; elsewhere it is reused by the next build in the process). An alternate
   locale's pages are released at the end of its build (the glue's on_post_build); the default locale's when the
   first alternate starts (the glue's on_config of that build; with workers, `_take_locale_result` before it waits
   for them); the glue gives up that locale's generated Markdown with them (`release_built_pages(also=...)`). What
   reading a locale's kept renders took (the file's text and its parse: 33-47 MB of a worker's memory at 1,000
   faults, where the renders keep 11-13 MB) goes back likewise once they are loaded (`load_page_renders`). A page's
   Markdown is given up as soon as it is converted (`release_markdown`, from the glue's on_page_content): every
   page of a locale is converted before the first is written, so each held its Markdown (the i18n plugin's copy)
   through the whole build. Expects: MkDocs 1.6.1, whose `build` reads nothing of a page after `on_post_build`,
   whose `_populate_page` and `_build_page` read no page's Markdown after its on_page_content, and whose
   `Page.title` reads only whether a page has Markdown once it is converted (their sources are hashed below), the
   plugin's `i18n_files_per_language` (without it nothing is released) and its sitemap template (hashed for 1.
   above), which reads a page's URL and date. Gain: measured 2026-12-07 at 1,000 faults,
   peak memory of a `mkdocs build` with a warm cache (the sum of every process's PSS, sampled every 0.2 s from
   /proc), with and without this item in alternation, two runs each: parallel 406-408 MB against 441-442 (8 %),
   sequential 275-277 MB against 353 (22 %; plain MkDocs on the same pages: 299 MB); the renders' memory given back
   after loading, later the same day: parallel 371.7-372.6 MB against 396.3-397.7; on 2026-12-08, with each
   page's Markdown given up once converted and each locale's generated Markdown read by its own process (kept
   pages, faultsite/kept_build.py) and given up with its pages: 310.7-311.9 MB against 329.8-334.8 without
   giving up the Markdown once converted. Output byte-identical (tests/test_parallel.py).

To measure what an item for speed buys, it can be left out of one run (FAULTSITE_WITHOUT=theme_listing,poll_sooner,
page_renders,locale_reuse,release_pages; `tests/bench_reload.py --without ITEM` compares, in one run, reloads with
and without it); item 1 is left out by FAULTSITE_SEQUENTIAL=1 (`tests/bench_scale.py` measures both), item 9 (for
memory, under `mkdocs build` only) by FAULTSITE_WITHOUT=release_pages in `tests/bench_scale.py`'s environment.
"""

from __future__ import annotations

import ctypes
import dataclasses
import gzip
import hashlib
import importlib.metadata
import importlib.resources
import inspect
import json
import logging
import os
import re
import shutil
import sys
import sysconfig
import threading
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jinja2
import markdown  # type: ignore[import-untyped]  # Python-Markdown ships no stubs
import mkdocs.commands.build
import mkdocs.exceptions
import mkdocs.livereload
import mkdocs.structure.files
import mkdocs.structure.pages
import mkdocs.utils
import mkdocs_static_i18n.plugin
import watchdog.observers.polling
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs_static_i18n.utils import I18nLoggingFilter

from faultsite import parallel
from faultsite.memo import Memo, environment

WITHOUT_ENV = "FAULTSITE_WITHOUT"  # items for speed to leave out, comma-separated (see the end of the docstring)
SPEED_ITEMS = ("theme_listing", "poll_sooner", "page_renders", "locale_reuse")  # what a reload may leave out


def _left_out(item: str) -> bool:
    return item in {name.strip() for name in os.environ.get(WITHOUT_ENV, "").split(",")}


I18N_VERSION = "1.3.1"
# custom_i18n_sitemap/sitemap.xml of mkdocs-static-i18n 1.3.1: a header, one <url> per page of each locale, a footer.
SITEMAP_TEMPLATE_SHA256 = "538e71a0c68befdae40bb4e0451150b1ca424ef5b1c4f0e0e7d806640d17e5e7"
SITEMAP = "sitemap.xml"
_SITEMAP_TAIL = "\n</urlset>"


@dataclass
class LocaleResult:
    """What one locale's build leaves in memory that the outer build needs (the rest is on disk)."""

    search_entries: list[dict[str, Any]]  # Material's search entries of the locale's pages
    sitemap: str  # the <url> elements of the locale's pages, as the plugin's sitemap template writes them
    collected: object  # what our hooks collected while building it (the glue's `collect`, handed to its `merge`)
    renders: dict[str, _Render]  # under serve: the pages' renders it made (8. below), for the next rebuild
    inputs: str = ""  # under serve: the digest of what the build read (the glue's `inputs`); "" if not reusable
    files: list[str] = field(default_factory=list)  # under serve: the files it wrote, relative to the locale's folder
    copied: object = None  # under serve, for a locale copied from the site served: what the glue's `copied` returned


@dataclass
class _Run:
    config: MkDocsConfig
    i18n: Any  # the mkdocs-static-i18n plugin instance
    collect: Callable[[], object]  # in the process that built a locale: what the hooks collected meanwhile
    merge: Callable[[object], None]  # in the parent: take it in
    jobs: parallel.Jobs | None = None  # in the parent: the workers' locale builds
    results: dict[str, LocaleResult] | None = None
    sitemaps: dict[str, str] = field(default_factory=dict)  # locale -> sitemap.xml as its build rendered it
    in_worker: bool = False
    inputs: Callable[[str], str] | None = None  # under serve: locale -> the digest of what its build reads
    served: Path | None = None  # under serve: the site served now, built by the builds in `_served`
    copied: Callable[[str], object] | None = None  # under serve: run in the worker after a locale was copied
    alongside: tuple[str, Callable[[], object]] | None = None  # a job's name, and what it runs in a worker
    alongside_result: object = None  # what it returned


_run: _Run | None = None
_served: dict[str, LocaleResult] = {}  # under serve: the reusable locale builds of the site served now
_unpublished: dict[str, LocaleResult] = {}  # the running build's, until its site is served
_build = mkdocs.commands.build.build


def check_i18n(i18n: Any, config: MkDocsConfig) -> None:
    """Fail loudly if mkdocs-static-i18n is not the version the parallel locale builds were written for."""
    problems = []
    installed = importlib.metadata.version("mkdocs-static-i18n")
    if installed != I18N_VERSION:
        problems.append(f"version {installed} installed, {I18N_VERSION} expected")
    if getattr(mkdocs_static_i18n.plugin, "build", None) is not _build:
        problems.append("mkdocs_static_i18n.plugin.build is no longer mkdocs.commands.build.build")
    loop = inspect.getsource(type(i18n).on_post_build)
    for expected in ("build(config, dirty=dirty)", "self.reconfigure_search_index(config)"):
        if expected not in loop:
            problems.append(f"I18n.on_post_build no longer calls {expected}")
    for name, kind in (("search_entries", list), ("i18n_files_per_language", dict), ("build_languages", list)):
        if not isinstance(getattr(i18n, name, None), kind):
            problems.append(f"the plugin has no {kind.__name__} {name}")
    template = Path(mkdocs_static_i18n.plugin.__file__).parent / "custom_i18n_sitemap" / SITEMAP
    if Path(config.theme.custom_dir or ".", SITEMAP).exists():
        problems.append(f"overrides/{SITEMAP} replaces the plugin's sitemap template")
    elif hashlib.sha256(template.read_bytes()).hexdigest() != SITEMAP_TEMPLATE_SHA256:
        problems.append(f"its {SITEMAP} template changed")
    if problems:
        raise PluginError(
            "hooks/third_party.py (parallel locale builds) no longer fits mkdocs-static-i18n: "
            + "; ".join(problems)
            + f". Re-check the change, or build with {parallel.SEQUENTIAL_ENV}=1."
        )


def start_locale_workers(
    config: MkDocsConfig,
    i18n: Any,
    processes: int,
    collect: Callable[[], object],
    merge: Callable[[object], None],
    inputs: Callable[[str], str] | None = None,
    copied: Callable[[str], object] | None = None,
    alongside: tuple[str, Callable[[], object]] | None = None,
) -> None:
    """Fork up to `processes` workers that build the alternate locales while this process builds the default one.

    What the hooks keep in memory while a locale is built comes back from `collect()` in the worker that built it
    and goes to `merge` in this one. Under serve, `inputs(locale)` digests what a locale's build reads: a locale
    whose digest is that of its build in the site served now is copied from there instead (see the top), and then
    `copied(locale)` runs in its worker. `alongside`: a job (its name, for a failure's message, and what it runs),
    the first a worker takes. What `copied` and `alongside` return comes back from `finish_locale_workers`."""
    global _run
    check_i18n(i18n, config)
    alternates = [locale for locale in i18n.build_languages if locale != i18n.current_language]
    if not alternates:
        return
    run = _run = _Run(config, i18n, collect, merge, alongside=alongside)
    if inputs is not None and not _left_out("locale_reuse"):
        run.inputs, run.served, run.copied = inputs, _served_site, copied
    jobs = [alongside[0], *alternates] if alongside is not None else alternates
    run.jobs = parallel.Jobs(_job, jobs, min(processes, len(jobs)), setup=_setup_worker)
    mkdocs_static_i18n.plugin.build = _take_locale_result


def in_locale_worker() -> bool:
    """Whether this process is a locale worker (it must not touch the staging folder, which the parent owns)."""
    return _run is not None and _run.in_worker


def note_template(template_name: str, output: str, locale: str) -> None:
    """Keep each locale's rendering of sitemap.xml (its part of the root sitemap)."""
    if _run is not None and template_name == SITEMAP:
        _run.sitemaps[locale] = output


def finish_locale_workers(site: Path) -> tuple[dict[str, object], object]:
    """After the plugin's loop: write the root sitemap.xml of every locale, as the last locale's build would have.
    Return what `copied` returned in the worker of each locale copied from the site served, and what `alongside`
    returned (None if it did not run)."""
    global _run
    run, _run = _run, None
    mkdocs_static_i18n.plugin.build = _build
    if run is None or run.results is None:
        return {}, None
    default = run.i18n.default_language
    head, own = _split_sitemap(run.sitemaps[default])
    parts = {default: own, **{locale: result.sitemap for locale, result in run.results.items()}}
    text = head + "".join(parts[locale] for locale in run.i18n.build_languages) + _SITEMAP_TAIL
    mkdocs.utils.write_file(text.encode("utf-8"), str(site / SITEMAP))
    # As MkDocs writes it: the build date's midnight (every page's update_date) as the gzip time.
    stamp = int(datetime.fromisoformat(mkdocs.utils.get_build_date()).replace(tzinfo=UTC).timestamp())
    gz_name = str(site / SITEMAP) + ".gz"
    with open(gz_name, "wb") as stream, gzip.GzipFile(fileobj=stream, filename=gz_name, mode="wb", mtime=stamp) as gz:
        gz.write(text.encode("utf-8"))
    copied = {locale: result.copied for locale, result in run.results.items() if result.copied is not None}
    return copied, run.alongside_result


def stop_locale_workers() -> None:
    """After a failure or a signal in the parent: end the workers (before the staging folder is discarded)."""
    global _run
    run, _run = _run, None
    mkdocs_static_i18n.plugin.build = _build
    if run is not None and not run.in_worker:
        parallel.stop_all()  # also a pool whose start a signal cut short, before `run.jobs` held it


def _keep_directory(directory: str) -> None:
    """In a worker, instead of mkdocs.utils.clean_directory: the staging folder is shared."""


def _setup_worker() -> None:
    """In a fresh worker: what the plugin's loop sets up around its builds."""
    assert _run is not None
    _run.in_worker = True
    _run.i18n.building = True
    mkdocs.utils.clean_directory = _keep_directory  # never empty the shared staging folder
    quiet = I18nLoggingFilter()
    quiet.filtered_prefixes.update({"Documentation built in", "Building documentation to directory"})
    logging.getLogger("mkdocs.commands.build").addFilter(quiet)


def _job(name: str) -> object:
    """In a worker: the job `alongside`, or a locale's build."""
    assert _run is not None
    if _run.alongside is not None and name == _run.alongside[0]:
        return _run.alongside[1]()
    return _build_locale(name)


def _build_locale(locale: str) -> LocaleResult:
    """In a worker: build one alternate locale, as the plugin's loop would, and return what it leaves in memory.
    Under serve, a locale whose inputs are those of its build in the site served now is copied from there."""
    run = _run
    assert run is not None and run.in_worker
    inputs = run.inputs(locale) if run.inputs is not None else ""
    folder = Path(run.config.site_dir) / locale  # mkdocs-static-i18n 1.3.1 writes a locale's pages here
    served = _served.get(locale)
    if served is not None and run.served is not None and inputs == served.inputs:
        if _copy_files(run.served / locale, folder, served.files):
            logging.getLogger("mkdocs.plugins.fault_site").info("%s: unchanged, copied from the site served", locale)
            return dataclasses.replace(served, copied=run.copied(locale) if run.copied is not None else None)
        shutil.rmtree(folder, ignore_errors=True)  # the served site lacks a file, say: built anew
    i18n = run.i18n
    i18n.current_language = locale
    i18n.i18n_files_per_language = {}  # so that this build's sitemap.xml lists its own pages only
    before = len(i18n.search_entries)  # a worker may build several locales
    try:
        _build(run.config, dirty=False)
    except OSError as error:  # the parent says it with the output folder, as for its own
        raise with_failed_page(error) from None
    except mkdocs.exceptions.Abort as error:
        # Reported by what MkDocs logged (the worker keeps it for the parent's message) and, for a strict-mode
        # abort, by the error itself; "Aborted with a BuildError!" adds nothing.
        logged = isinstance(error.__context__, mkdocs.exceptions.BuildError)
        raise parallel.JobFailed("" if logged else str(error)) from None
    entries = i18n.search_entries[before:]
    del i18n.search_entries[before:]
    renders = _renders.fresh() if _pack is None else {}  # under `mkdocs build` each process saves its own
    result = LocaleResult(entries, _split_sitemap(run.sitemaps.pop(locale))[1], run.collect(), renders)
    if inputs and not parallel.job_logged():  # a build that warned is built again, and warns again
        result.inputs = inputs
        result.files = sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file())
    return result


def _copy_files(source: Path, target: Path, files: list[str]) -> bool:
    """Copy `files` (relative paths) from `source` to `target`; False if one could not be copied (the build that
    follows then says why, if the output is at fault)."""
    try:
        for name in files:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source / name, target / name)
    except OSError:
        return False
    return True


_served_site: Path | None = None  # under serve: the folder of the site served now


def locales_served(site: Path) -> None:
    """Under serve, after the running build's site was published to `site`: its locale builds are those served."""
    global _served_site
    _served.clear()
    _served.update(_unpublished)
    _unpublished.clear()
    _served_site = site


def forget_served_locales() -> None:
    """The site served now no longer holds what its locale builds wrote (a failed rebuild's problems were added to
    its pages): no locale is copied from it."""
    _served.clear()
    _unpublished.clear()


def _take_locale_result(config: MkDocsConfig, dirty: bool = False) -> None:
    """Stands in for `build` in the plugin's loop: the locale's result, built by a worker."""
    run = _run
    assert run is not None and run.jobs is not None
    i18n = run.i18n
    if run.results is None:  # the first alternate: wait for the workers
        release_locale_pages(i18n, i18n.default_language)  # this process's locale is built (9. above)
        try:
            results = run.jobs.results()
        except parallel.WorkerFailed as error:
            raise PluginError(f"a locale build failed in a worker process:\n{error}") from None
        if run.alongside is not None:
            run.alongside_result = results.pop(run.alongside[0])
        run.results = results
        _unpublished.clear()
        for locale, result in run.results.items():
            run.merge(result.collected)
            _renders.merge(result.renders)
            if result.inputs:  # kept without its renders, which the memo holds
                _unpublished[locale] = dataclasses.replace(result, renders={}, copied=None)
    i18n.search_entries.extend(run.results[i18n.current_language].search_entries)


def _split_sitemap(output: str) -> tuple[str, str]:
    """(header up to <urlset ...>, the <url> elements) of a rendering of the plugin's sitemap template."""
    start = output.find("<urlset")
    if start < 0 or not output.endswith(_SITEMAP_TAIL):
        raise PluginError(f"hooks/third_party.py: unexpected {SITEMAP} from mkdocs-static-i18n's template")
    head_end = output.index(">", start) + 1
    return output[:head_end], output[head_end : -len(_SITEMAP_TAIL)]


# --- 2. Material for MkDocs ---------------------------------------------------------------------------------

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
    TemplateCopy(
        "partials/nav.html",
        "partials/nav.html",
        None,
        ((r"  </ul>\n</nav>", '  </ul>\n  {% include "partials/fault-nav.html" %}\n</nav>'),),
        "A fault page's sidebar lists the faults around it, under the site's pages (partials/fault-nav.html): Material"
        " lists only the pages of the nav, and the nav would list every fault on every page.",
    ),
)

# Blocks of Material's templates that overrides/ replaces outright, with what the original was when our block was
# written: (override, original, block, sha256 of the original block as `_canonical` gives it, the release number
# left out, why). A changed original is a change our block does not have: the build stops until it is read again.
REPLACED_BLOCKS = (
    (
        "main.html",
        "base.html",
        "site_meta",
        "0ae1ce7f54578658637155dfe3f7c59d5aa903131f8aacd0ea6f25d682ccb837",
        "Our head tags: an absolute canonical URL and hreflang alternates with x-default, computed per page by the"
        " hooks (faultsite.urls.head_links), where Material links the locale homes; no author, prev/next or RSS links.",
    ),
)
_RELEASE = re.compile(r"mkdocs-material-[0-9.]+")

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


def replaced_block_problems() -> list[str]:
    """Why each block that overrides/ replaces must be read again: its original in Material changed."""
    problems = []
    version = importlib.metadata.version("mkdocs-material")
    for override, original, block, sha256, why in REPLACED_BLOCKS:
        try:
            text = _block((material_templates() / original).read_text(encoding="utf-8"), block)
        except (LookupError, OSError) as error:
            problems.append(f"overrides/{override} (block {block}): {error!r} not found in Material {version}")
            continue
        if hashlib.sha256(_RELEASE.sub("", _canonical(text)).encode("utf-8")).hexdigest() != sha256:
            problems.append(
                f"overrides/{override} (block {block}) replaces Material's block, which changed in Material {version}:"
                f" compare them and carry over what applies, then update its hash in hooks/third_party.py ({why})"
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
    problems += template_problems() + replaced_block_problems()
    try:
        material_bundle()
    except (ValueError, OSError) as error:
        problems.append(str(error))
    return problems


# --- 3. MkDocs: the theme's file list -------------------------------------------------------------------------

# mkdocs.structure.files.Files.add_files_from_theme of MkDocs 1.6.1.
ADD_FILES_FROM_THEME_SHA256 = "0169dd2b1c22ca136924ca9136a97b690ba2711d8896258e5858a237c186a12e"
_listings: dict[tuple[object, ...], list[str]] = {}  # this build's answers
_installed_listings: dict[tuple[object, ...], list[str]] = {}  # an installed folder's, for the life of the process
# Where packages are installed: their folders do not change while a server runs (a new version needs a restart, as
# its Python code does).
INSTALLED = tuple(dict.fromkeys(Path(sysconfig.get_paths()[name]).resolve() for name in ("purelib", "platlib")))


def _add_files_from_theme_problem() -> str | None:
    source = inspect.getsource(mkdocs.structure.files.Files.add_files_from_theme)
    if hashlib.sha256(source.encode("utf-8")).hexdigest() != ADD_FILES_FROM_THEME_SHA256:
        return (
            "mkdocs.structure.files.Files.add_files_from_theme changed: re-check keep_theme_listing in"
            " hooks/third_party.py (its theme file list is kept for the locales' builds)"
        )
    return None


def new_theme_listing() -> None:
    """At the start of an outer build: the theme folders may have changed since the last one (`mkdocs serve`)."""
    problem = _add_files_from_theme_problem()
    if problem:
        raise PluginError(problem)
    _listings.clear()


def keep_theme_listing(theme: Any) -> None:
    """Make the environments `theme` (MkDocs' Theme) makes answer a repeated `list_templates` of this build from
    memory (see 3. above). MkDocs lists the files right after making the environment, before any event."""
    if getattr(theme.get_env, "keeps_listing", False) or _left_out("theme_listing"):
        return
    make_env = theme.get_env

    def get_env() -> jinja2.Environment:
        env: jinja2.Environment = make_env()
        loader = env.loader
        if not isinstance(loader, jinja2.FileSystemLoader) or not loader.searchpath:
            raise PluginError("MkDocs' theme environment no longer has a FileSystemLoader: re-check keep_theme_listing")
        # mkdocs-static-i18n 1.3.1 inserts its sitemap folder into theme.dirs again in every locale's build; a
        # folder listed twice changes neither the list nor which file a name finds (the first).
        folders = tuple(dict.fromkeys(loader.searchpath))

        def one_folder(folder: str, extensions: Collection[str] | None, filter_func: Any) -> list[str]:
            alone = jinja2.Environment(loader=jinja2.FileSystemLoader(folder, followlinks=loader.followlinks))
            return alone.list_templates(extensions, filter_func)

        def list_templates(
            extensions: Collection[str] | None = None, filter_func: Callable[[str], bool] | None = None
        ) -> list[str]:
            code = getattr(filter_func, "__code__", filter_func)
            options = (tuple(extensions or ()), code, tuple(sorted(theme.static_templates)))
            if (folders, *options) not in _listings:
                # The environment lists the names found in any folder, sorted, and keeps those the filter passes:
                # the same as the sorted union of each folder's, so an installed folder's part is listed once.
                parts = []
                for folder in folders:
                    if not any(Path(folder).resolve().is_relative_to(place) for place in INSTALLED):
                        parts.append(one_folder(folder, extensions, filter_func))
                        continue
                    if (folder, *options) not in _installed_listings:
                        _installed_listings[(folder, *options)] = one_folder(folder, extensions, filter_func)
                    parts.append(_installed_listings[(folder, *options)])
                _listings[(folders, *options)] = sorted(set().union(*parts))
            return list(_listings[(folders, *options)])

        env.list_templates = list_templates  # type: ignore[method-assign]
        return env

    get_env.keeps_listing = True  # type: ignore[attr-defined]
    theme.get_env = get_env


# --- 4. MkDocs serve: the watcher's polling interval ------------------------------------------------------------

# The source of LiveReloadServer.__init__, .watch and .unwatch of MkDocs 1.6.1, one after the other.
LIVERELOAD_SHA256 = "71a097cbb5e18996c3a54e566d0c59bcca7fbe934645e6afc6f665d72ca52366"
WATCH_INTERVAL = 0.1  # seconds between two polls of the watched paths (MkDocs: 0.5)
REBUILD_DELAY = 0.02  # seconds without a change before a rebuild starts (MkDocs: 0.1)


def _livereload_source_sha256() -> str:
    server = mkdocs.livereload.LiveReloadServer
    sources = (inspect.getsource(method) for method in (server.__init__, server.watch, server.unwatch))
    return hashlib.sha256("".join(sources).encode("utf-8")).hexdigest()


def poll_sooner(server: mkdocs.livereload.LiveReloadServer, interval: float = WATCH_INTERVAL) -> None:
    """Make `server` (not yet serving) poll its watched paths every `interval` seconds (see 4. above)."""
    if _livereload_source_sha256() != LIVERELOAD_SHA256:
        raise PluginError(
            "mkdocs.livereload.LiveReloadServer changed: re-check poll_sooner in hooks/third_party.py"
            " (it replaces the server's file watcher before the server starts)"
        )
    _check_build_loop(server, "poll_sooner")
    if server.observer.is_alive():
        raise PluginError("poll_sooner: the server already watches (it must be called from on_serve)")
    if _left_out("poll_sooner"):
        return
    server.build_delay = REBUILD_DELAY
    watched = dict(server._watched_paths)
    recursive = {path: watch.is_recursive for path, watch in server._watch_refs.items()}
    for path, count in watched.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = watchdog.observers.polling.PollingObserver(timeout=interval)
    for path, count in watched.items():
        for _ in range(count):
            server.watch(path, recursive=recursive[path])


# --- 5. MkDocs serve: a failed rebuild shows its problems instead of holding every request ---------------------

# The source of LiveReloadServer._build_loop of MkDocs 1.6.1: it calls `self.builder()` for each rebuild, prints a
# traceback when it raises, and then never advances the served version, so every page request waits forever.
BUILD_LOOP_SHA256 = "0bea1402bb4a41bfd626e0532bc254a1c5e3eafac07b73eef5bceef484852e31"


def _check_build_loop(server: mkdocs.livereload.LiveReloadServer, change: str) -> None:
    """Stop the server, naming `change`, if its `_build_loop` is no longer MkDocs 1.6.1's (4. and 5. rely on it)."""
    if hashlib.sha256(inspect.getsource(server._build_loop).encode("utf-8")).hexdigest() != BUILD_LOOP_SHA256:
        raise PluginError(f"mkdocs.livereload.LiveReloadServer._build_loop changed: re-check {change}")


def show_failed_rebuilds(server: mkdocs.livereload.LiveReloadServer, shown: Callable[[list[str]], None]) -> None:
    """Make a rebuild of `server` that fails call `shown` with its problems (the warnings and errors it logged, or
    the exception's type and message) and end as a rebuild that succeeded, so the server keeps answering.

    Why: MkDocs' serve loop prints a traceback and holds every request ("the server will appear stuck") until a
    rebuild succeeds; `shown` puts the problems on the last good site instead (and prints them), as `mkdocs build`
    reports them. Expects `_build_loop` of MkDocs 1.6.1 (hashed above), which calls the `builder` attribute."""
    _check_build_loop(server, "show_failed_rebuilds")
    build = server.builder

    def builder() -> None:
        logged = _Logged()
        logging.getLogger("mkdocs").addHandler(logged)
        try:
            build()
        except Exception as error:  # MkDocs' Abort (a BuildError or strict-mode warnings), or anything else
            if not logged.messages or not isinstance(error, mkdocs.exceptions.Abort):  # not printed yet
                logging.getLogger("mkdocs.commands.serve").error(f"{type(error).__name__}: {error}")
            forget_served_locales()  # `shown` changes the served site's pages
            shown(logged.messages)
        finally:
            logging.getLogger("mkdocs").removeHandler(logged)

    server.builder = builder


class _Logged(logging.Handler):
    """The warnings and errors logged while one rebuild runs."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


# --- 6. MkDocs: one message for a page's error ----------------------------------------------------------------

_PAGE_ERROR = re.compile(r"Error (?:reading|building) page '(.+)':")


class _OneMessagePerPageError(logging.Filter):
    def __init__(self) -> None:
        super().__init__()
        self.prefix: tuple[str, str] | None = None  # MkDocs' "Error ... page 'x':" held back, and the page
        self.failed_page: str | None = None  # the page being written when the output failed (an OSError)

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.ERROR:
            return True
        text = record.getMessage()
        found = _PAGE_ERROR.match(text)
        if found:  # logged in MkDocs' `except` block: the exception it is handling says what follows
            error = sys.exc_info()[1]
            if isinstance(error, mkdocs.exceptions.BuildError):  # its message follows: joined to it
                self.prefix = (found.group(0), found.group(1))
                return False
            if isinstance(error, OSError):  # the glue says it, with the output folder
                self.failed_page = found.group(1)
                return False
            return True  # a crash: its traceback follows
        if self.prefix is not None and self.prefix[1] not in text:
            record.msg, record.args = f"{self.prefix[0]} {text}", ()
        self.prefix = None
        return True


_page_errors = _OneMessagePerPageError()


def one_message_per_page_error() -> None:
    """Make MkDocs log one message for a page's error (see 6. above); from startup, for every build of the process."""
    source = inspect.getsource(mkdocs.commands.build)
    for step in ("reading", "building"):
        expected = f"f\"Error {step} page '{{page.file.src_uri}}':\""
        if expected not in source:
            raise PluginError(f"mkdocs.commands.build no longer logs {expected}: re-check third_party.py, item 6")
    logger = logging.getLogger("mkdocs.commands.build")
    if _page_errors not in logger.filters:
        logger.addFilter(_page_errors)


def with_failed_page(error: OSError) -> OSError:
    """`error`, naming the page MkDocs was writing when it happened if it names no file (a full disk)."""
    page, _page_errors.failed_page = _page_errors.failed_page, None
    if error.filename is None and page is not None:
        error.filename = page
    return error


# --- 7. mkdocs-static-i18n: the page-not-found page's language links -------------------------------------------


def forget_page_alternates(extra: Any) -> None:
    """Undo a leftover of mkdocs-static-i18n 1.3.1 before the page-not-found page is rendered (7. above).

    Its reconfigure_page_context sets each page's language links as an attribute of `config.extra`, which shadows
    the `alternate` item (the locale homes, reset at each locale's on_config) and is never removed: the 404 page,
    rendered after every page, would switch language to the last page's translations. Fails if the plugin changed.
    """
    homes = extra.get("alternate")
    if not isinstance(homes, list) or not all(str(home.get("link", "")).endswith("/") for home in homes):
        raise ValueError("mkdocs-static-i18n no longer keeps the locale homes in extra['alternate']: re-check")
    vars(extra).pop("alternate", None)


# --- 8. MkDocs: a page's Markdown converted once while nothing it depends on changed -----------------------------

# Page.render of MkDocs 1.6.1: it converts `page.markdown` with the site's extensions and MkDocs' own tree processors
# (relative links, which read `files`; anchors; the title) and sets content, toc, _title_from_render,
# present_anchor_ids and, above DEBUG, links_to_anchors. Nothing else of the page is read or set.
PAGE_RENDER_SHA256 = "320529348f7a8af152073d0a3ab02960ccce91f9204716144e51b20931983cc6"
_render_original = mkdocs.structure.pages.Page.render


@dataclass(frozen=True)
class _Render:
    """What Page.render set on a page, as plain data: the toc as MkDocs' toc tokens, links_to_anchors by the linked
    file's source path."""

    content: str
    toc: list[Any]
    title: str | None
    anchors: list[str]
    links: dict[str, dict[str, str]] | None


def _toc_tokens(items: Any) -> list[Any]:
    """The tokens `get_toc` makes these AnchorLinks from."""
    return [{"level": a.level, "id": a.id, "name": a.title, "children": _toc_tokens(a.children)} for a in items]


_renders: Memo[str, _Render] = Memo(limit=10_000)
_files_key: tuple[object, str] | None = None  # the last `files` a key was made for, and its fingerprint


class _NoKey(Exception):
    """A setting that has no plain-data form (the render is not kept)."""


def _plain(value: Any) -> Any:
    """`value` as plain data for a fingerprint: settings, extensions by class and their configuration."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, Mapping):  # also MkDocs' Config objects
        return [[str(key), _plain(item)] for key, item in sorted(value.items(), key=lambda pair: str(pair[0]))]
    if isinstance(value, markdown.Extension):
        return ["extension", type(value).__module__, type(value).__qualname__, _plain(value.getConfigs())]
    if inspect.isfunction(value) and value.__closure__ is None and "<locals>" not in value.__qualname__:
        return ["function", value.__module__, value.__qualname__]
    raise _NoKey


def _render_key(page: Page, config: MkDocsConfig, files: Files) -> str | None:
    """Everything Page.render reads, as one fingerprint; None where a setting has no plain form."""
    global _files_key
    if _files_key is None or _files_key[0] is not files:
        listing = "\n".join(f"{f.src_uri}\t{f.dest_uri}\t{f.url}\t{f.inclusion.name}" for f in files)
        _files_key = (files, hashlib.sha256(listing.encode("utf-8")).hexdigest())
    try:
        settings = [_plain(config[name]) for name in ("markdown_extensions", "mdx_configs", "validation")]
    except _NoKey:
        return None
    file = page.file
    parts = [
        page.markdown,
        [file.src_uri, file.dest_uri, file.url, file.inclusion.name],
        settings,
        config["use_directory_urls"],
        _files_key[1],
        mkdocs.structure.pages.log.getEffectiveLevel() > logging.DEBUG,  # whether links_to_anchors is set
    ]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()


class _AnyRecord(logging.Handler):
    """Whether this thread logged anything (a render that warned is not kept, so that it warns again)."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.thread = threading.get_ident()
        self.seen = False

    def emit(self, record: logging.LogRecord) -> None:
        self.seen = self.seen or record.thread == self.thread


def _kept_render(page: Page, config: MkDocsConfig, files: Files) -> None:
    """Page.render, from what an earlier render of the same inputs set when there was one."""
    key = _render_key(page, config, files)
    kept = _renders.find(key) if key is not None else None
    if kept is not None:
        links = kept.links or {}
        linked = {
            file: dict(anchors) for source, anchors in links.items() if (file := files.get_file_from_path(source))
        }
        if len(linked) == len(links):  # every linked file is still there (its path is part of the key)
            page.content, page.toc, page._title_from_render = kept.content, get_toc(kept.toc), kept.title
            page.present_anchor_ids = set(kept.anchors)
            if kept.links is not None:
                page.links_to_anchors = linked
            return
    logged = _AnyRecord()
    loggers = [logging.getLogger(), logging.getLogger("mkdocs")]  # MkDocs' CLI stops its records at "mkdocs"
    for logger in loggers:
        logger.addHandler(logged)
    try:
        _render_original(page, config, files)
    finally:
        for logger in loggers:
            logger.removeHandler(logged)
    if key is None or logged.seen or page.content is None:
        return
    made: dict[File, dict[str, str]] | None = vars(page).get("links_to_anchors")
    render = _Render(
        page.content,
        _toc_tokens(page.toc),
        page._title_from_render,
        sorted(page.present_anchor_ids or ()),
        None if made is None else {file.src_uri: dict(anchors) for file, anchors in made.items()},
    )
    _renders.put(key, render)


def keep_page_renders() -> None:
    """From startup: every Page.render of this process goes through `_kept_render` (8. above)."""
    if hashlib.sha256(inspect.getsource(_render_original).encode("utf-8")).hexdigest() != PAGE_RENDER_SHA256:
        raise PluginError("mkdocs.structure.pages.Page.render changed: re-check keep_page_renders in third_party.py")
    if not _left_out("page_renders"):
        mkdocs.structure.pages.Page.render = _kept_render  # type: ignore[method-assign,assignment]


def new_page_renders(limit: int) -> None:
    """At the start of an outer build: keep at most `limit` renders, and forget which were made in the last one."""
    _renders.limit = max(limit, 1)
    _renders.fresh()


# Under `mkdocs build` the renders are kept between builds too, by locale, in the cache folder (one JSON file per
# locale: what that locale's last build used, so it never grows), with the installed packages' versions and our
# hooks' code (memo.environment): a file made by other code is ignored.
@dataclass
class _Pack:
    path: Path  # the locale's file
    owner: int  # the process that loaded it (a forked worker inherits its parent's pack and must not save it)
    loaded: set[str]  # the keys read from the file
    saved: bool = False


_pack: _Pack | None = None


def load_page_renders(folder: Path, group: str) -> None:
    """At the start of a locale's build under `mkdocs build`: save the pack of the locale this process built before
    (if not saved yet), and take the renders `group`'s last build used."""
    global _pack
    save_page_renders()
    _renders.known.clear()
    _renders.made.clear()
    path = folder / f"{group}.json"
    _pack = _Pack(path, os.getpid(), _renders.load(path, environment(), _stored_render))
    _renders.track()  # what this locale's build asks for is what its file keeps
    if _release:  # the file's text and what parsing it took are freed (9. above)
        _give_back_memory()


def _stored_render(value: Any) -> _Render:
    """A render as `save_page_renders` wrote it; TypeError for anything else (the whole file is then ignored)."""
    content, toc, title, anchors, links = value
    shapes = [
        isinstance(content, str),
        isinstance(toc, list) and all(isinstance(token, dict) for token in toc),
        title is None or isinstance(title, str),
        isinstance(anchors, list) and all(isinstance(anchor, str) for anchor in anchors),
        links is None or (isinstance(links, dict) and all(isinstance(found, dict) for found in links.values())),
    ]
    if not all(shapes):
        raise TypeError("a kept render of another shape")
    return _Render(content, toc, title, anchors, links)


def save_page_renders() -> None:
    """At the end of a locale's build: exactly the renders it used, for the next build (written whole, then renamed:
    a build that stops halfway leaves the last complete file)."""
    pack = _pack
    if pack is None or pack.saved or pack.owner != os.getpid():
        return
    pack.saved = True
    _renders.save(pack.path, environment(), _renders.take_asked(), pack.loaded, _plain_render)


_release = False  # whether a built locale's pages are released (9. above): under `mkdocs build`
_release_also: Callable[[str], None] | None = None  # what the glue gives up with a locale's pages
# mkdocs.commands.build's build, _populate_page and _build_page, and Page.title, of MkDocs 1.6.1, one after the other.
BUILD_SHA256 = "c143238f963f65540e66c3daea9a83e15d163a5126a625ffe1fbf3c611f8b212"


def _release_sources() -> str:
    parts = [mkdocs.commands.build.build, mkdocs.commands.build._populate_page, mkdocs.commands.build._build_page]
    return "".join(inspect.getsource(part) for part in [*parts, Page.__dict__["title"].func])


def release_built_pages(enabled: bool, also: Callable[[str], None] | None = None) -> None:
    """At startup: whether each locale's pages are released once it is built (9. above), and with them what `also`
    gives up (called with the locale)."""
    global _release, _release_also
    release = enabled and not _left_out("release_pages")
    source = _release_sources() if release else ""
    if release and hashlib.sha256(source.encode("utf-8")).hexdigest() != BUILD_SHA256:
        raise PluginError(
            "MkDocs' Page.title, _populate_page, _build_page or build changed: re-check release_locale_pages and"
            " release_markdown in hooks/third_party.py (a page's Markdown is released after its on_page_content, a"
            " built locale's pages after its on_post_build)"
        )
    _release, _release_also = release, also


def release_markdown(page: Page) -> None:
    """Once a page's Markdown is converted (its on_page_content), under `mkdocs build`: the Markdown is given up (9.
    above). An empty string, not None: Page.title answers None for a page without Markdown (the nav's titles)."""
    if _release:
        page.markdown = ""


def release_locale_pages(i18n: Any, locale: str) -> None:
    """Once `locale` is built (its pages written): its pages give up their Markdown, HTML and table of contents, the
    renders kept for it are saved and forgotten, and the memory freed goes back to the system (9. above)."""
    if not _release:
        return
    save_page_renders()
    _renders.known.clear()
    if _release_also is not None:
        _release_also(locale)
    released = False
    for file in getattr(i18n, "i18n_files_per_language", {}).get(locale, ()):
        page = file.page
        if page is not None and page.content is not None:
            page.content, page.markdown, page.toc = None, None, get_toc([])
            released = True
    if released:
        _give_back_memory()


def _give_back_memory() -> None:
    """glibc keeps what a process freed for its next allocations; malloc_trim returns the free pages to the system."""
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except AttributeError:  # not glibc (macOS): freed memory is reused by the process, not returned
        return
    trim(0)


def _plain_render(render: _Render) -> list[Any]:
    return [render.content, render.toc, render.title, render.anchors, render.links]
