"""`mkdocs serve` after a bad data edit: keeps serving the last good site with the problems shown, and recovers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from test_build import project_copy

DEADLINE = 180  # seconds for one condition; a build takes a few seconds here
POLL = 0.25  # seconds between two polls of a condition


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str, Path]]:
    """A project copy under `mkdocs serve`: (project, base URL, serve log)."""
    project = project_copy(tmp_path / "project")
    port, log = _free_port(), tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                                  cwd=project, stdout=out, stderr=subprocess.STDOUT,
                                  env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    try:
        _await(lambda: "Serving on" in log.read_text(encoding="utf-8"), "the server to start", log)
        yield project, f"http://127.0.0.1:{port}", log
    finally:
        server.terminate()
        server.wait(timeout=60)


def _await(condition: Callable[[], bool], what: str, log: Path) -> None:
    deadline = time.monotonic() + DEADLINE
    while not condition():
        assert time.monotonic() < deadline, f"waited {DEADLINE} s for {what}:\n{log.read_text(encoding='utf-8')[-3000:]}"
        time.sleep(POLL)


def _get(url: str) -> str:
    """The page; a request that hangs fails the test (the old behaviour after a bad edit)."""
    with urllib.request.urlopen(url, timeout=20) as response:
        return str(response.read().decode("utf-8"))


def _builds(log: Path) -> int:
    return log.read_text(encoding="utf-8").count("Documentation built in")


def test_a_bad_edit_shows_its_problems_over_the_last_good_site_and_a_fix_recovers(served):
    project, base, log = served
    english = project / "data" / "text" / "en.yaml"
    good = english.read_text(encoding="utf-8")
    assert "Version mismatch" in _get(f"{base}/faults/2/")

    english.write_text(good.replace("    portal_text: Version mismatch\n", "    portal_txt: Version mismatch\n"),
                       encoding="utf-8")
    _await(lambda: "data-problems" in _get(f"{base}/faults/2/"), "the problem banner", log)
    page = _get(f"{base}/faults/2/")
    assert "text/en.yaml" in page and "unknown field &#x27;portal_txt&#x27;" in page
    assert "<h1" in page and "Version mismatch" in page  # the last good page, under the banner
    assert "data-problems" in _get(f"{base}/nl/faults/13/")

    english.write_text(good.replace("    portal_text: Version mismatch\n", "    portal_text: Version clash\n"),
                       encoding="utf-8")
    _await(lambda: "Version clash" in _get(f"{base}/faults/2/"), "the fixed page", log)
    assert "data-problems" not in _get(f"{base}/faults/2/")


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_one_data_edit_rebuilds_the_site_once(served):
    project, base, log = served
    builds, docs = _builds(log), _tree(project / "docs")
    english = project / "data" / "text" / "en.yaml"
    english.write_text(english.read_text(encoding="utf-8").replace(
        "    portal_text: Version mismatch\n", "    portal_text: Version clash\n"), encoding="utf-8")
    _await(lambda: "Version clash" in _get(f"{base}/faults/2/"), "the edited page", log)
    # The cause of a second rebuild: the build writing into the watched docs/. Nothing there may change.
    assert _tree(project / "docs") == docs
    # Then one more, unrelated edit: once it is served, exactly two builds ran since the start.
    status = project / "docs" / "status.md"
    status.write_text(status.read_text(encoding="utf-8") + "\nServe check.\n", encoding="utf-8")
    _await(lambda: "Serve check." in _get(f"{base}/status/"), "the unrelated edit", log)
    assert _builds(log) == builds + 2
