"""Parallel locale builds: the same bytes as the sequential build, and a failure in a worker publishes nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_build import _edit, _old_site, _snapshot, project_copy

from conftest import ROOT

sys.path.insert(0, str(ROOT / "hooks"))

from faultsite import parallel

pytestmark = pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: the build runs sequentially")


def _build(project: Path, site: Path, *, sequential: bool) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "FAULTSITE_SEQUENTIAL"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    if sequential:
        env["FAULTSITE_SEQUENTIAL"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
    )


def test_the_parallel_build_writes_the_same_bytes_as_the_sequential_one(
    tmp_path: Path, built_site: Path, built_site_log: str
) -> None:
    """The session's build is the parallel one (tests/conftest.py: as in production, on more than one core)."""
    result = _build(ROOT, tmp_path / "sequential", sequential=True)
    assert result.returncode == 0, result.stderr[-4000:]
    sites = {"sequential": _snapshot(tmp_path / "sequential"), "parallel": _snapshot(built_site)}
    assert "Building 'ko' documentation" in built_site_log  # the parallel build's log names every locale
    assert sorted(sites["parallel"]) == sorted(sites["sequential"])
    assert [path for path in sites["sequential"] if sites["sequential"][path] != sites["parallel"][path]] == []


@pytest.mark.parametrize(
    "locale, file, old, new, named",
    [
        # The first two alternate locales: each taken by a worker at once, while this process builds English.
        ("nl", "docs/index.nl.md", "\n", "\n<!-- faults:nothing -->\n\n", "faults:nothing"),
        ("ja", "docs/status.ja.md", "\n", "\n[a page that is not there](nowhere.md)\n\n", "nowhere.md"),
    ],
)
def test_a_failure_in_a_worker_fails_the_build_and_publishes_nothing(
    tmp_path: Path, locale: str, file: str, old: str, new: str, named: str
) -> None:
    project = project_copy(tmp_path / "project")
    _edit(project / file, old, new)
    site = tmp_path / "out" / "site"
    before = _old_site(site)
    result = _build(project, site, sequential=False)
    assert result.returncode != 0
    assert "a locale build failed in a worker process" in result.stderr
    message = result.stderr.split("a locale build failed in a worker process:", 1)[1]
    assert message.startswith(f"\n{locale}: RuntimeError: ") and named in message
    assert _snapshot(site) == before
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]  # no staging folder left behind


def test_a_crash_in_the_default_locale_ends_the_workers_and_publishes_nothing(tmp_path: Path) -> None:
    project = project_copy(tmp_path / "project")
    # The default locale crashes once a worker is inside its own locale's pages: it blocks on a FIFO (with a deadline)
    # until a worker writes to it, so never before. This test holds a read end open, so a writer never waits.
    reached = tmp_path / "a worker renders its status page"
    os.mkfifo(reached)
    _edit(
        project / "hooks/faultsite/render.py",
        "\ndef render_status(",
        "\ndef render_status(catalog, locale):\n"
        "    import os, select\n"
        f"    reached = {str(reached)!r}\n"
        "    if '\\ue000' in catalog.texts[locale].ui.get('status_title', ''):  # the data stage's probe\n"
        "        return _render_status(catalog, locale)\n"
        "    if locale != 'en':\n"
        "        fifo = os.open(reached, os.O_WRONLY | os.O_NONBLOCK)\n"
        "        os.write(fifo, b'.')\n"
        "        os.close(fifo)\n"
        "    else:\n"
        "        fifo = os.open(reached, os.O_RDONLY | os.O_NONBLOCK)\n"
        "        select.select([fifo], [], [], 120)\n"
        "        raise RuntimeError('injected crash')\n"
        "    return _render_status(catalog, locale)\n\n\ndef _render_status(",
    )
    site = tmp_path / "out" / "site"
    before = _old_site(site)
    held = os.open(reached, os.O_RDONLY | os.O_NONBLOCK)
    try:
        result = _build(project, site, sequential=False)
        written = os.read(held, 64)
    finally:
        os.close(held)
    assert result.returncode != 0 and "injected crash" in result.stderr
    assert written and "Building 'nl' documentation" in result.stderr  # a worker was building
    # The workers were ended and waited for before the staging folder went: nothing writes into it afterwards.
    assert _snapshot(site) == before
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]


def _double(job: str) -> str:
    return job * 2


def _fail_on_b(job: str) -> str:
    if job == "b":
        raise ValueError("no b here")
    return job


def test_workers_and_parent_share_the_jobs_and_return_every_result() -> None:
    pool = parallel.start(["a", "b", "c", "d"], 2, run=_double, setup=lambda: None)
    mine = {}
    while (job := pool.claim()) is not None:
        mine[job] = _double(job)
    assert {**mine, **pool.results()} == {"a": "aa", "b": "bb", "c": "cc", "d": "dd"}


def test_a_failed_job_names_itself_and_its_error() -> None:
    pool = parallel.start(["a", "b", "c"], 2, run=_fail_on_b, setup=lambda: None)
    with pytest.raises(parallel.WorkerFailed, match="b: ValueError: no b here"):
        pool.results()


def test_fork_map_returns_every_result_in_order_and_fails_with_a_worker() -> None:
    items = [f"item {index}" for index in range(50)]
    assert parallel.fork_map(_double, items, 3) == [_double(item) for item in items]
    with pytest.raises((parallel.WorkerFailed, ValueError), match="no b here"):  # in a worker, or in this process
        parallel.fork_map(_fail_on_b, ["a", "b", "c", "d", "e", "f", "g", "h", "i"] * 3, 2)
