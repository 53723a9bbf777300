"""Search benchmark in Chromium, on a built site served by nginx as in production (compressed, cached):

    .venv/bin/python tests/bench_search.py [SITE_DIR | --faults N] [--queries tests/search_eval.yaml ...]

Per locale: the bytes transferred (compressed, as sent) for search before the first result appears (the index
manifest, our worker, the shards and text chunks of the first query), for the first query of each kind of the
evaluation sets, each in a fresh browser context (empty cache), the largest reported; and the time from the key
that ends a query to its results in the list (median, 95th percentile, maximum over every query, typed one after
another in one page), measured in the page with performance.now() (keyup listener, MutationObserver on the
result list). Without SITE_DIR it builds the site into a temporary folder. One JSON line on stdout.

This is a benchmark, not a pytest test (hence bench_*, not test_*).
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import loopback_nginx
import yaml

ROOT = Path(__file__).resolve().parent.parent
SEARCH_PATHS = ("/search/", "/workers/")
_WATCH = """() => {
  const box = document.querySelector('input.md-search__input');
  const output = document.querySelector('.md-search-result');
  window.__bench = { key: 0, shown: 0 };
  box.addEventListener('keyup', () => { window.__bench.key = performance.now(); window.__bench.shown = 0; }, true);
  // The first change of the result area after the key: the list, or the line that says no result matches.
  new MutationObserver(() => {
    if (window.__bench.key && !window.__bench.shown) window.__bench.shown = performance.now();
  }).observe(output, { childList: true, subtree: true, characterData: true });
}"""


def read_queries(paths: list[Path]) -> dict[str, list[tuple[str, str]]]:
    """locale -> (kind, query) of every evaluation case."""
    queries: dict[str, list[tuple[str, str]]] = {}
    for path in paths:
        for locale, cases in yaml.safe_load(path.read_text(encoding="utf-8")).items():
            queries.setdefault(locale, []).extend((case["kind"], case["q"]) for case in cases)
    return queries


def _open(browser: Any, url: str) -> tuple[Any, Any, list[Any]]:
    """A fresh context (empty cache) on `url`, its search box focused, and the list of its finished requests."""
    context = browser.new_context()
    page = context.new_page()
    requests: list[Any] = []

    def finished(request: Any) -> None:  # Playwright wants a Python function, not a bound builtin
        requests.append(request)

    page.on("requestfinished", finished)
    page.goto(url)
    page.wait_for_function("() => document.querySelector('.md-search-result__meta') !== null")
    page.evaluate(_WATCH)
    page.locator("input.md-search__input").focus()  # Material queries on focus and on keyup
    return context, page, requests


def _query(page: Any, text: str) -> float:
    """Milliseconds from the key that ends `text` to its results in the list."""
    box = page.locator("input.md-search__input")
    box.fill(text)  # no keyup: no query (the box has the focus already)
    box.press("End")  # the last key: one keyup, one query
    page.wait_for_function("() => window.__bench.shown > 0", timeout=20_000)
    elapsed: float = page.evaluate("() => window.__bench.shown - window.__bench.key")
    return elapsed


def _sent(requests: list[Any], search_only: bool) -> int:
    return sum(
        r.sizes()["responseBodySize"] for r in requests if not search_only or any(p in r.url for p in SEARCH_PATHS)
    )


def measure(
    site: Path, queries: dict[str, list[tuple[str, str]]], default: str, bytes_only: bool = False
) -> dict[str, dict[str, Any]]:
    """Per locale: bytes before the first result (the first query of each kind, each in a fresh context; the
    largest is reported), and key-to-result milliseconds over all queries typed one after another in one page."""
    from playwright.sync_api import expect, sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    figures: dict[str, dict[str, Any]] = {}
    with loopback_nginx.serve(site) as url, sync_playwright() as playwright:  # nginx stops however this ends
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox"])
        for locale, cases in queries.items():
            home = url + ("" if locale == default else f"{locale}/")
            first: dict[str, int] = {}
            page_and_search = 0
            for kind, text in cases:
                if kind in first:
                    continue
                context, page, requests = _open(browser, home)
                _query(page, text)
                first[kind] = _sent(requests, search_only=True)
                page_and_search = max(page_and_search, _sent(requests, search_only=False))
                context.close()
            figures[locale] = {
                "search_first_result_bytes": max(first.values()),
                "first_result_bytes_by_kind": first,
                # everything since the page was requested: page, styles, Material's bundle, fonts, search
                "page_and_search_bytes": page_and_search,
            }
            if bytes_only:
                continue
            context, page, _requests = _open(browser, home)
            times = []
            for _kind, text in cases:
                times.append(_query(page, text))
                box = page.locator("input.md-search__input")
                box.fill("")
                box.press("End")
                expect(page.locator(".md-search-result__list > *")).to_have_count(0)
            context.close()
            times.sort()
            figures[locale] |= {
                "latency_ms_median": round(statistics.median(times), 1),
                "latency_ms_p95": round(times[math.ceil(0.95 * len(times)) - 1], 1),
                "latency_ms_max": round(times[-1], 1),
                "queries": len(times),
            }
        browser.close()
    return figures


def synthetic_project(target: Path, faults: int) -> Path:
    """A copy of the project with tests/bench_scale.py's synthetic data for `faults` faults."""
    import bench_scale

    locales, default = bench_scale.i18n_languages(bench_scale.read_config(ROOT / "mkdocs.yml"))
    bench_scale.copy_project(target, bench_scale.COPIED)
    facts, texts = bench_scale.synthetic_data(faults, locales, default)
    bench_scale.write_data(target / "data", facts, texts, faults, default)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", type=Path, help="a built site (default: build one)")
    parser.add_argument(
        "--queries",
        type=Path,
        nargs="+",
        default=[ROOT / "tests" / f"search_eval{name}.yaml" for name in ("", "_unseen", "_blind")],
    )
    parser.add_argument("--faults", type=int, help="build the synthetic site of N faults (tests/bench_scale.py)")
    parser.add_argument("--bytes-only", action="store_true", help="measure the bytes only, not the time per query")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))  # a SIGTERM cleans up as Ctrl-C does
    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import DEFAULT_LOCALE

    temp = None
    site = args.site
    if site is None:
        temp = Path(tempfile.mkdtemp(prefix="bench_search_"))
        site = temp / "site"
        project = synthetic_project(temp / "project", args.faults) if args.faults else ROOT
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
            cwd=project,
            check=True,
            capture_output=True,
        )
    try:
        figures = measure(site.resolve(), read_queries(args.queries), DEFAULT_LOCALE, args.bytes_only)
        print(json.dumps(figures), flush=True)
    finally:
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)


if __name__ == "__main__":
    main()
