"""The Content-Security-Policy a build writes: each page's inline code is read once, while the page is checked, and
the policy step reads again only what it did not see or what changed since."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from faultsite import clean_pages, page_check
from faultsite.csp import content_security_policy
from faultsite.nginx import NGINX_DIR
from faultsite.page_check import InlineCode, csp_source, scan_page


def test_the_built_policy_is_what_reading_every_page_again_gives(built_site: Path) -> None:
    """The policy in the nginx include equals the policy of a fresh reading of every HTML file of the site."""
    written = re.search(r'Content-Security-Policy "([^"]+)"', (built_site / NGINX_DIR / "server.conf").read_text())
    assert written is not None
    assert written[1] == content_security_policy(built_site)
    assert "script-src 'self' 'sha256-" in written[1]


def _checked(site: Path, pages: dict[str, str]) -> InlineCode:
    """Write `pages` and scan them as the build does while writing them."""
    read = InlineCode()
    for path, html in pages.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(html, encoding="utf-8")
        problems, inline = scan_page(html, set())
        assert problems == []
        inline.pages[path] = hashlib.sha256(html.encode()).hexdigest()
        read.update(inline)
    return read


def test_a_page_changed_after_it_was_checked_is_read_again(tmp_path: Path) -> None:
    read = _checked(tmp_path, {"a/index.html": "<script>a()</script>", "b.html": '<p style="color:red">b</p>'})
    (tmp_path / "c.html").write_text("<script>c()</script>", encoding="utf-8")  # never checked: a template's copy
    policy = content_security_policy(tmp_path, read=read)
    assert all(csp_source(code) in policy for code in ("a()", "c()", "color:red"))

    (tmp_path / "a" / "index.html").write_text("<script>changed()</script>", encoding="utf-8")
    assert csp_source("changed()") in content_security_policy(tmp_path, read=read)

    (tmp_path / "b.html").write_text('<p onclick="x()">b</p>', encoding="utf-8")
    with pytest.raises(ValueError, match=r"b\.html: <p onclick=\.\.\.>"):
        content_security_policy(tmp_path, read=read)


def test_a_page_is_read_again_unless_its_bytes_and_settings_were_found_clean(monkeypatch: pytest.MonkeyPatch) -> None:
    """Under `mkdocs serve` a rebuild reads only the pages an edit changed; a refused page is never remembered."""
    reads: list[str] = []
    real = page_check.scan_page

    def counted(html: str, hosts: set[str], site_url: str = "") -> tuple[list[str], InlineCode]:
        reads.append(html)
        return real(html, hosts, site_url)

    monkeypatch.setattr(page_check, "scan_page", counted)
    clean = clean_pages.CleanPages()
    page, bad = '<script>a()</script><a href="https://example.org/">x</a>', '<p onclick="a()">x</p>'
    sha = hashlib.sha256(page.encode()).hexdigest()
    first = clean.scan(page, sha, {"example.org"}, "")
    again = clean.scan(page, sha, {"example.org"}, "")
    assert first == again == ([], InlineCode(scripts={csp_source("a()")}))
    assert reads == [page], "the same bytes and settings: read once"
    assert clean.scan(page, sha, set(), "")[0] != [], "another host list: read again (and refused here)"
    assert clean.scan(page, sha, {"example.org"}, "https://site/")[0] == [] and len(reads) == 3, "another site URL"
    again[1].pages["a.html"] = sha  # what the build adds to its answer does not change the remembered one
    assert clean.scan(page, sha, {"example.org"}, "")[1].pages == {}
    bad_sha = hashlib.sha256(bad.encode()).hexdigest()
    for _ in range(2):
        assert clean.scan(bad, bad_sha, set(), "")[0] != []
    assert reads.count(bad) == 2, "a refused page is read every time"
    assert set(clean.take_new()) == {
        (sha, frozenset({"example.org"}), ""),
        (sha, frozenset({"example.org"}), "https://site/"),
    }
    assert clean.take_new() == {}, "what was taken is not new any more"
    clean.scan(page, sha, {"example.org"}, "")  # read last: kept by a trim to one page
    clean.trim(1)
    assert list(clean.known) == [(sha, frozenset({"example.org"}), "")]
