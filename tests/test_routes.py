"""The route table without a server: the examples of the issues (tests/hostile_cases.yaml) through the reference
interpreter, the build-time check that refuses every kind of unsafe rule, and Hypothesis paths that never get a
target outside the pages the table knows. nginx and the page-not-found script in Chromium: tests/browser/."""

from __future__ import annotations

import string
from pathlib import Path
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import DEFAULT_LOCALE, LOCALES, ROOT
from faultsite.model import Catalog
from faultsite.route_check import check_served, check_table, check_top_level, targets
from faultsite.routes import Route, RouteTable, Rule, docs_pages, route, route_table, site_routes

CASES: list[dict[str, Any]] = yaml.safe_load((ROOT / "tests" / "hostile_cases.yaml").read_text("utf-8"))
ROUTE_CASES = [case for case in CASES if "path" in case]
settings.register_profile("routes", max_examples=400)  # on conftest's profile
PROFILE = settings.get_profile("routes")


def as_sent(path: str) -> str:
    """The path as a browser sends it: non-ASCII, spaces and controls percent-encoded (UTF-8), the rest as typed."""
    return quote(path.partition("#")[0].partition("?")[0], safe=string.punctuation)


def expected(case: dict[str, Any]) -> Route:
    """What the case says must happen, as the interpreter answers it."""
    if "lands" in case:
        return Route(case["lands"], _locale_of(case["lands"]))
    names = case.get("names")
    return Route(None, case["not_found"], None if names is None else str(names))


def _locale_of(path: str) -> str:
    first = path.split("/")[1]
    return first if first in LOCALES else DEFAULT_LOCALE


@pytest.fixture(scope="module")
def table(catalog: Catalog) -> RouteTable:
    return check_table(site_routes(catalog, ROOT / "docs", "/"))


@pytest.mark.parametrize("case", ROUTE_CASES, ids=lambda case: case["id"])
def test_every_path_of_the_issues_goes_where_the_issue_says(table: RouteTable, case: dict[str, Any]) -> None:
    assert route(table, as_sent(case["path"])) == expected(case)


def test_the_issues_paths_cover_every_class() -> None:
    kinds = {case["id"].split("-")[1] for case in ROUTE_CASES}
    assert {"double", "backslash", "paste", "one", "alias", "faults", "search", "dot", "unknown"} <= kinds


# --- the build-time check ---------------------------------------------------------------------------------------

SAFE = r"/faults/0*(13|7)"
UNSAFE_RULES = {
    # targets that could leave the site or the site's paths
    "protocol-relative": (Rule(SAFE, "//evil.example/", "en"), "empty segment"),
    "host-after-root": (Rule(SAFE, "/$1//evil.example/", "en"), "empty segment"),
    "scheme": (Rule(SAFE, "https://evil.example/", "en"), "not under the site path"),
    "backslash": (Rule(SAFE, "/\\evil.example/", "en"), "segment"),
    "dot-segment": (Rule(SAFE, "/faults/../../x/", "en"), "segment '..'"),
    "percent": (Rule(SAFE, "/faults/%2e%2e/", "en"), "segment"),
    "at-sign": (Rule(SAFE, "/user@evil.example/", "en"), "segment"),
    "colon": (Rule(SAFE, "/javascript:alert(1)/", "en"), "segment"),
    # captures copied into a target must hold only the listed digits
    "capture-of-anything": (Rule(r"/x/([a-z/]+)", "/$1/", "en"), "not a group of fault IDs"),
    "capture-any-digits": (Rule(r"/x/([1-9][0-9]*)", "/faults/$1/", "en"), "not a group of fault IDs"),
    "missing-group": (Rule(SAFE, "/faults/$2/", "en"), "not a group of fault IDs"),
    "optional-capture": (Rule(r"/x(?:/(13|7))?", "/faults/$1/", "en"), "inside another group"),
    "capture-beside-bar": (Rule(r"/x/(13)|/y", "/faults/$1/", "en"), "top-level |"),
    "quantified-capture": (Rule(r"/x/(1)*", "/faults/$1/", "en"), "quantified"),
    "fault-group-not-digits": (Rule(r"/faults/([a-z]+)", None, "en", fault=1), "not a group of digits"),
    # regex syntax on which PCRE, JavaScript and Python differ or that could hide a capture
    "dot": (Rule(r"/faults/.*", None, "en"), "outside the regex subset"),
    "digit-escape": (Rule(r"/faults/\d+", None, "en"), "outside the regex subset"),
    "anchor": (Rule(r"^/faults/$", None, "en"), "outside the regex subset"),
    "lookahead": (Rule(r"/faults/(?!1)", None, "en"), "outside the regex subset"),
    "named-group": (Rule(r"/faults/(?P<id>13)", "/faults/13/", "en"), "outside the regex subset"),
    "inline-flag": (Rule(r"(?i)/faults/", None, "en"), "follows no atom"),
    "lazy": (Rule(r"/faults/[0-9]*?", None, "en"), "follows no atom"),
    "negated-class-alone": (Rule(r"/faults/[^0-9]", None, "en"), "not followed by"),
    "negated-class-counted": (Rule(r"/faults/[^a-z]{2}", None, "en"), "not followed by"),
    "empty-class": (Rule(r"/faults/[]", None, "en"), "outside the regex subset"),
    "non-ascii": (Rule("/faults/\u3002", None, "en"), "outside the regex subset"),
    "quote-for-nginx": (Rule('/faults/"', None, "en"), "outside the regex subset"),
    "unbalanced": (Rule(r"/faults/(?:13", None, "en"), "unbalanced"),
    "longer-than-nginx-reads": (Rule("/faults/" + "a" * 3900, None, "en"), "nginx reads at most"),
}


@pytest.mark.parametrize("name", UNSAFE_RULES)
def test_the_build_refuses_a_rule_outside_the_safe_shape(table: RouteTable, name: str) -> None:
    rule, fragment = UNSAFE_RULES[name]
    unsafe = RouteTable(table.site_path, table.default_locale, table.fault_ids, table.locales, (rule, *table.rules))
    with pytest.raises(ValueError, match="not safe") as error:
        check_table(unsafe)
    assert fragment in str(error.value) and "rule 1 " in str(error.value), str(error.value)


@pytest.mark.parametrize("site_path", ["//evil.example/", "/a//b/", "/docs", "docs/", "/../", "/a b/"])
def test_the_build_refuses_an_unsafe_site_path(catalog: Catalog, site_path: str) -> None:
    with pytest.raises(ValueError, match="not safe"):
        check_table(site_routes(catalog, ROOT / "docs", site_path))


def test_a_site_under_a_path_gets_every_rule_under_it(catalog: Catalog) -> None:
    table = check_table(site_routes(catalog, ROOT / "docs", "/docs/v1.2/"))
    assert route(table, "/docs/v1.2/JA/faults/013)") == Route("/docs/v1.2/ja/faults/13/", "ja")
    assert route(table, "/faults/13/") == Route(None, DEFAULT_LOCALE)
    assert all(target.startswith("/docs/v1.2/") for rule in table.rules for target in targets(rule))


# --- the table against the built site -------------------------------------------------------------------------------


def test_the_published_pages_are_exactly_the_tables_targets(built_site: Path, table: RouteTable) -> None:
    check_served(built_site, table)
    check_top_level(built_site, table)


def _site_of(table: RouteTable, root: Path) -> None:
    for target in {t for rule in table.rules for t in targets(rule)}:
        (root / target.lstrip("/") / "index.html").parent.mkdir(parents=True, exist_ok=True)
        (root / target.lstrip("/") / "index.html").write_text("x")


def test_a_site_that_differs_from_its_table_is_refused(tmp_path: Path, table: RouteTable) -> None:
    _site_of(table, tmp_path)
    check_served(tmp_path, table)
    (tmp_path / "ja" / "status" / "index.html").unlink()
    (tmp_path / "about").mkdir()
    (tmp_path / "about" / "index.html").write_text("x")
    with pytest.raises(ValueError) as error:
        check_served(tmp_path, table)
    assert str(error.value).splitlines()[1:] == [
        "/ja/status/: a redirect target the site does not serve",
        "/about/: a page the route table does not know (its near misses would not land)",
    ]


@pytest.mark.parametrize("name", ["ko-fi", "EN_gb", "ja"])
def test_a_top_level_page_named_like_a_locale_is_refused(tmp_path: Path, table: RouteTable, name: str) -> None:
    _site_of(table, tmp_path)
    folder = tmp_path / ("nl/" + name if name == "ja" else name)  # ja/ is a locale only at the top
    folder.mkdir()
    (folder / "index.html").write_text("x")
    with pytest.raises(ValueError, match="would be redirected"):
        check_top_level(tmp_path, table)


def test_the_pages_of_docs_are_read_per_locale_with_directory_urls() -> None:
    sources = [
        "index.md",
        "index.ja.md",
        "status.md",
        "status.zh-TW.md",
        "guide/index.md",
        "guide/setup.nl.md",
        "x.de.md",
    ]
    assert docs_pages(sources, ("en", "nl", "ja", "zh-TW"), "en") == {
        "en": ("", "guide/", "status/", "x.de/"),
        "nl": ("guide/setup/",),
        "ja": ("",),
        "zh-TW": ("status/",),
    }


def test_a_site_without_faults_has_no_fault_rule() -> None:
    table = check_table(
        route_table(locales=("en",), default_locale="en", fault_ids=(), site_path="/", pages={"en": ("",)})
    )
    assert route(table, "/faults/13/") == Route(None, "en", "13")


# --- any path ------------------------------------------------------------------------------------------------------

PIECES = st.sampled_from(
    [
        *("/", "//", "\\", "\t", "%2f", "%2F", "%5c", "%2e", ".", "..", "%2e%2e", "%00", "\x00", "\x1f", "\x7f", " "),
        *("\u2215", "\uff0f", "\ufe68", "\u29f8", "\uff3c", "\u3002", "\uff09", "\u300d", "\u017f", "\u212a", "\u0130"),
        *("?", "#", "@", ":", "evil.example", "https:", "faults", "fault", "FAULTS", "13", "013", "130", "0", "99"),
        *("index.html", ".html", "search", "status", ")", "%E3%80%82", "%", "%zz", "$1", "en", "JA", "zh_tw", "ko-KR"),
    ]
)
PATHS = st.lists(st.one_of(PIECES, st.text(max_size=4)), max_size=16).map(lambda parts: "/" + "".join(parts))


@settings(PROFILE)
@given(path=st.one_of(PATHS, st.text(max_size=40)))
def test_no_path_gets_a_target_outside_the_pages_the_table_knows(table: RouteTable, path: str) -> None:
    """Whatever the path, a target is one of the finite set of pages, and stays on the origin for a second URL
    parser (Python's; Chromium's resolves every target of nginx and the static host in tests/browser/)."""
    found = route(table, path)
    assert found.locale in LOCALES
    if found.target is not None:
        assert found.target in {t for rule in table.rules for t in targets(rule)}
        assert urlsplit(urljoin("https://site.example/a/b", found.target)).netloc == "site.example"
        assert route(table, found.target).target is None  # one hop
