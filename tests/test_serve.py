"""`mkdocs serve` after a bad data edit: keeps serving the last good site with the problems shown, and recovers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

import pytest
from test_build import project_copy

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
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert server.stdout is not None
    log = ServeLog(server.stdout)
    try:
        log.wait_for(lambda: "Serving on" in "".join(log.lines), "the server to start")
        yield project, f"http://127.0.0.1:{port}", log
    finally:
        server.terminate()
        server.wait(timeout=60)


def _get(url: str) -> str:
    """The page; a request that hangs fails the test (the old behaviour after a bad edit)."""
    with urllib.request.urlopen(url, timeout=20) as response:
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


REBUILD_FAILED = "An error happened during the rebuild"  # MkDocs' own line after any failed rebuild


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
