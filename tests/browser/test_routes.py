"""Every path a reader can send, against the route table the build published (faultsite.routes): real nginx
(deploy/serve) over raw HTTP, and the page-not-found script in Chromium on a static host that serves only /404.html.

Checked against references of their own: every Location header and every location.replace target is resolved by
Chromium's URL parser and must stay on the site's origin; each redirect target must be served (200) by nginx, in one
hop; nginx, the script and the Python interpreter (routes.route) must agree with the table on the path each of them
saw. Hypothesis makes up the paths (double and encoded slashes, backslashes, dot segments, look-alike slashes,
control characters, NUL, very long paths, every way of writing every locale, queries and fragments): derandomized
under CI=true, random locally (the seed is printed on failure). The issues' own paths are checked as written too
(tests/hostile_cases.yaml). Longer than our modules should be: nginx, the script in Chromium and the static host
are checked against one table with shared strategies and checks, read best side by side.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
import yaml
from helpers import is_site_page, lang_and_title, not_found_script, writings
from hypothesis import assume, currently_in_test_context, event, given, settings
from hypothesis import strategies as st
from loopback_nginx import raw_request
from playwright.sync_api import Browser, JSHandle, Page, expect
from playwright.sync_api import Error as PlaywrightError

from conftest import DEFAULT_LOCALE, LOCALES, ROOT
from faultsite.model import Catalog
from faultsite.routes import Route, RouteTable, route
from faultsite.urls import locale_prefix

CASES = [case for case in yaml.safe_load((ROOT / "tests" / "hostile_cases.yaml").read_text("utf-8")) if "path" in case]
# Records, in every page the tab opens, the path the page saw and every navigation it starts, resolved by Chromium
# (the Navigation API's destination.url), and cancels it: one page load per path, and nothing leaves the site.
_WATCH_NAVIGATION = """
window.__routes = { path: location.pathname, navigations: [] };
navigation.addEventListener("navigate", (event) => {
  window.__routes.navigations.push(event.destination.url);
  event.preventDefault();
});
"""


def count(what: str) -> None:
    """Count what happened, in Hypothesis' statistics (pytest --hypothesis-show-statistics)."""
    if currently_in_test_context():
        event(what)


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@pytest.fixture(scope="module")
def tab(browser: Browser) -> Iterator[Page]:
    """A tab of its own, where Chromium resolves URLs and which watches what the page-not-found script does."""
    context = browser.new_context(locale="en-US")
    context.add_init_script(_WATCH_NAVIGATION)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def resolve(tab: Page, target: str, base: str) -> str:
    """`target` resolved against `base` by Chromium's URL parser."""
    resolved: str = tab.evaluate("([target, base]) => new URL(target, base).href", [target, base])
    return resolved


# --- what Hypothesis makes up -------------------------------------------------------------------------------------

PIECES = [
    *("/", "//", "///", "\\", "\\\\", "\t", "\x00", "\x01", "\x1f", "\x7f", " ", "\u00a0", "%09", "%00", "%20"),
    *("%2f", "%2F", "%5c", "%5C", "%2e", "%2E", "%2e%2e", ".", "..", "./", "../", "/..", "%252f", "%", "%zz"),
    *("\u2215", "\uff0f", "\ufe68", "\u29f8", "\u2044", "\uff3c", "\u3002", "\uff09", "\u300d", "\u3001", "\u200b"),
    *("?", "#", "@", ":", ";", "evil.example", "//evil.example", "http:", "https://evil.example", "javascript:"),
    *("faults", "fault", "FAULTS", "Faults/", "faults/", "13", "013", "0013", "130", "1", "0", "99", "8", "4294967296"),
    *("index.html", ".html", "search", "status", "api", "assets", ".nginx", ".git", "404.html", "sitemap.xml"),
    *(")", "]", ">", "<", '"', "'", ",", "%E3%80%82", "%EF%BC%89", "$1", "{", "}", "|", "^", "`", "\u017f", "\u212a"),
]
ALIASES = sorted({alias for locale in LOCALES for alias in writings(locale)} | {"EN_us", "zh", "ZH_hant_TW", "kor"})
SEGMENT = st.one_of(st.sampled_from(PIECES), st.sampled_from(ALIASES), st.text(max_size=3))
PATHS = st.one_of(
    st.lists(SEGMENT, max_size=14).map(lambda parts: "/" + "".join(parts)),
    st.lists(st.sampled_from(ALIASES), min_size=1, max_size=6).map(lambda ls: "/" + "/".join(ls) + "/faults/013)"),
    st.integers(1000, 7000).map(lambda n: "/faults/13" + "x" * n),  # nginx's limit for a request line is 8 KB
    st.integers(1, 300).map(lambda n: "/en" * n + "/faults/13/"),
)
QUERIES = st.sampled_from(
    ["", "?", "?q=x", "?from=portal#resolution", "#x", "?//evil.example", "?a=%2F%2Fevil.example"]
)


def request_target(path: str, query: str, raw: bool) -> tuple[bytes, str]:
    """The request-target sent to nginx (bytes) and, as text, the path nginx matches (up to the first `?`). Space
    and controls are percent-encoded (they would end the request line); other non-ASCII is sent as UTF-8 bytes when
    `raw`, percent-encoded as a browser does otherwise; everything else is sent as made up."""
    safe = string.punctuation + string.ascii_letters + string.digits
    text = "".join(c if c in safe or (raw and ord(c) > 0x7F) else quote(c, safe="") for c in path + query)
    return text.encode("utf-8"), text.partition("?")[0]


# --- nginx --------------------------------------------------------------------------------------------------------


def check_nginx(site_url: str, tab: Page, table: RouteTable, target: bytes, path: str) -> Route:
    """Send `target` to nginx; check its answer against the table, Chromium's reading of a Location, and one hop."""
    status, headers, body = raw_request(site_url, target)
    want = route(table, path)
    count(f"nginx {status}")
    location = headers.get("Location")
    if location is not None:  # http.client reads header bytes as Latin-1; a browser reads a Location as UTF-8
        location = location.encode("latin-1").decode("utf-8", "replace")
    if status == 301:
        assert location is not None and want.target is not None, (status, location, want)
        assert origin(resolve(tab, location, site_url)) == origin(site_url), f"{location!r} leaves the site"
        query = target.decode("utf-8").partition("?")[2].partition("#")[0]  # a fragment is never part of a query
        assert location == want.target + ("?" + query if query else ""), (location, want)
        hop = raw_request(site_url, location.encode("utf-8"))
        assert hop[0] == 200, f"{location}: {hop[0]} (one hop, to a page the site serves)"
        return want
    assert location is None, (status, location)
    if status == 400:  # refused before any rule is read (a dot segment above the root, a bad escape): no browser
        assert is_site_page(body), "400: not the site's page"  # sends such a path
        return want
    assert want.target is None, (status, want)
    assert status in (200, 404), status
    if status == 404:
        assert is_site_page(body) and lang_and_title(body)[0] == want.locale, want
    return want


@settings(max_examples=300)
@given(path=PATHS, query=QUERIES, raw=st.booleans())
def test_nginx_answers_every_path_as_the_table_says_and_stays_on_the_site(
    site_url: str, tab: Page, published_routes: RouteTable, path: str, query: str, raw: bool
) -> None:
    target, nginx_path = request_target(path, query, raw)
    check_nginx(site_url, tab, published_routes, target, nginx_path)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case["id"])
def test_nginx_answers_the_issues_paths_as_written(
    site_url: str, tab: Page, published_routes: RouteTable, case: dict[str, Any]
) -> None:
    path, _, query = case["path"].partition("#")[0].partition("?")
    target, nginx_path = request_target(path, "?" + query if query else "", raw=False)
    found = check_nginx(site_url, tab, published_routes, target, nginx_path)
    assert (found.target, found.locale) == (case.get("lands"), locale_of(case)), found


def locale_of(case: dict[str, Any]) -> str:
    if "not_found" in case:
        return str(case["not_found"])
    first = case["lands"].split("/")[1]
    return first if first in LOCALES else DEFAULT_LOCALE


# --- the page-not-found script in Chromium ------------------------------------------------------------------------
# Any path, many times, through tests/js/not-found-harness.js: the script as the site serves it and the table as its
# page embeds it, run by Chromium's engine on an address read by Chromium's URL parser, with location.replace, fetch
# and the page's elements recorded instead of acted on. Then fewer paths for real, on a static host: opened in a tab
# that watches the navigations the page starts. Then the issues' paths, followed for real.

HARNESS = ROOT / "tests" / "js" / "not-found-harness.js"
_RUN = """([run, source, attributes, table, address]) => {
  let url;
  try { url = new URL(address); } catch { return null; }  // not an address Chromium opens
  const did = run(source, attributes, table, url.href);
  const resolved = did.replace === null ? null : new URL(did.replace, url.href).href;
  return { href: url.href, path: url.pathname, search: url.search, hash: url.hash, did, resolved };
}"""


@pytest.fixture(scope="module")
def not_found_scripts(built_site: Path) -> dict[str, tuple[str, dict[str, str], str]]:
    """Per locale: the page-not-found script's source, its tag's attributes and the route table, as served."""
    found = {}
    for locale in LOCALES:
        script, attributes, table = not_found_script(built_site, locale_prefix(locale, DEFAULT_LOCALE) + "404.html")
        found[locale] = (script.read_text(encoding="utf-8"), attributes, table)
    return found


@pytest.fixture(scope="module")
def harness(tab: Page) -> JSHandle:
    tab.goto("about:blank")
    return tab.evaluate_handle("() => " + HARNESS.read_text(encoding="utf-8"))


class Served:
    """Whether nginx serves a path (200), asked once per path."""

    def __init__(self, site_url: str) -> None:
        self.site_url = site_url
        self.known: dict[str, int] = {}

    def __call__(self, path: str) -> bool:
        if path not in self.known:
            self.known[path] = raw_request(self.site_url, path.encode())[0]
        return self.known[path] == 200


@pytest.fixture(scope="module")
def served(site_url: str) -> Served:
    return Served(site_url)


def check_script(
    tab: Page,
    harness: JSHandle,
    script: tuple[str, dict[str, str], str],
    host: str,
    table: RouteTable,
    served: Served,
    address: str,
) -> Route | None:
    """Run the page-not-found script of one locale at `address`; check what it did against the table."""
    source, attributes, table_text = script
    result = tab.evaluate(_RUN, [harness, source, attributes, table_text, address])
    if result is None:
        return None
    did, want = result["did"], route(table, result["path"])
    if want.target is not None:
        assert did["replace"] == want.target + result["search"] + result["hash"], (result, want)
        assert origin(result["resolved"]) == origin(host), f"{did['replace']!r} leaves the site"
        assert served(want.target), f"{want.target} is not served"
        count("script: redirect")
        return want
    assert did["replace"] is None, (result, want)
    if want.locale != attributes["data-locale"]:
        assert (did["fetched"], did["named"]) == (table.locales[want.locale].not_found, None), (result, want)
        count("script: another locale's page")
    else:
        assert (did["fetched"], did["named"]) == (None, want.fault), (result, want)
        count("script: names a fault" if want.fault else "script: this page")
    return want


@settings(max_examples=500)
@given(path=PATHS, query=QUERIES, locale=st.sampled_from(LOCALES))
def test_the_page_not_found_script_does_what_the_table_says_of_any_path_and_stays_on_the_site(
    tab: Page,
    harness: JSHandle,
    not_found_scripts: dict[str, tuple[str, dict[str, str], str]],
    static_host_url: str,
    published_routes: RouteTable,
    served: Served,
    path: str,
    query: str,
    locale: str,
) -> None:
    host = static_host_url.rstrip("/")
    check_script(tab, harness, not_found_scripts[locale], host, published_routes, served, host + path + query)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_page_not_found_script_answers_the_issues_paths_on_every_locales_page(
    tab: Page,
    harness: JSHandle,
    not_found_scripts: dict[str, tuple[str, dict[str, str], str]],
    static_host_url: str,
    published_routes: RouteTable,
    served: Served,
    locale: str,
) -> None:
    host = static_host_url.rstrip("/")
    for case in CASES:
        want = check_script(
            tab, harness, not_found_scripts[locale], host, published_routes, served, host + case["path"]
        )
        assert want is not None and (want.target, want.locale) == (case.get("lands"), locale_of(case)), case


def check_static_host(
    tab: Page, static_host_url: str, served: Served, table: RouteTable, catalog: Catalog, address: str
) -> Route | None:
    """Open `address` on the static host for real: the page-not-found script must do what the table says of the
    path the page saw, and any navigation it starts must stay on the site and land on a page nginx serves."""
    tab.goto("about:blank")
    response = tab.goto(address, wait_until="domcontentloaded")
    assert response is not None
    seen = tab.evaluate("window.__routes")
    count(f"static host {response.status}, {len(seen['navigations'])} navigation(s)")
    if response.status == 200:  # a file the host serves (the page-not-found script did not run)
        assert seen["navigations"] == []
        return None
    assert response.status == 404
    want = route(table, seen["path"])
    parts = urlsplit(tab.url)
    if want.target is not None:
        expected = static_host_url.rstrip("/") + want.target + (f"?{parts.query}" if parts.query else "")
        assert seen["navigations"] == [expected + (f"#{parts.fragment}" if parts.fragment else "")], (seen, want)
        assert origin(seen["navigations"][0]) == origin(static_host_url)
        assert served(want.target)
        return want
    assert seen["navigations"] == [], (seen, want)
    settled(tab, want.locale)
    message = tab.locator("[data-missing-fault]")
    if want.fault is None:
        expect(message).to_be_hidden()
    else:
        ids = ", ".join(map(str, catalog.fault_ids))
        expect(message).to_have_text(catalog.texts[want.locale].ui["goto_unknown"].format(id=want.fault, ids=ids))
    return want


def landed(path: str, query: str) -> Callable[[str], bool]:
    """Whether a URL is that of `path` with `query`."""
    return lambda url: (urlsplit(url).path, urlsplit(url).query) == (path, query)


def settled(page: Page, locale: str) -> None:
    """Wait until the page-not-found page of `locale` is whole (on a static host the script may have replaced the
    page it was served with by that locale's): its scripts, run at DOMContentLoaded, have done what they do."""
    page.wait_for_function(
        "locale => document.readyState === 'complete' && document.documentElement.lang === locale", arg=locale
    )


@settings(max_examples=20)
@given(path=PATHS, query=QUERIES)
def test_the_page_not_found_script_on_a_static_host_does_what_the_table_says(
    tab: Page,
    static_host_url: str,
    served: Served,
    published_routes: RouteTable,
    catalog: Catalog,
    path: str,
    query: str,
) -> None:
    host = static_host_url.rstrip("/")
    try:  # as a browser reads the address: Chromium's parser (a tab, a newline are dropped; \\ is /; ...)
        address = resolve(tab, host + path + query, host)
    except PlaywrightError:  # not a URL Chromium opens
        assume(False)
    assert origin(address) == origin(static_host_url)
    assume(len(address) < 8000)  # the static host's own limit for a request line
    check_static_host(tab, static_host_url, served, published_routes, catalog, address)


@pytest.mark.parametrize("host", ["static host", "nginx"])
def test_the_issues_paths_land_in_chromium(
    page: Page, site_url: str, static_host_url: str, host: str, catalog: Catalog
) -> None:
    """Followed for real (redirects and location.replace), each in one tab: a fault lands on its page, in its
    locale; a missing page shows the page-not-found page of the path's locale, naming the missing fault. Every path
    is checked over HTTP and through the script above; here the first of each kind (a page load costs about a
    second of a loaded machine), and on nginx the paths whose page the script completes: the named faults."""
    base = (site_url if host == "nginx" else static_host_url).rstrip("/")
    kinds = {case["id"].split("-")[1]: case for case in reversed(CASES)}.values()
    wrong = []
    for case in kinds if host == "static host" else [case for case in CASES if "names" in case]:
        page.goto("about:blank")
        response = page.goto(base + case["path"])
        assert response is not None
        if "lands" in case:
            try:
                page.wait_for_url(landed(case["lands"], case["path"].partition("#")[0].partition("?")[2]))
            except PlaywrightError:
                wrong.append(f"{case['id']}: at {page.url}")
                continue
            fault = re.search(r"/faults/(\d+)/$", case["lands"])
            title = page.locator("h1").first.inner_text()
            if page.locator("html").get_attribute("lang") != locale_of(case) or (fault and fault[1] not in title):
                wrong.append(f"{case['id']}: {page.locator('html').get_attribute('lang')} {title!r}")
            continue
        settled(page, locale_of(case))
        message = page.locator("[data-missing-fault]")
        names = message.inner_text() if message.is_visible() else None
        ids = ", ".join(map(str, catalog.fault_ids))
        want = catalog.texts[locale_of(case)].ui["goto_unknown"].format(id=case.get("names"), ids=ids)
        if response.status != 404 or page.url != response.url:
            wrong.append(f"{case['id']}: {response.status} at {page.url}")
        elif names != (want if "names" in case else None):
            wrong.append(f"{case['id']}: names {names!r}")
    assert wrong == [], "\n".join(wrong)
