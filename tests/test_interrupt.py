"""SIGTERM and SIGINT during `mkdocs build`: the workers stop, the staging folder goes, the published site stays as
it was, one line is printed (no traceback, no BrokenPipeError from an orphaned worker) and the exit status is the
shell's for the signal (130, 143)."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import old_site, snapshot

from conftest import ROOT, problem_messages

# (signal, sent to: the build's process, as `kill` or a container's stop does, or its whole process group, as a
# terminal's Ctrl-C or systemd does; sequential build)
CASES = [
    ("SIGTERM", "process", False),
    ("SIGINT", "group", False),
    ("SIGTERM", "group", True),
    ("SIGINT", "process", True),
]


def _children(pid: int) -> list[int]:
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _alive(pid: int) -> bool:
    """Whether `pid` still runs (a zombie has stopped: only its exit status is left for its parent)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in ("Z", "X")


@pytest.mark.parametrize("name, target, sequential", CASES)
def test_a_signal_stops_the_build_and_leaves_the_published_site(
    tmp_path: Path, name: str, target: str, sequential: bool
) -> None:
    signum = signal.Signals[name]
    site = tmp_path / "out" / "site"
    before = old_site(site)
    env = {key: value for key, value in os.environ.items() if key != "FAULTSITE_SEQUENTIAL"}
    env.update(NO_MKDOCS_2_WARNING="1", **({"FAULTSITE_SEQUENTIAL": "1"} if sequential else {}))
    build = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,  # its own process group, as a shell gives a command
    )
    assert build.stderr is not None
    # Wait until a locale other than the default one is being built (in a worker, in the parallel build): the
    # staging folder is full of pages and every process is busy.
    lines = []
    for line in build.stderr:
        lines.append(line)
        if "Building 'nl' documentation" in line:
            break
    workers = _children(build.pid)
    staging = [entry.name for entry in site.parent.iterdir() if entry.name != "site"]
    (os.killpg if target == "group" else os.kill)(build.pid, signum)
    stderr = "".join(lines) + build.stderr.read()
    assert build.wait() == 128 + signum, stderr
    assert staging == [f".site.building-{build.pid}"]
    assert (len(workers) > 0) != sequential  # the parallel build had workers running, the sequential one none
    assert problem_messages(stderr) == [
        f"ERROR   -  stopped by {name}: the build was abandoned, and {site} is as it was"
    ]
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr
    assert [pid for pid in workers if _alive(pid)] == []
    assert snapshot(site) == before
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]  # no staging folder left behind


def test_the_workers_do_not_outlive_a_build_killed_outright(tmp_path: Path) -> None:
    """SIGKILL (the out-of-memory killer) cannot be caught: the workers end with the build instead of waiting for
    jobs that will never come. (Its staging folder goes with the next build: test_outdir.py.)"""
    build = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={key: value for key, value in os.environ.items() if key != "FAULTSITE_SEQUENTIAL"},
    )
    assert build.stderr is not None
    for line in build.stderr:
        if "Building 'nl' documentation" in line:
            break
    running = {os.pidfd_open(pid): pid for pid in _children(build.pid)}  # readable once the process has ended
    assert running
    build.kill()
    build.wait()
    while running:
        ended, _, _ = select.select(list(running), [], [], 120)
        assert ended, f"workers still running 120 s after the build was killed: {sorted(running.values())}"
        for descriptor in ended:
            del running[descriptor]
            os.close(descriptor)
