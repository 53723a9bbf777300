"""Browser fixtures: the built site served on loopback by Debian's nginx as in production (and by a bare static
host that only knows /404.html), and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

import loopback_nginx
import pytest

from faultsite.routes import RouteTable

if TYPE_CHECKING:  # imported where used: without playwright the browser tests skip
    from playwright.sync_api import Browser, Frame, Page

HERE = Path(__file__).parent
NGINX, BROTLI_MODULE = loopback_nginx.NGINX, loopback_nginx.BROTLI_MODULE
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
IN_CI = os.environ.get("CI") == "true"


def need(condition: bool, reason: str) -> None:
    """Skip on a developer's machine that lacks a browser prerequisite; fail under CI=true."""
    if not condition:
        if IN_CI:
            pytest.fail(f"{reason} (required under CI=true)")
        pytest.skip(reason)


class _StaticHost(http.server.SimpleHTTPRequestHandler):
    """A bare static host (GitHub Pages and the like): files as they are, /404.html for every missing path."""

    def log_message(self, *args: object) -> None:
        pass

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        """Such hosts list no folder: a folder without an index.html is a missing page."""
        self.send_error(404)

    def send_head(self) -> Any:
        """Nor do they publish dotfiles (GitHub Pages leaves them out of the site it builds)."""
        if any(part.startswith(".") for part in unquote(urlsplit(self.path).path).split("/")):
            self.send_error(404)
            return None
        return super().send_head()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="session")
def static_host_url(built_site: Path) -> Iterator[str]:
    """The built site on a host that knows no redirects and only /404.html, on 127.0.0.1 (an ephemeral port)."""
    handler = functools.partial(_StaticHost, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def published_routes(built_site: Path) -> RouteTable:
    """The route table as the build published it, in the default locale's page-not-found page (faultsite.routes)."""
    html = (built_site / "404.html").read_text(encoding="utf-8")
    found = re.search(r'<script type="application/json" id="fault-site-routes">(.*?)</script>', html, re.S)
    assert found, "the page-not-found page carries no route table"
    return RouteTable.from_json(json.loads(found[1]))


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served by deploy/serve (Debian's nginx with deploy/nginx/) on 127.0.0.1 (an ephemeral port),
    as in production; stopped at the end of the session, and with this process however it ends (loopback_nginx)."""
    need(NGINX is not None, "Debian's nginx is not installed")
    need(BROTLI_MODULE.is_file(), "libnginx-mod-http-brotli-static is not installed")
    with loopback_nginx.serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    need(chromium is not None, "Debian's chromium is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - it is in requirements.txt
        need(False, "playwright is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


class _Tab:
    """One browser tab per test process, reused from test to test (a new tab costs the browser about 0.65 s of CPU:
    a renderer process and a cold start of every script, which most of the suite's page loads were)."""

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        self.page: Page | None = None
        self.origins: set[str] = set()  # every origin its pages came from since the last reset

    def get(self) -> Page:
        if self.page is None or self.page.is_closed():
            self.page = self.browser.new_context(locale="en-US").new_page()
            self.page.set_default_timeout(15_000)
            self.page.on("framenavigated", self._note_origin)
        return self.page

    def _note_origin(self, frame: Frame) -> None:
        parts = urlsplit(frame.url)
        if parts.scheme in ("http", "https"):
            self.origins.add(f"{parts.scheme}://{parts.netloc}")

    def reset(self) -> None:
        """Leave the site and forget everything it stored (cookies, local and session storage, caches, service
        workers), so the next test starts as a reader who never came; the HTTP cache stays warm, as for a
        returning reader. If the tab cannot be reset, the next test gets a new one."""
        page, self.page = self.page, None
        if page is None:
            return
        from playwright.sync_api import Error as PlaywrightError

        try:
            page.goto("about:blank")
            session = page.context.new_cdp_session(page)
            for origin in self.origins:
                session.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
            session.detach()
            page.context.clear_cookies()
            page.context.clear_permissions()
            left = page.context.storage_state()
            assert left["cookies"] == [] and left["origins"] == [], f"the tab kept {left}"
        except PlaywrightError:
            page.context.close()
            return
        self.origins.clear()
        self.page = page


@pytest.fixture(scope="session")
def _tab(browser: Browser) -> Iterator[_Tab]:
    tab = _Tab(browser)
    yield tab
    if tab.page is not None:
        tab.page.context.close()


@pytest.fixture
def page(_tab: _Tab) -> Iterator[Page]:
    """A tab that starts on about:blank with nothing stored, for tests that navigate, type, click and read. A test
    that adds listeners, routes, emulation or a viewport of its own takes `fresh_page`."""
    yield _tab.get()
    _tab.reset()


@pytest.fixture
def fresh_page(browser: Browser) -> Iterator[Page]:
    """A tab of its own in a new browser context, closed after the test."""
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    need(AXE.is_file(), "axe-core is not installed (npm ci --prefix tests/browser)")
    return AXE.read_text(encoding="utf-8")
