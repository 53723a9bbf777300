"""Parallel locale builds: the same bytes as the sequential build, and a failure in a worker publishes nothing."""

from __future__ import annotations

import gc
import logging
import os
import sys
import weakref
from pathlib import Path

import pytest
from helpers import build, edit_file, old_site, project_copy, snapshot

from conftest import ROOT, problem_messages

sys.path.insert(0, str(ROOT / "hooks"))

from faultsite import parallel

pytestmark = pytest.mark.skipif(parallel.cores() < 2, reason="one core: the build runs sequentially")


@pytest.mark.parametrize("without", ["", "release_pages"])
def test_the_parallel_build_writes_the_same_bytes_as_the_sequential_one(
    tmp_path: Path, built_site: Path, built_site_log: str, without: str
) -> None:
    """The session's build is the parallel one (tests/conftest.py: as in production, on more than one core). The
    sequential build releases each locale's pages once it is built, as the parallel one does (third_party, item 9),
    or keeps every page whole: in one process the last locale's sitemap lists every locale's pages, released or
    not."""
    result = build(ROOT, tmp_path / "sequential", sequential=True, without=without)
    assert result.returncode == 0, result.stderr[-4000:]
    sites = {"sequential": snapshot(tmp_path / "sequential"), "parallel": snapshot(built_site)}
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
    edit_file(project / file, old, new)
    site = tmp_path / "out" / "site"
    before = old_site(site)
    result = build(project, site, sequential=False)
    assert result.returncode != 0
    assert "a locale build failed in a worker process" in result.stderr
    message = result.stderr.split("a locale build failed in a worker process:", 1)[1]
    assert message.startswith(f"\n{locale}: ") and named in message
    # One message, which repeats the worker's warnings and errors: the worker printed none of them itself.
    assert problem_messages(result.stderr) == ["ERROR   -  a locale build failed in a worker process:"]
    assert "Traceback" not in result.stderr
    assert snapshot(site) == before
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]  # no staging folder left behind


def test_a_crash_in_the_default_locale_ends_the_workers_and_publishes_nothing(tmp_path: Path) -> None:
    project = project_copy(tmp_path / "project")
    # The default locale crashes once a worker is inside its own locale's pages: it blocks on a FIFO (with a deadline)
    # until a worker writes to it, so never before. This test holds a read end open, so a writer never waits.
    reached = tmp_path / "a worker renders its status page"
    os.mkfifo(reached)
    edit_file(
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
    before = old_site(site)
    held = os.open(reached, os.O_RDONLY | os.O_NONBLOCK)
    try:
        result = build(project, site, sequential=False)
        written = os.read(held, 64)
    finally:
        os.close(held)
    assert result.returncode != 0 and "injected crash" in result.stderr
    assert written and "Building 'nl' documentation" in result.stderr  # a worker was building
    # The workers were ended and waited for before the staging folder went: nothing writes into it afterwards.
    assert snapshot(site) == before
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]


def _double(job: str) -> str:
    return job * 2


def _fail_on_b(job: str) -> str:
    if job == "b":
        logging.getLogger("mkdocs.test").warning("b looks wrong")
        raise ValueError("no b here")
    logging.getLogger("mkdocs.test").warning("%s was fine", job)
    return job


def test_every_job_runs_in_a_worker_and_comes_back_by_name() -> None:
    with parallel.Jobs(_double, ["a", "b", "c", "d"], 2, setup=lambda: None) as jobs:
        assert jobs.results() == {"a": "aa", "b": "bb", "c": "cc", "d": "dd"}


def test_a_failed_job_names_itself_after_its_warnings_which_its_worker_did_not_print(
    capfd: pytest.CaptureFixture[str],
) -> None:
    logger = logging.getLogger("mkdocs.test")
    handler = logging.StreamHandler(sys.stderr)  # as MkDocs' command line logs: to stderr, not propagated
    logger.addHandler(handler)
    logger.propagate = False
    try:
        jobs = parallel.Jobs(_fail_on_b, ["a", "b", "c"], 2, setup=lambda: None)
        with pytest.raises(parallel.WorkerFailed) as failed:
            jobs.results()
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
    assert str(failed.value) == "b: WARNING: b looks wrong\nb: ValueError: no b here"
    # The warnings of the jobs that succeeded, written once, by this process; the failed job's only in its message.
    err = capfd.readouterr().err
    assert (err.count("a was fine"), err.count("c was fine"), err.count("b looks wrong")) == (1, 1, 0), err


class _Cycle:
    me: object = None


def test_what_the_workers_inherited_is_left_out_of_collections_while_they_run_and_collected_after() -> None:
    """A garbage collection in this process writes into every object it looks at, copying the page the workers
    share (measured 2026-12-07: 11 MB of the parallel build's peak at 1,000 faults). Left out while they run; a
    serve session, which starts workers at every rebuild, must collect a build's garbage again after."""
    cycle = _Cycle()
    cycle.me = cycle
    inherited = weakref.ref(cycle)
    del cycle
    with parallel.Jobs(_double, ["a", "b"], 2, setup=lambda: None) as jobs:
        gc.collect()
        assert inherited() is not None, "collected while the workers ran"
        assert jobs.results() == {"a": "aa", "b": "bb"}
    gc.collect()
    assert inherited() is None, "never collected once the workers were done"


def test_fork_map_returns_every_result_in_order_and_fails_with_a_worker() -> None:
    items = [f"item {index}" for index in range(50)]
    assert parallel.fork_map(_double, items, 3) == [_double(item) for item in items]
    with pytest.raises(parallel.WorkerFailed, match="ValueError: no b here"):
        parallel.fork_map(_fail_on_b, ["a", "b", "c", "d", "e", "f", "g", "h", "i"] * 3, 2)


def test_fork_map_takes_any_number_of_jobs_and_processes() -> None:
    """The hand-written pool refused more than 255 jobs: 64 processes made 256 chunks of 300 items."""
    assert parallel.fork_map(_square, range(300), 64) == [item * item for item in range(300)]


def _square(item: int) -> int:
    return item * item


def test_the_pool_is_sized_by_the_cores_this_process_may_use(monkeypatch: pytest.MonkeyPatch) -> None:
    """os.cpu_count() counts the machine's cores; a container or taskset may allow fewer (sched_getaffinity)."""
    monkeypatch.delenv(parallel.SEQUENTIAL_ENV, raising=False)
    allowed = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(allowed)})
    try:
        assert parallel.cores() == 1
        assert parallel.build_processes("build", dirty=False) == 1
    finally:
        os.sched_setaffinity(0, allowed)
    assert parallel.build_processes("build", dirty=False) == len(allowed)
