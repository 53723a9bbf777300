"""`mkdocs serve` runs the checks of `mkdocs build`: after a failed rebuild it keeps serving the last good site with the
problems shown (and printed), never hangs, recovers when they are fixed, and never serves stale output."""

from __future__ import annotations

import html
import os
import re
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import IO

import pytest
from helpers import edit_file, project_copy

from conftest import problem_messages

DEADLINE = 180  # seconds for one condition; a build takes a few seconds here


class ServeLog:
    """The server's output, read as it comes: a condition is re-checked at every new line (a rebuild logs one)."""

    def __init__(self, stream: IO[str]) -> None:
        self.lines: list[str] = []
        self.changed = threading.Condition()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            with self.changed:
                self.lines.append(line)
                self.changed.notify_all()

    def text(self) -> str:
        with self.changed:
            return "".join(self.lines)

    def wait_for(self, condition: Callable[[], bool], what: str) -> None:
        with self.changed:
            met = self.changed.wait_for(condition, timeout=DEADLINE)
        assert met, f"waited {DEADLINE} s for {what}:\n{self.text()[-3000:]}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str, ServeLog]]:
    """A project copy under `mkdocs serve`: (project, base URL, serve log)."""
    project = project_copy(tmp_path / "project")
    with _serving(project, _free_port()) as (base, log):
        yield project, base, log


@contextmanager
def _serving(project: Path, port: int, sequential: bool = False) -> Iterator[tuple[str, ServeLog]]:
    """`mkdocs serve` of `project` on `port`, once it serves: (base URL, serve log). `sequential`: every locale built
    in the server's process, one after the other (no workers)."""
    env = {key: value for key, value in os.environ.items() if key != "FAULTSITE_SEQUENTIAL"}
    env.update({"NO_MKDOCS_2_WARNING": "1", **({"FAULTSITE_SEQUENTIAL": "1"} if sequential else {})})
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        env=env,
    )
    assert server.stdout is not None
    log = ServeLog(server.stdout)
    try:
        log.wait_for(lambda: "Serving on" in "".join(log.lines), "the server to start")
        yield f"http://127.0.0.1:{port}", log
    finally:
        server.terminate()
        server.wait(timeout=60)


def _get(url: str) -> str:
    """The page; a request that hangs fails the test (the old behaviour after a bad edit)."""
    # A request waits while a rebuild runs (MkDocs serves no half-built site); a rebuild takes seconds, or a minute
    # on a machine loaded many times over. What this deadline catches is a server that never answers again.
    with urllib.request.urlopen(url, timeout=120) as response:
        return str(response.read().decode("utf-8"))


def _builds(log: ServeLog) -> int:
    """Builds started, as the serve loop logs them. (Not MkDocs' "Documentation built in": mkdocs-static-i18n filters
    that line while it builds the other locales, and it went missing from one rebuild's log under load.)"""
    return log.text().count("Building documentation...")


def _rebuilds_served(log: ServeLog) -> int:
    return log.text().count("Reloading browsers")


def test_a_bad_edit_shows_its_problems_over_the_last_good_site_and_a_fix_recovers(
    served: tuple[Path, str, ServeLog],
) -> None:
    project, base, log = served
    english = project / "data" / "text" / "en.yaml"
    good = english.read_text(encoding="utf-8")
    assert "Version mismatch" in _get(f"{base}/faults/2/")

    english.write_text(
        good.replace("    portal_text: Version mismatch\n", "    portal_txt: Version mismatch\n"), encoding="utf-8"
    )
    log.wait_for(lambda: "data-problems" in _get(f"{base}/faults/2/"), "the problem banner")
    page = _get(f"{base}/faults/2/")
    assert "text/en.yaml" in page and "unknown field &#x27;portal_txt&#x27;" in page
    assert "<h1" in page and "Version mismatch" in page  # the last good page, under the banner
    assert "data-problems" in _get(f"{base}/nl/faults/13/")

    english.write_text(
        good.replace("    portal_text: Version mismatch\n", "    portal_text: Version clash\n"), encoding="utf-8"
    )
    log.wait_for(lambda: "Version clash" in _get(f"{base}/faults/2/"), "the fixed page")
    assert "data-problems" not in _get(f"{base}/faults/2/")


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_one_data_edit_rebuilds_the_site_once(served: tuple[Path, str, ServeLog]) -> None:
    project, base, log = served
    builds, reloads, docs = _builds(log), _rebuilds_served(log), _tree(project / "docs")
    english = project / "data" / "text" / "en.yaml"
    english.write_text(
        english.read_text(encoding="utf-8").replace(
            "    portal_text: Version mismatch\n", "    portal_text: Version clash\n"
        ),
        encoding="utf-8",
    )
    log.wait_for(lambda: "Version clash" in _get(f"{base}/faults/2/"), "the edited page")
    # The cause of a second rebuild: the build writing into the watched docs/. Nothing there may change.
    assert _tree(project / "docs") == docs
    # Then one more, unrelated edit: once it is served, exactly two builds ran since the start.
    status = project / "docs" / "status.md"
    status.write_text(status.read_text(encoding="utf-8") + "\nServe check.\n", encoding="utf-8")
    log.wait_for(lambda: "Serve check." in _get(f"{base}/status/"), "the unrelated edit")
    # The page can be served a moment before its build's log line is read: wait for the line, then count.
    log.wait_for(lambda: _rebuilds_served(log) >= reloads + 2, "the log of the second build")
    assert _builds(log) == builds + 2


def _banner(base: str, path: str) -> str:
    """The problems shown at the top of a served page ('' when there are none)."""
    page = _get(f"{base}{path}")
    if 'id="data-problems"' not in page:
        return ""
    return html.unescape(page.split('id="data-problems"', 1)[1].split("</pre>", 1)[0])


def _printed_since(log: ServeLog, start: int, words: str) -> bool:
    return words in "".join(log.lines[start:])


def test_every_failed_rebuild_shows_its_problems_on_the_last_good_site_and_in_the_terminal(
    served: tuple[Path, str, ServeLog],
) -> None:
    """A bad byte, a deleted file, a broken link in a hand-written page, an inline script in one: each is shown at
    the top of every page of the last good site and printed (no traceback), and the server never hangs (every
    request has a deadline); fixing it serves the site again without the banner."""
    project, base, log = served
    published = project / "data" / "published-urls.txt"
    status = project / "docs" / "status.md"
    good_urls, good_status = published.read_bytes(), status.read_text(encoding="utf-8")
    failures: list[tuple[str, Callable[[], object], Callable[[], object], tuple[str, ...]]] = [
        (
            "a Windows-1252 byte in published-urls.txt",
            lambda: published.write_bytes(good_urls + "# \u201cquoted\u201d\n".encode("cp1252")),
            lambda: published.write_bytes(good_urls),
            ("published-urls.txt:", "byte 0x93", "is not UTF-8"),
        ),
        (
            "published-urls.txt deleted",
            published.unlink,
            lambda: published.write_bytes(good_urls),
            ("published-urls.txt", "missing"),
        ),
        (
            "a broken link in docs/status.md",
            lambda: edit_file(status, "\n", "\n\n[gone](no-such-page.md)\n"),
            lambda: status.write_text(good_status, encoding="utf-8"),
            ("no-such-page.md",),
        ),
        (
            "an inline script in docs/status.md",
            lambda: edit_file(status, "\n", "\n\n<script>alert(1)</script>\n"),
            lambda: status.write_text(good_status, encoding="utf-8"),
            ("docs/status.md", "<script>"),
        ),
    ]
    for what, break_it, fix_it, words in failures:
        shown_before = len(log.lines)
        break_it()
        log.wait_for(lambda: bool(_banner(base, "/faults/2/")), f"the banner after {what}")
        banner = _banner(base, "/nl/faults/13/")
        assert all(word in banner for word in words), (what, banner)
        assert "Version mismatch" in _get(f"{base}/faults/2/"), "the last good page stays under the banner"
        log.wait_for(partial(_printed_since, log, shown_before, "The rebuild failed"), f"the terminal: {what}")
        printed = "".join(log.lines[shown_before:])
        assert all(word in printed for word in words) and "Traceback" not in printed, (what, printed)
        fix_it()
        log.wait_for(lambda: not _banner(base, "/faults/2/"), f"the site without a banner after fixing {what}")
        # Published whole: an alternate locale, which the fix left unchanged, lost its banner too.
        assert not _banner(base, "/nl/faults/13/"), what


def test_a_template_edit_is_served_and_a_hook_module_edit_asks_for_a_restart(
    served: tuple[Path, str, ServeLog],
) -> None:
    project, base, log = served
    template = project / "hooks" / "faultsite" / "templates" / "fault.md.j2"
    edit_file(
        template,
        '{{ heading("resolution") | trim }}\n',
        '{{ heading("resolution") | trim }}\n\nTemplate edited under serve.\n',
    )
    log.wait_for(lambda: "Template edited under serve." in _get(f"{base}/ja/faults/13/"), "the edited template")
    assert not _banner(base, "/faults/2/")

    module = project / "hooks" / "faultsite" / "render.py"
    edit_file(module, '"""Data -> Markdown', '"""Edited under serve. Data -> Markdown')
    log.wait_for(lambda: "Restart" in _banner(base, "/faults/2/"), "the banner asking for a restart")
    log.wait_for(lambda: "Restart `mkdocs serve`" in log.text(), "the terminal asking for a restart")


REBUILD_FAILED = "The rebuild failed"  # our line after any failed rebuild (fault_site._show_failure)


def test_a_failed_rebuild_says_so_once_without_a_traceback(served: tuple[Path, str, ServeLog]) -> None:
    """An alternate locale's failure, from a worker; then the default locale's, from the server's own process."""
    project, base, log = served
    for file, named in (
        ("docs/index.nl.md", "a locale build failed in a worker process:"),
        ("docs/index.md", "index.md: unknown marker"),
    ):
        start = len(log.text())
        for other in project.glob("docs/index*.md"):  # the previous step's edit undone, this one's made
            other.write_text(other.read_text(encoding="utf-8").replace(BAD_MARKER, ""), encoding="utf-8")
        page = project / file
        page.write_text(page.read_text(encoding="utf-8") + BAD_MARKER, encoding="utf-8")

        def failed(start: int = start, named: str = named) -> bool:
            return named in log.text()[start:] and REBUILD_FAILED in log.text()[start:]

        log.wait_for(failed, "the failed rebuild")
        said = log.text()[start:]
        assert "Traceback" not in said
        [message] = [line for line in problem_messages(said) if REBUILD_FAILED not in line]
        assert message.startswith(f"ERROR   -  {named}")


BAD_MARKER = "\n<!-- faults:nothing -->\n"


COPIED = "unchanged, copied from the site served"  # a locale whose rebuild was a copy (hooks/third_party.py)


def _served_tree(log: ServeLog) -> dict[str, bytes]:
    """Every file of the site the server serves (its folder, as the i18n plugin names it when the build starts)."""
    [folder] = set(re.findall(r"Building 'en' documentation to directory: (\S+)", log.text()))
    tree = _tree(Path(folder))
    prefixes = ("", "nl/", "ja/", "zh-TW/", "ko/")
    assert all(
        f"{prefix}faults/13/index.html" in tree and f"{prefix}search/search_index.json" in tree for prefix in prefixes
    )
    return tree


def test_locales_copied_from_the_served_site_are_what_a_fresh_server_builds(tmp_path: Path) -> None:
    """Under serve, an alternate locale whose build would read what its last one read is copied from the site
    served (and its search index written meanwhile; the default locale's index and the API are made by a worker
    too): after an English edit (every alternate copied) and a Japanese one (three copied), every file of the site
    equals what a new server builds from the same files in one process, one locale after the other."""
    project, port = project_copy(tmp_path / "project"), _free_port()
    with _serving(project, port) as (base, log):
        assert COPIED not in log.text()
        text = project / "data" / "text"
        edit_file(text / "en.yaml", "back_to_overview: All faults", "back_to_overview: Every fault")
        log.wait_for(lambda: "Every fault" in _get(f"{base}/faults/13/"), "the English edit")
        # The page can be served a moment before its build's log lines are read: wait for them.
        log.wait_for(lambda: log.text().count(COPIED) == 4, "four locales copied")
        edit_file(text / "ja.yaml", "back_to_overview: すべての障害", "back_to_overview: 障害の一覧")
        log.wait_for(lambda: "障害の一覧" in _get(f"{base}/ja/faults/13/"), "the Japanese edit")
        log.wait_for(lambda: log.text().count(COPIED) == 7, "three more locales copied")
        assert log.text().count(f"ja: {COPIED}") == 1  # the English edit's
        # One rebuild per edit: the server's first build and the two edits' (a rebuild ends after its site is served).
        log.wait_for(lambda: log.text().count("Documentation built in") >= 3, "the Japanese edit's rebuild to end")
        assert log.text().count("Documentation built in") == 3
        after_edits = _served_tree(log)
    with _serving(project, port, sequential=True) as (base, log):
        fresh = _served_tree(log)
        assert COPIED not in log.text()
    assert sorted(after_edits) == sorted(fresh)
    assert [name for name in fresh if after_edits[name] != fresh[name]] == []
