"""Search and the fault-ID field in a real browser, one page per locale, one query after another.

Two evaluation sets: tests/search_eval.yaml, written from the data before the first tuning, and
tests/search_eval_unseen.yaml, written blind (without the engine's code or the first set) before the current
engine was built. The test reports hit@1 per locale and per kind over both, and fails below 95 % in any locale."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import Page, expect

from conftest import DEFAULT_LOCALE, LOCALES
from faultsite.urls import locale_prefix

EVAL_FILES = [Path(__file__).resolve().parent.parent / name for name in ("search_eval.yaml", "search_eval_unseen.yaml")]
THRESHOLD = 0.95
RESULT = ".md-search-result__item > a"
META = ".md-search-result__meta"


def evaluation_set() -> dict[str, list[dict[str, Any]]]:
    """Both sets, per locale."""
    cases: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for path in EVAL_FILES:
        for locale, entries in yaml.safe_load(path.read_text(encoding="utf-8")).items():
            cases[locale] += entries
    return dict(cases)


def home(site_url: str, locale: str) -> str:
    return site_url + locale_prefix(locale, DEFAULT_LOCALE)


def open_search(page: Page, site_url: str, locale: str) -> None:
    """Open a locale's home page and wait until Material's search worker has its index."""
    page.goto(home(site_url, locale))
    page.wait_for_function("() => document.querySelector('.md-search-result__meta') !== null")


def search(page: Page, query: str) -> list[str]:
    """Type `query` into Material's search box (the same page for every query) and return the paths of the page
    results, best first. The box is emptied first and the placeholder awaited, so no earlier result is read."""
    placeholder = page.evaluate(
        "() => JSON.parse(document.getElementById('__config').textContent).translations['search.result.placeholder']"
    )
    field = page.locator("input.md-search__input")
    field.fill("")
    field.press("End")  # Material reads the query on keyup
    expect(page.locator(META)).to_have_text(placeholder)
    expect(page.locator(RESULT)).to_have_count(0)
    field.fill(query)
    field.press("End")
    expect(page.locator(META)).not_to_have_text(placeholder, timeout=20_000)
    hrefs: list[str] = page.eval_on_selector_all(RESULT, "els => els.map(e => e.href)")
    return [urlsplit(href).path for href in hrefs]


# The same steps as `search`, one query after another inside the page: the box emptied and the placeholder awaited,
# the query typed and a new result line awaited, the result links read. Material reads the box on keyup; the wait
# is on the page's own changes (a MutationObserver), with a deadline that names the query.
SEARCH_ALL_SCRIPT = """async ([queries, resultSelector, metaSelector]) => {
  const config = JSON.parse(document.getElementById('__config').textContent);
  const placeholder = config.translations['search.result.placeholder'];
  const field = document.querySelector('input.md-search__input');
  const meta = () => document.querySelector(metaSelector);
  const until = (test, what) => new Promise((resolve, reject) => {
    if (test()) return resolve();
    const observer = new MutationObserver(() => { if (test()) { done(); resolve(); } });
    const timer = setTimeout(() => { done(); reject(new Error('search box: no ' + what)); }, 20000);
    const done = () => { observer.disconnect(); clearTimeout(timer); };
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  });
  const type = (text) => {
    field.value = text;
    field.dispatchEvent(new KeyboardEvent('keyup', { key: 'End', bubbles: true }));
  };
  const found = [];
  for (const query of queries) {
    type('');
    await until(() => meta() && meta().textContent === placeholder
                      && !document.querySelector(resultSelector), 'placeholder after emptying it');
    type(query);
    await until(() => meta() && meta().textContent !== placeholder, 'result line for ' + JSON.stringify(query));
    found.push([...document.querySelectorAll(resultSelector)].map((a) => new URL(a.href).pathname));
  }
  return found;
}"""


def search_all(page: Page, queries: list[str]) -> list[list[str]]:
    """The result paths of each query, best first, as `search` finds them, without a round trip per step."""
    found: list[list[str]] = page.evaluate(SEARCH_ALL_SCRIPT, [queries, RESULT, META])
    return found


def fault_ids(paths: list[str], locale: str) -> list[int]:
    """The fault IDs of result paths in `locale`, in order; other pages (home, status) as 0."""
    pattern = re.compile("^/" + re.escape(locale_prefix(locale, DEFAULT_LOCALE)) + r"faults/(\d+)/$")
    return [int(m.group(1)) if (m := pattern.match(path)) else 0 for path in paths]


def hit(found: list[int], expected: list[int]) -> bool:
    """One expected fault: it is first. Several: one of them is first and every one is listed."""
    return bool(found) and found[0] in expected and set(expected) <= set(found)


@pytest.mark.parametrize("locale", LOCALES)
def test_evaluation_set_finds_the_expected_fault_first(page: Page, site_url: str, locale: str) -> None:
    open_search(page, site_url, locale)
    per_kind: dict[str, list[bool]] = defaultdict(list)
    misses = []
    cases = evaluation_set()[locale]
    for case, paths in zip(cases, search_all(page, [case["q"] for case in cases]), strict=True):
        found = fault_ids(paths, locale)
        ok = hit(found, case["expect"])
        per_kind[case["kind"]].append(ok)
        if not ok:
            misses.append(f"  {case['kind']}: {case['q']!r} -> {found[:8]} (expected {case['expect']})")
    total = [ok for oks in per_kind.values() for ok in oks]
    rate = sum(total) / len(total)
    report = [f"{locale}: hit@1 {rate:.0%} ({sum(total)}/{len(total)})"]
    report += [f"  {kind}: {sum(oks)}/{len(oks)}" for kind, oks in sorted(per_kind.items())]
    print("\n".join(report + misses))
    assert rate >= THRESHOLD, "\n".join(report + misses)


def test_eval_set_has_forty_cases_of_every_kind_per_locale() -> None:
    data = evaluation_set()
    assert sorted(data) == sorted(LOCALES)
    for locale, cases in data.items():
        assert len(cases) >= 40, locale
        kinds = {case["kind"] for case in cases}
        assert {"id", "notification", "resolution", "typo", "multi"} <= kinds, locale
        if locale != DEFAULT_LOCALE:
            assert "english" in kinds, locale
