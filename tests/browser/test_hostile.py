"""The hostile edits the build accepts, all at once, built with `mkdocs build --strict` and opened in Chromium.

On every page they reach: no dialog opens (page load, and every element's mouse, focus and toggle events fired),
no element carries an event-handler attribute or a script URL, and no request leaves the site.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from helpers import ACCEPTED, apply, drop_reader_notes

from browser.conftest import _StaticHost
from conftest import DEFAULT_LOCALE, ROOT
from faultsite.urls import locale_prefix

_SKIP = shutil.ignore_patterns(".git", ".venv", "site", "node_modules", "__pycache__", ".pytest_cache")
_FIRE = """() => {
  for (const el of document.querySelectorAll('body *')) {
    for (const type of ['mouseover', 'mouseenter', 'focus', 'click', 'toggle', 'animationstart']) {
      if (type === 'click' && el.closest('a, button, form')) continue;  // stay on the page
      el.dispatchEvent(new Event(type, {bubbles: false, cancelable: true}));
    }
  }
  return [...document.querySelectorAll('*')].flatMap(el => [...el.attributes]
    .filter(a => /^on/i.test(a.name) || /^\\s*(javascript|data|vbscript):/i.test(a.value))
    .map(a => `<${el.tagName.toLowerCase()} ${a.name}="${a.value.slice(0, 60)}">`));
}"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project with every accepted hostile case applied to its data, built strictly."""
    project = tmp_path_factory.mktemp("hostile") / "project"
    shutil.copytree(ROOT, project, ignore=_SKIP, symlinks=True)
    shutil.rmtree(project / "docs" / "faults", ignore_errors=True)
    drop_reader_notes(project / "data")
    for case in ACCEPTED:
        apply(case, project / "data")
    site = project.parent / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return site


@pytest.fixture(scope="module")
def hostile_url(hostile_site: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_StaticHost, directory=str(hostile_site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def pages_reached() -> list[str]:
    """Every page an accepted case changes: fault 13, the home page (overview table) and a page linking to 13."""
    locales = sorted({case["target"].split(".")[0] for case in ACCEPTED})
    prefixes = [locale_prefix(locale, DEFAULT_LOCALE) for locale in locales]
    return [f"{prefix}{path}" for prefix in prefixes for path in ("faults/13/", "", "faults/14/")] + ["no-such-page/"]


@dataclass
class Visit:
    """What one page did while it was open: dialogs, requests leaving the site, handler attributes found, and the
    accepted payloads missing from its text (fault 13's page: they must reach it, shown as text)."""

    dialogs: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    handlers: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def visits(browser: Any, hostile_url: str) -> Iterator[dict[str, Visit]]:
    """Every page the hostile data reaches, opened one after the other in one tab that watches dialogs and requests:
    loaded, left until the network is idle, every element's events fired, idle again."""
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15_000)
    found: dict[str, Visit] = {}
    current = Visit()

    def on_dialog(dialog: Any) -> None:
        current.dialogs.append(dialog.message)
        dialog.dismiss()

    def on_request(request: Any) -> None:
        if not request.url.startswith((hostile_url, "data:", "blob:")):
            current.outside.append(request.url)

    page.on("dialog", on_dialog)
    page.on("request", on_request)
    for path in pages_reached():
        current = found[path] = Visit()
        page.goto(hostile_url + path, wait_until="load")
        page.wait_for_load_state("networkidle")
        locale = path.split("/")[0] if path.count("/") > 2 else DEFAULT_LOCALE
        if path.endswith("faults/13/"):
            html = page.content()
            targets = [(c, c["target"]) for c in ACCEPTED]
            shown_here = [c for c, t in targets if t.startswith(f"{locale}.") and "portal_text" not in t]
            current.missing = [c["id"] for c in shown_here if not all(part in html for part in c["accepted"])]
        current.handlers = page.evaluate(_FIRE)
        page.wait_for_load_state("networkidle")
    page.goto("about:blank")  # a late dialog or request of the last page is still counted
    yield found
    context.close()


@pytest.mark.parametrize("path", pages_reached())
def test_accepted_hostile_data_runs_nothing_and_stays_on_the_site(visits: dict[str, Visit], path: str) -> None:
    assert visits[path] == Visit(), visits[path]
