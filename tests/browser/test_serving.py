"""The site as nginx serves it (deploy/serve: deploy/nginx/ and the includes the build writes), and as a bare static
host serves it: near misses land on their fault, each locale has its page-not-found page, nginx's own error pages
are the site's, precompressed files, cache and security headers (that no page view breaks the
Content-Security-Policy is checked in test_browser.py, with its requests).

The expected redirects of the generated cases come from the route table the build published (routes.route, the
reference interpreter); the issue's own examples are checked as written (and those of issues 19 and 22, with any
path Hypothesis makes up, in test_routes.py). Every case is sent to nginx over HTTP and through the page-not-found
script (what a static host runs) in Node; Chromium follows the issue's examples and each form of near miss on both
hosts.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
import shutil
import subprocess
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urljoin

import loopback_nginx
import pytest
from helpers import is_site_page, lang_and_title, not_found_script, search, writings
from loopback_nginx import raw_request
from playwright.sync_api import Browser, Page, expect

from conftest import DEFAULT_LOCALE, LOCALES, ROOT, node_executable
from faultsite.csp import content_security_policy
from faultsite.model import Catalog
from faultsite.nginx import NGINX_DIR, nginx_includes
from faultsite.precompress import COMPRESSIBLE
from faultsite.routes import RouteTable, route, route_table
from faultsite.urls import fault_path, locale_prefix

from .conftest import need

# The issue's examples, as written.
ISSUE_NEAR_MISSES = {
    "zh-tw/faults/13/": "zh-TW/faults/13/",
    "zh_TW/faults/13/": "zh-TW/faults/13/",
    "ZH-TW/faults/13/": "zh-TW/faults/13/",
    "ja-JP/faults/13/": "ja/faults/13/",
    "ko-KR/faults/13/": "ko/faults/13/",
    "en/faults/13/": "faults/13/",
    "faults/013/": "faults/13/",
    "faults/13": "faults/13/",
    "faults/13/index.html": "faults/13/",
    "faults/13.html": "faults/13/",
}
FAULT_FORMS = (
    "faults/{id}/",
    "faults/0{id}/",
    "faults/00{id}",
    "faults/{id}",
    "faults/{id}/index.html",
    "faults/{id}.html",
    "Faults/{id}/",
    "fault/{id}",
)


def near_miss_target(path: str, routes: RouteTable) -> str | None:
    """Where the published table sends `path` (None: nowhere else)."""
    return route(routes, path).target


@pytest.fixture(scope="session")
def routes(published_routes: RouteTable) -> RouteTable:
    return published_routes


def spellings(locale: str) -> list[str]:
    """The distinct ways of writing a locale."""
    return sorted(set(writings(locale)))


def near_miss_paths(catalog: Catalog, fault_ids: tuple[int, ...]) -> list[str]:
    paths = [form.format(id=fault_id) for fault_id in fault_ids for form in FAULT_FORMS]
    return paths + [f"{alias}/{path}" for locale in catalog.locales for alias in spellings(locale) for path in paths]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def fetch(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and raw body of one request, redirects not followed."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=20) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


# --- nginx, without a browser -------------------------------------------------------------------------------------


def test_the_issues_near_misses_get_a_permanent_redirect_to_the_fault(site_url: str) -> None:
    for path, target in ISSUE_NEAR_MISSES.items():
        status, headers, _ = fetch(site_url + path)
        assert (status, headers.get("Location")) == (301, "/" + target), path
        assert fetch(site_url + target)[0] == 200


def test_every_near_miss_of_a_known_fault_redirects_where_the_rules_say(
    site_url: str, catalog: Catalog, routes: RouteTable
) -> None:
    wrong = []
    for path in near_miss_paths(catalog, (1, 13, catalog.fault_ids[-1])):
        expected = near_miss_target("/" + path, routes)
        status, headers, _ = fetch(site_url + path)
        got = headers.get("Location") if status == 301 else None
        if got != expected or (expected is None and status != 200):
            wrong.append(f"/{path}: {status} {got}, expected {expected}")
        if expected is not None and re.fullmatch(r"/(?:[a-zA-Z-]+/)?faults/\d+/", expected) is None:
            wrong.append(f"/{path} -> {expected} is not a fault page")
    assert wrong == [], "\n".join(wrong)


def other_paths(catalog: Catalog) -> list[str]:
    """Unknown faults, locale aliases before any path, and paths that merely look like a locale."""
    unknown = next(i for i in range(1, 100) if i not in catalog.fault_ids)
    paths = [
        f"{alias}/{rest}"
        for locale in catalog.locales
        for alias in spellings(locale)
        for rest in ("", "status/", f"faults/{unknown}/", f"faults/0{unknown}/", "no-such-page")
    ]
    paths += [
        "",
        "status/",
        f"faults/{unknown}/",
        f"faults/0{unknown}/",
        "faults/",
        "faults/0/",
        "api/faults.json",
        "search/search_index.json",
        "xx/faults/13/",
        "english/",
        "jap/faults/13/",
        "ja/faults/13/?q=1",
    ]
    return paths


def test_other_paths_redirect_only_where_the_rules_say(site_url: str, catalog: Catalog, routes: RouteTable) -> None:
    wrong = []
    for path in other_paths(catalog):
        expected = near_miss_target("/" + path.split("?")[0], routes)
        status, headers, _ = fetch(site_url + path)
        got = headers.get("Location") if status == 301 else None
        if expected is not None and "?" in path:
            expected += "?" + path.split("?")[1]
        if got != expected:
            wrong.append(f"/{path}: {status} {got}, expected {expected}")
    assert wrong == [], "\n".join(wrong)


@pytest.mark.parametrize("locale", LOCALES)
def test_an_unknown_path_gets_the_page_not_found_page_of_its_locale_with_status_404(
    site_url: str, catalog: Catalog, locale: str
) -> None:
    ui = catalog.texts[locale].ui
    prefix = locale_prefix(locale, catalog.default_locale)
    for path in (prefix + "faults/8/", prefix + "faults/99/", prefix + "no/such/page"):
        status, headers, body = fetch(site_url + path)
        assert status == 404, path
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        assert lang_and_title(body) == (locale, f"{ui['not_found_title']} - {ui['site_name']}"), path


def test_the_nginx_includes_are_not_served(site_url: str) -> None:
    for path in (".nginx", ".nginx/", ".nginx/server.conf", ".nginx/http.conf", "ja/.nginx/server.conf"):
        status, headers, body = fetch(site_url + path)
        assert (status, headers.get("Location"), is_site_page(body)) == (404, None, True), path


# What nginx answers itself, each with the request that makes it; before: its bare page (and 301 for a folder).
NGINX_ERRORS = {
    "folder without index.html": (b"GET", b"/assets/", {}, 404),
    "folder without its slash": (b"GET", b"/assets/javascripts", {}, 404),
    "the API folder": (b"GET", b"/api/", {}, 404),
    "POST to a page": (b"POST", b"/ja/faults/13/", {"Content-Length": "0"}, 405),
    "DELETE": (b"DELETE", b"/faults/13/", {}, 405),
    "URI too long": (b"GET", b"/faults/" + b"a" * 9000, {}, 414),
    "range past the end": (b"GET", b"/faults/13/", {"Range": "bytes=99999999-"}, 416),
    "path above the root": (b"GET", b"/../../etc/passwd", {}, 400),
    "bad percent-encoding": (b"GET", b"/faults/%zz/../../x", {}, 400),
}


@pytest.mark.parametrize("name", NGINX_ERRORS)
def test_nginx_answers_its_own_errors_with_the_sites_page(site_url: str, name: str) -> None:
    method, target, headers, status = NGINX_ERRORS[name]
    got, got_headers, body = raw_request(site_url, target, method, **headers)
    assert (got, got_headers.get("Location"), got_headers.get("Content-Type")) == (
        status,
        None,
        "text/html; charset=utf-8",
    )
    assert is_site_page(body), body[:300]
    lang, _ = lang_and_title(body)
    assert lang == ("ja" if b"/ja/" in target else DEFAULT_LOCALE)


def test_the_includes_load_in_nginx_and_route_at_3000_faults(tmp_path: Path) -> None:
    """nginx reads a configuration parameter of at most 4 KB: the IDs of many faults are split over several rules
    (at 1,000 faults one regex of them made nginx refuse to start)."""
    need(loopback_nginx.NGINX is not None, "Debian's nginx is not installed")
    table = route_table(
        locales=LOCALES,
        default_locale=DEFAULT_LOCALE,
        fault_ids=range(1, 3001),
        site_path="/",
        pages=dict.fromkeys(LOCALES, ("",)),
    )
    site = tmp_path / "site"
    (site / NGINX_DIR).mkdir(parents=True)
    for name, text in nginx_includes(table, "default-src 'self'", []).items():
        (site / NGINX_DIR / name).write_text(text, encoding="utf-8")
    with loopback_nginx.serve(site) as url:
        for path, target in {"/ko-KR/faults/02999)": "/ko/faults/2999/", "/faults/1%20": "/faults/1/"}.items():
            status, headers, _ = raw_request(url, path.encode())
            assert (status, headers.get("Location")) == (301, target), path
        assert raw_request(url, b"/faults/3001")[0] == 404


def test_many_ranges_get_the_whole_page_once(site_url: str) -> None:
    """700 small ranges made a 22.6 KB page a 73.8 KB answer; one range per request at most (max_ranges 1)."""
    whole = fetch(site_url + "faults/13/")[2]
    ranges = ",".join(f"{i}-{i}" for i in range(0, 1400, 2))
    status, headers, body = fetch(site_url + "faults/13/", Range=f"bytes={ranges}")
    assert (status, body) == (200, whole) and "multipart" not in headers.get("Content-Type", "")
    status, headers, body = fetch(site_url + "faults/13/", Range="bytes=0-99")
    assert (status, body) == (206, whole[:100])


def test_every_response_carries_the_security_headers(site_url: str) -> None:
    for path in ("", "ja/faults/13/", "assets/javascripts/fault-goto.js", "ko/faults/8/", "faults/013/"):
        _, headers, _ = fetch(site_url + path)
        policy = headers.get("Content-Security-Policy", "")
        directives = {d.split()[0]: d.split()[1:] for d in policy.split("; ") if d}
        assert directives["default-src"] == ["'self'"], path
        assert directives["connect-src"] == ["'self'"], path
        assert directives["object-src"] == ["'none'"], path
        assert "'unsafe-inline'" not in directives["script-src"] and "'unsafe-eval'" not in directives["script-src"]
        assert headers.get("X-Content-Type-Options") == "nosniff", path
        assert headers.get("Referrer-Policy") == "strict-origin-when-cross-origin", path


def test_a_page_the_policy_would_break_stops_the_build(tmp_path: Path) -> None:
    """Inline handlers and javascript: URLs cannot be allowed by a hash: every one is named, with its page."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<p onclick="x()">x</p><a href=" JavaScript:go()">y</a>')
    (tmp_path / "b.html").write_text('<script>ok()</script><script type="application/json">{}</script>')
    with pytest.raises(ValueError) as error:
        content_security_policy(tmp_path)
    assert str(error.value).splitlines()[1:] == [
        "a/index.html: <p onclick=...>",
        "a/index.html: <a href=javascript:...>",
    ]
    (tmp_path / "a" / "index.html").unlink()
    script_src = next(d for d in content_security_policy(tmp_path).split("; ") if d.startswith("script-src"))
    # Only the executable script, hashed as the browser hashes it; the JSON data block is not code.
    assert script_src == f"script-src 'self' 'sha256-{base64.b64encode(hashlib.sha256(b'ok()').digest()).decode()}'"


def max_age(headers: dict[str, str]) -> int:
    found = re.search(r"max-age=(\d+)", headers.get("Cache-Control", ""))
    assert found, headers
    return int(found[1])


def test_fingerprinted_assets_are_cached_for_a_year_and_pages_briefly(site_url: str, built_site: Path) -> None:
    page = fetch(site_url + "ja/faults/13/")
    assert max_age(page[1]) <= 3600 and "immutable" not in page[1]["Cache-Control"]
    stylesheets = re.findall(r'href="([^"]*main\.[0-9a-f]{8}\.min\.css)"', page[2].decode())
    assert stylesheets, "Material's stylesheet is not linked"
    css = fetch(urljoin(site_url + "ja/faults/13/", stylesheets[0]))[1]
    assert max_age(css) >= 365 * 24 * 3600 and "immutable" in css["Cache-Control"]
    own = fetch(site_url + "assets/javascripts/fault-goto.js")[1]  # not fingerprinted: it changes under its name
    assert max_age(own) <= 3600 and "immutable" not in own["Cache-Control"]


def test_an_asset_cached_forever_never_changes_under_its_name(site_url: str, built_site: Path) -> None:
    """Cached forever: byte for byte Material's file, or one of ours (the patched bundle, the search worker) whose
    name carries the hash of its content; a patched file under Material's name would serve the old patch."""
    import material

    theme = Path(material.__file__).parent / "templates"
    cached = []
    for path in sorted((built_site / "assets").rglob("*")):
        if path.is_file() and path.suffix not in (".gz", ".br"):
            site_path = path.relative_to(built_site).as_posix()
            if "immutable" in fetch(site_url + site_path)[1].get("Cache-Control", ""):
                cached.append(site_path)
                ours = f".{hashlib.sha256(path.read_bytes()).hexdigest()[:8]}.min." in path.name
                assert ours or (theme / site_path).read_bytes() == path.read_bytes(), site_path
    page = fetch(site_url + "ja/faults/13/")[2].decode()
    scripts = re.findall(r'src="(?:\.\./)*(assets/javascripts/(?:bundle|workers/fault-search)[^"]*)"', page)
    config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', page, re.S)
    assert config is not None
    worker = json.loads(config[1])
    used = {*scripts, urljoin(site_url + "ja/faults/13/", worker["search"])[len(site_url) :]}
    assert len(used) == 2 and used <= set(cached), (used, cached)


def test_every_compressible_file_is_sent_precompressed_with_gzip_and_brotli(site_url: str, built_site: Path) -> None:
    decoder = shutil.which("brotli")
    need(decoder is not None, "Debian's brotli is not installed")
    files = [
        p
        for p in sorted(built_site.rglob("*"))
        if p.suffix in COMPRESSIBLE and ".nginx" not in p.parts and p.is_file() and p.stat().st_size > 1024
    ]
    assert len(files) > 50
    wrong = []
    for path in files:
        url = site_url + path.relative_to(built_site).as_posix().removesuffix("index.html")
        status, plain_headers, plain = fetch(url)
        _, gz_headers, gz = fetch(url, **{"Accept-Encoding": "gzip"})
        _, br_headers, br = fetch(url, **{"Accept-Encoding": "br"})
        decoded = subprocess.run([str(decoder), "-d", "-c"], input=br, capture_output=True, check=True).stdout
        if (status, gz_headers.get("Content-Encoding"), br_headers.get("Content-Encoding")) != (200, "gzip", "br"):
            wrong.append(f"{url}: {status} {gz_headers.get('Content-Encoding')} {br_headers.get('Content-Encoding')}")
        elif not (gzip.decompress(gz) == decoded == plain) or len(br) >= len(plain):
            wrong.append(f"{url}: a compressed body differs from the file or is not smaller")
        if "Accept-Encoding" not in plain_headers.get("Vary", ""):
            wrong.append(f"{url}: no Vary: Accept-Encoding")
    assert wrong == [], "\n".join(wrong)


# --- the page-not-found script, in Node ----------------------------------------------------------------------------


def not_found_redirects(site: Path, page: str, urls: list[str]) -> list[str | None]:
    """Where not-found.js, as `site` serves it, with its tag's attributes and the route table embedded in the
    page-not-found page `page`, sends a browser that opened that page at each address, or None: run in Node by
    tests/js/not-found.js."""
    script, attributes, table = not_found_script(site, page)
    result = subprocess.run(
        [node_executable(), str(ROOT / "tests" / "js" / "not-found.js"), str(script)],
        input=json.dumps({"attributes": attributes, "table": table, "urls": urls}),
        capture_output=True,
        text=True,
        check=True,
    )
    found: list[str | None] = json.loads(result.stdout)
    return found


@pytest.mark.parametrize("locale", LOCALES)
def test_the_page_not_found_script_sends_every_near_miss_where_the_rules_say(
    built_site: Path, catalog: Catalog, routes: RouteTable, locale: str
) -> None:
    """On a static host, every near miss of every known fault and every other path of the nginx tests, opened with a
    query and a fragment, goes where nginx sends it, both kept; the script on each locale's page-not-found page."""
    paths = near_miss_paths(catalog, catalog.fault_ids) + other_paths(catalog)
    urls, expected = [], []
    for path in paths:
        bare, _, query = path.partition("?")
        urls.append(f"/{bare}?{query or 'from=portal'}#resolution")
        target = near_miss_target("/" + bare, routes)
        expected.append(None if target is None else f"{target}?{query or 'from=portal'}#resolution")
    assert sum(target is not None for target in expected) > len(paths) // 2
    got = not_found_redirects(built_site, locale_prefix(locale, DEFAULT_LOCALE) + "404.html", urls)
    wrong = [
        f"{url}: {found}, expected {want}"
        for url, found, want in zip(urls, got, expected, strict=True)
        if found != want
    ]
    assert wrong == [], "\n".join(wrong)


# --- in Chromium ---------------------------------------------------------------------------------------------------


def browser_near_misses(catalog: Catalog, routes: RouteTable) -> dict[str, str]:
    """The issue's examples; each fault form without a locale; then, in turn, each form under a locale written each
    way, until every form, every locale and every way of writing one has been used (every near miss of every fault:
    over HTTP, and through the page-not-found script in Node)."""
    writings_of = [writings(locale) for locale in catalog.locales]
    rounds = max(len(FAULT_FORMS), len(catalog.locales), len(writings_of[0]))
    paths = [form.format(id=7) for form in FAULT_FORMS]
    paths += [
        f"{writings_of[i % len(catalog.locales)][i % len(writings_of[0])]}/{FAULT_FORMS[i % len(FAULT_FORMS)]}".format(
            id=7
        )
        for i in range(rounds)
    ]
    cases = dict(ISSUE_NEAR_MISSES)
    cases.update({path: target[1:] for path in paths if (target := near_miss_target("/" + path, routes))})
    return cases


@pytest.mark.parametrize("host", ["nginx", "static host"])
def test_near_misses_land_on_the_fault_in_the_browser(
    page: Page, site_url: str, static_host_url: str, host: str, catalog: Catalog, routes: RouteTable
) -> None:
    """nginx redirects; a host without redirect rules serves /404.html, whose script applies the same rules."""
    base = site_url if host == "nginx" else static_host_url
    cases = browser_near_misses(catalog, routes)
    wrong = []
    for path, target in cases.items():
        # A static host serves <page>/index.html itself: the fault page, at that address.
        landed = {target} | ({path} if host == "static host" and path == target + "index.html" else set())
        page.goto(base + path + "?from=portal#resolution")
        page.wait_for_url(re.compile("|".join(re.escape(base + url) for url in landed) + r"\?from=portal#resolution$"))
        fault_id = int(target.split("/")[-2])
        locale = next(loc for loc in LOCALES if fault_path(fault_id, loc, DEFAULT_LOCALE) == target)
        lang, title = page.locator("html").get_attribute("lang"), page.locator("h1").first.inner_text()
        if lang != locale or not re.search(rf"(?<!\d){fault_id}(?!\d)", title):
            wrong.append(f"{path}: lang {lang}, {title!r}")
    assert wrong == [], "\n".join(wrong)


@pytest.mark.parametrize("host", ["nginx", "static host"])
@pytest.mark.parametrize("locale", LOCALES)
def test_an_unknown_fault_gets_the_whole_page_not_found_page_of_its_locale(
    page: Page,
    site_url: str,
    static_host_url: str,
    host: str,
    catalog: Catalog,
    locale: str,
) -> None:
    base = site_url if host == "nginx" else static_host_url
    ui = catalog.texts[locale].ui
    prefix = locale_prefix(locale, catalog.default_locale)
    response = page.goto(base + prefix + "faults/8/")
    assert response is not None and response.status == 404
    # A static host sent the English page: its script shows this locale's instead, at the same address.
    expect(page.locator("html")).to_have_attribute("lang", locale)
    expect(page).to_have_title(f"{ui['not_found_title']} - {ui['site_name']}")
    message = page.locator("[data-missing-fault]")
    expect(message).to_have_text(ui["goto_unknown"].format(id=8, ids=", ".join(map(str, catalog.fault_ids))))
    assert page.url == base + prefix + "faults/8/"
    assert page.locator(".md-header__topic .md-ellipsis").first.inner_text() == ui["site_name"]
    nav = page.eval_on_selector_all(".md-nav--primary a.md-nav__link[href]", "links => links.map(a => a.pathname)")
    assert nav and all(href.startswith("/" + prefix) for href in nav), nav
    switch = page.eval_on_selector_all(".md-select__link", "links => links.map(a => a.pathname)")
    assert switch == ["/" + locale_prefix(loc, DEFAULT_LOCALE) for loc in LOCALES]
    links = message.locator("a").evaluate_all("links => links.map(a => a.pathname)")
    assert links == ["/" + fault_path(i, locale, DEFAULT_LOCALE) for i in catalog.fault_ids]
    # The page works: Material's search (in this locale's index) and the fault-ID field.
    assert search(page, "13")[:1] == ["/" + fault_path(13, locale, DEFAULT_LOCALE)]
    page.reload()  # no search results over the form
    expect(page.locator("html")).to_have_attribute("lang", locale)
    page.fill("form[data-fault-goto] input", "7")
    page.click("form[data-fault-goto] button")
    page.wait_for_url(re.compile(re.escape(base + fault_path(7, locale, DEFAULT_LOCALE)) + "$"))


@pytest.mark.parametrize("host", ["nginx", "static host"])
def test_without_javascript_the_page_not_found_page_offers_every_overview_and_fault(
    browser: Browser,
    site_url: str,
    static_host_url: str,
    host: str,
    catalog: Catalog,
) -> None:
    base = site_url if host == "nginx" else static_host_url
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    for path in ("ko/faults/8/", "faults/99/", "no/such/page"):
        response = page.goto(base + path)
        assert response is not None and response.status == 404
        overviews = page.locator("[data-overview]").evaluate_all("links => links.map(a => a.pathname)")
        assert sorted(overviews) == sorted("/" + locale_prefix(loc, DEFAULT_LOCALE) for loc in LOCALES)
        faults = page.locator(".not-found__faults a").evaluate_all("links => links.map(a => a.textContent)")
        assert faults == [str(i) for i in catalog.fault_ids]
    context.close()


@pytest.mark.parametrize("path", ["#fault-13", "ja/#fault-13"])
def test_the_old_anchors_still_land_on_the_faults_row_of_the_overview(page: Page, site_url: str, path: str) -> None:
    page.goto(site_url + path)
    expect(page.locator("#fault-13")).to_be_in_viewport()
