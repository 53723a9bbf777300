"""Jobs run in forked worker processes: concurrent.futures.ProcessPoolExecutor with the fork context.

Fork (Linux, macOS) shares the parent's memory, loaded data included, page for page until written: a job is named by
a string, what it needs is inherited, and only its result comes back (pickled). A worker writes through stdout and
stderr objects of its own, ignores SIGINT (a terminal sends it to every process; the parent decides) and dies on
SIGTERM (how the parent ends its workers). It does not write its warnings and errors: they come back with the job's
result, and the parent logs them, or in the failure, which repeats them: one message per failure.
"""

from __future__ import annotations

import ctypes
import gc
import logging
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.process import BaseProcess
from types import TracebackType
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

SEQUENTIAL_ENV = "FAULTSITE_SEQUENTIAL"  # set (to anything): every build runs in one process
_SIGNALS = {signal.SIGINT, signal.SIGTERM}

Held = tuple[str, int, str]  # a worker's log record: logger name, level, message


def cores() -> int:
    """The cores this process may run on (a container's or taskset's CPU set; os.cpu_count() counts the machine's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS has no CPU affinity
        return os.cpu_count() or 1


def build_processes(command: str, dirty: bool) -> int:
    """How many processes a build may use: the cores for `mkdocs build` and each build of `mkdocs serve`; one under
    --dirty or SEQUENTIAL_ENV. (Under serve the build forks while the server's threads run: a worker has only the
    building thread and writes through stdout and stderr objects of its own, `_own_stdio`.)"""
    if command not in ("build", "serve") or dirty or os.environ.get(SEQUENTIAL_ENV):
        return 1
    return cores()


class WorkerFailed(Exception):
    """Jobs failed in worker processes: each line names its job and says why, after the job's warnings."""


class JobFailed(Exception):
    """Raised by a job for a failure it has described itself: the message is shown without the exception's type."""


class Jobs:
    """Named jobs, each `run(name)` in one of `workers` forked processes that ran `setup()` once; results by name."""

    def __init__(self, run: Callable[[str], Any], names: Sequence[str], workers: int, setup: Callable[[], None]):
        self._executor = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_start_worker,
            initargs=(run, setup, os.getpid()),  # inherited by fork, never pickled: closures are fine
        )
        self._futures: dict[str, Future[tuple[Any, list[Held]]]] = {}
        self._workers: list[BaseProcess] = []
        sys.stdout.flush()
        sys.stderr.flush()
        before = set(multiprocessing.active_children())
        # Until this pool is known (in _pools, with its workers), no signal may interrupt this process; a worker keeps
        # both blocked until it has its own handlers.
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
        # A garbage collection writes into every object it looks at, which copies the object's page, in a worker or
        # in this process (the worker keeps the old copy): what exists now is left out of every collection, in both,
        # until this process has no more workers (_shut_down).
        gc.freeze()
        try:
            _pools.append(self)
            for name in names:  # the first submit forks every worker (the fork context starts them all at once)
                self._futures[name] = self._executor.submit(_run_job, name)
            self._workers = [process for process in multiprocessing.active_children() if process not in before]
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)

    def results(self) -> dict[str, Any]:
        """Wait for every job: each one's result, or WorkerFailed naming every failed job (an OSError is raised as it
        came). The workers then exit."""
        results, failures = {}, []
        for name, future in self._futures.items():
            try:
                results[name], held = future.result()
            except WorkerFailed as error:
                failures.append(str(error))
                continue
            except BrokenProcessPool:
                failures.append(f"{name}: its worker process ended without a result")
                continue
            for logger, level, message in held:  # the warnings of a job that succeeded, which its worker kept
                logging.getLogger(logger).log(level, "%s", message)
        self._shut_down()
        if failures:
            raise WorkerFailed("\n".join(failures))
        return results

    def stop(self) -> None:
        """End the workers at once (after a failure or a signal in this process) and wait until they are gone."""
        for process in self._workers:
            process.terminate()
        for process in self._workers:
            process.join()
        self._shut_down()

    def _shut_down(self) -> None:
        self._executor.shutdown(cancel_futures=True)
        if self in _pools:
            _pools.remove(self)
            if not _pools:
                gc.unfreeze()  # what was frozen is collected again (its garbage too)

    def __enter__(self) -> Jobs:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        if error is not None:
            self.stop()
        self._shut_down()


_pools: list[Jobs] = []  # every pool this process started and has not shut down


def stop_all() -> None:
    """End every pool's workers (after a failure or a signal: a pool may have been started by code cut short)."""
    for pool in list(_pools):
        pool.stop()


def fork_map(function: Callable[[T], R], items: Sequence[T], processes: int) -> list[R]:
    """`[function(item) for item in items]`, spread over `processes` worker processes."""
    if processes <= 1 or len(items) < 2:
        return [function(item) for item in items]
    count = min(len(items), processes * 4)  # interleaved chunks of similar cost; a free worker takes the next
    chunks = [range(first, len(items), count) for first in range(count)]

    def run(job: str) -> list[R]:
        return [function(items[index]) for index in chunks[int(job)]]

    with Jobs(run, [str(job) for job in range(count)], min(processes, count), setup=_nothing) as jobs:
        results = jobs.results()
    ordered: dict[int, R] = {}
    for job, values in results.items():
        ordered.update(zip(chunks[int(job)], values, strict=True))
    return [ordered[index] for index in range(len(items))]


def _nothing() -> None:
    pass


# --- in a worker process --------------------------------------------------------------------------------------

_job: Callable[[str], Any] | None = None  # what this worker's jobs run
_held: list[Held] = []  # the warnings and errors logged by the running job
_last_held: list[logging.LogRecord] = []  # the record last held (one record may reach several handlers)


def _start_worker(run: Callable[[str], Any], setup: Callable[[], None], parent: int) -> None:
    global _job
    _pools.clear()  # the parent's: never this worker's to stop
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with(parent)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _SIGNALS)
    _own_stdio()
    try:
        setup()
        _job = run
    except Exception as error:  # each job reports it, naming itself (an initializer's failure would be a traceback)
        failure = error

        def failed(name: str) -> None:
            raise failure

        _job = failed


def _die_with(parent: int) -> None:
    """Linux: SIGTERM for this worker when the thread that forked it ends, even by SIGKILL, which nothing can catch:
    the pool's queues are shared with its siblings, so a worker left alone would wait for a job forever."""
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except AttributeError:  # not Linux
        return
    prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # it ended before that
        os._exit(1)


def job_logged() -> bool:
    """In a worker: whether the running job logged a warning or an error so far."""
    return bool(_held)


def _run_job(name: str) -> tuple[Any, list[Held]]:
    assert _job is not None, "a job outside a worker"
    _held.clear()
    try:
        result = _job(name)
    except JobFailed as error:
        raise WorkerFailed(_failure(name, str(error))) from None
    except OSError:  # a full or read-only disk: the parent reports it as for its own
        raise
    except Exception as error:
        raise WorkerFailed(_failure(name, f"{type(error).__name__}: {error}")) from None
    return result, list(_held)


def _failure(name: str, why: str) -> str:
    """The job's warnings and errors, then why it failed (unless they already say it), each line naming the job."""
    lines = [f"{logging.getLevelName(level)}: {message}" for _, level, message in _held]
    if why and not any(why in line for line in lines):
        lines.append(why)
    return "\n".join(f"{name}: {line}" for line in "\n".join(lines).splitlines())


def _hold(record: logging.LogRecord) -> bool:
    """A filter of the worker's stream handlers: warnings and errors go to the parent instead (see the top)."""
    if record.levelno < logging.WARNING:
        return True
    if not (_last_held and _last_held[0] is record):
        _last_held[:] = [record]
        _held.append((record.name, record.levelno, record.getMessage()))
    return False


def _own_stdio() -> None:
    """In a new worker: stdout and stderr as new objects on the same descriptors, also in the logging handlers that
    wrote to the old ones. Another thread of the parent (mkdocs serve's server logging a browser's visit) may have
    held an old one's lock when the parent forked; in this process nothing would ever release it."""
    loggers = [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]
    handlers = [handler for logger in loggers for handler in getattr(logger, "handlers", [])]
    streams = [handler for handler in handlers if isinstance(handler, logging.StreamHandler)]
    for handler in streams:
        handler.addFilter(_hold)
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
