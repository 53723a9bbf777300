"""Jobs run in forked worker processes: each job's result (or failure) comes back to the parent by pickle over a pipe.

Fork (Linux, macOS) shares the parent's memory, loaded data included, page for page until written. The jobs wait in
a pipe, one byte each (a read of one byte is atomic), so a worker that finishes early takes the next job, and the
parent can take jobs too (`claim`). A worker sends all its results when the queue is empty, then exits.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import pickle
import signal
import sys
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


SEQUENTIAL_ENV = "FAULTSITE_SEQUENTIAL"  # set (to anything): every build runs in one process


def build_processes(command: str, dirty: bool) -> int:
    """How many processes a build may use: the cores for `mkdocs build` and each build of `mkdocs serve`; one under
    --dirty or SEQUENTIAL_ENV. (Under serve the build forks while the server's threads run: a worker has only the
    building thread, writes through stdout and stderr objects of its own (`_own_stdio`) and ends with os._exit.)"""
    if command not in ("build", "serve") or dirty or os.environ.get(SEQUENTIAL_ENV):
        return 1
    return os.cpu_count() or 1


class WorkerFailed(Exception):
    """A job failed in a worker process (its message names the job), or the worker died."""


@dataclass
class Pool:
    """Workers started by `start`; `claim` and `results` are for the parent only."""

    jobs: Sequence[str]
    job_pipe: int  # read end: one byte per job still waiting
    workers: dict[int, int] = field(default_factory=dict)  # pid -> read end of its result pipe

    def claim(self) -> str | None:
        """The next waiting job, taken by the parent; None when every job is taken."""
        return _take(self.jobs, self.job_pipe)

    def results(self) -> dict[str, Any]:
        """Wait for every worker; each job's result, or WorkerFailed with the first failure."""
        results: dict[str, Any] = {}
        failures = []
        for pid, pipe in list(self.workers.items()):
            with os.fdopen(pipe, "rb") as stream:
                data = stream.read()
            _, status = os.waitpid(pid, 0)
            del self.workers[pid]
            if not data:
                failures.append(f"worker process {pid} ended without a result ({_describe(status)})")
                continue
            ok, payload = pickle.loads(data)
            if ok:
                results.update(payload)
            else:
                failures.append(payload)
        self.close()
        if failures:
            raise WorkerFailed("\n".join(failures))
        return results

    def stop(self) -> None:
        """End and reap the workers that are still running (after a failure in the parent)."""
        for pid, pipe in list(self.workers.items()):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
            os.close(pipe)
            os.waitpid(pid, 0)
            del self.workers[pid]
        self.close()

    def close(self) -> None:
        if self.job_pipe >= 0:
            os.close(self.job_pipe)
            self.job_pipe = -1


def start(jobs: Sequence[str], count: int, run: Callable[[str], Any], setup: Callable[[], None]) -> Pool:
    """Fork `count` workers that run `setup()` once, then `run(job)` for each job they take from the queue."""
    if len(jobs) > 255:
        raise ValueError("at most 255 jobs: each waits in the pipe as one byte")
    read_end, write_end = os.pipe()
    os.write(write_end, bytes(range(len(jobs))))
    os.close(write_end)  # an empty queue then reads as end of file, in every process
    pool = Pool(jobs, read_end)
    sys.stdout.flush()
    sys.stderr.flush()
    # The garbage collector of a worker would write into every object it inherited, copying the page it is on.
    gc.freeze()
    for _ in range(count):
        result_read, result_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker: never returns
            os.close(result_read)
            for other in pool.workers.values():
                os.close(other)
            _work(pool, run, setup, result_write)
        os.close(result_write)
        pool.workers[pid] = result_read
    gc.unfreeze()
    return pool


def fork_map(function: Callable[[T], R], items: Sequence[T], processes: int) -> list[R]:
    """`[function(item) for item in items]`, spread over `processes` processes (this one among them)."""
    if processes <= 1 or len(items) < 2:
        return [function(item) for item in items]
    count = min(len(items), processes * 4)  # interleaved chunks of similar cost; a free process takes the next
    chunks = [range(first, len(items), count) for first in range(count)]

    def run(job: str) -> list[R]:
        return [function(items[index]) for index in chunks[int(job)]]

    pool = start([str(job) for job in range(count)], processes - 1, run=run, setup=lambda: None)
    results = {}
    try:
        while (job := pool.claim()) is not None:
            results[job] = run(job)
    except BaseException:
        pool.stop()
        raise
    results.update(pool.results())
    ordered: dict[int, R] = {}
    for job, values in results.items():
        ordered.update(zip(chunks[int(job)], values, strict=True))
    return [ordered[index] for index in range(len(items))]


def _work(pool: Pool, run: Callable[[str], Any], setup: Callable[[], None], pipe: int) -> None:
    code = 0
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        _own_stdio()
        setup()
        results = {}
        job = None
        try:
            while (job := pool.claim()) is not None:
                results[job] = run(job)
            message: tuple[bool, object] = (True, results)
        except BaseException as error:
            code = 1
            detail = str(error) or "".join(traceback.format_exception_only(error)).strip()
            message = (False, f"{job}: {type(error).__name__}: {detail}")
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(pipe, "wb") as stream:
            stream.write(data)
    except BaseException:
        code = 2
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _own_stdio() -> None:
    """In a new worker: stdout and stderr as new objects on the same descriptors, also in the logging handlers that
    wrote to the old ones. Another thread of the parent (mkdocs serve's server logging a browser's visit) may have
    held an old one's lock when the parent forked; in this process nothing would ever release it."""
    loggers = [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]
    handlers = [handler for logger in loggers for handler in getattr(logger, "handlers", [])]
    streams = [handler for handler in handlers if isinstance(handler, logging.StreamHandler)]
    for name in ("stdout", "stderr"):
        old = getattr(sys, name)
        try:
            descriptor = old.fileno()
        except (AttributeError, OSError, ValueError):  # not a file (a test's capture): nothing was inherited
            continue
        new = open(descriptor, "w", buffering=1, encoding=old.encoding, errors=old.errors, closefd=False)  # noqa: SIM115
        setattr(sys, name, new)
        for handler in streams:
            if handler.stream is old:
                handler.stream = new  # not setStream: it would flush the old object first


def _take(jobs: Sequence[str], pipe: int) -> str | None:
    byte = os.read(pipe, 1)
    return jobs[byte[0]] if byte else None


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"
