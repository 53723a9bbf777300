"""No nginx left behind: deploy/serve stops nginx on SIGTERM, SIGINT and SIGHUP, and the nginx of the tests and the
benchmarks (tests/loopback_nginx.py, deploy/serve underneath) stops with the process that started it, however that
process ends. Before: SIGTERM to deploy/serve ended the script and left nginx listening (issue 22)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import loopback_nginx
import pytest

from conftest import ROOT

from .conftest import need

TESTS = ROOT / "tests"


def _stat(pid: int) -> tuple[str, str, int] | None:
    """(name, state, parent) of a process, None once it is gone (or only a zombie waiting to be reaped)."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    name, rest = text[text.index("(") + 1 : text.rindex(")")], text[text.rindex(")") + 2 :].split()
    return None if rest[0] == "Z" else (name, rest[0], int(rest[1]))


def children(pid: int) -> list[int]:
    """The live processes whose parent is `pid`."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (stat := _stat(int(entry.name))) is not None and stat[2] == pid:
            found.append(int(entry.name))
    return found


def nginx_of(serve_pid: int) -> int:
    """The nginx process deploy/serve started."""
    found = [pid for pid in children(serve_pid) if (stat := _stat(pid)) is not None and stat[0] == "nginx"]
    assert len(found) == 1, found
    return found[0]


def wait_gone(pids: list[int], timeout: float = 30) -> list[int]:
    """Wait until none of `pids` is alive; return those still alive at the deadline."""
    return loopback_nginx.exited(pids, timeout)


def scratch_folder(nginx_pid: int) -> Path:
    """The prefix folder deploy/serve made for nginx (`nginx -p PREFIX ...`)."""
    argv = Path(f"/proc/{nginx_pid}/cmdline").read_bytes().split(b"\0")
    return Path(argv[argv.index(b"-p") + 1].decode())


@pytest.fixture(autouse=True)
def _nginx_installed() -> None:
    need(loopback_nginx.NGINX is not None, "Debian's nginx is not installed")
    need(loopback_nginx.BROTLI_MODULE.is_file(), "libnginx-mod-http-brotli-static is not installed")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP], ids=lambda s: s.name)
def test_a_signal_to_deploy_serve_stops_nginx(built_site: Path, sig: signal.Signals) -> None:
    port = loopback_nginx.free_port()
    server = subprocess.Popen(
        [str(loopback_nginx.DEPLOY_SERVE), str(built_site), str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert loopback_nginx.wait_listening(server, port)
        nginx = nginx_of(server.pid)
        prefix = scratch_folder(nginx)
        server.send_signal(sig)
        assert server.wait(timeout=30) == 0
    finally:
        if server.poll() is None:
            server.kill()
    assert wait_gone([nginx], timeout=1) == [], "nginx outlived deploy/serve"
    assert not loopback_nginx.listening(port)
    assert not prefix.exists()


CHILD = """
import os, signal, sys, time
sys.path.insert(0, sys.argv[1])
import loopback_nginx
with loopback_nginx.serve(loopback_nginx.Path(sys.argv[2])) as url:
    print(url, flush=True)
    sys.stdin.readline()  # until the test has seen nginx running (and then ends this process, or says "go")
    if sys.argv[3] == "exception":
        raise RuntimeError("a test failed")
"""


@pytest.mark.parametrize("how", ["exit", "exception", "SIGINT", "SIGTERM", "SIGKILL"])
def test_the_tests_nginx_stops_with_the_process_that_started_it(built_site: Path, how: str) -> None:
    """A test session or a benchmark that ends (normally, by an error, Ctrl-C, SIGTERM, SIGKILL) leaves no nginx."""
    starter = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(TESTS), str(built_site), how],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert starter.stdin is not None and starter.stdout is not None
        url = starter.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:"), url
        port = int(url.rstrip("/").rsplit(":", 1)[1])
        (serve,) = children(starter.pid) or [0]
        nginx = nginx_of(serve) if serve else 0
        if how.startswith("SIG"):
            os.kill(starter.pid, getattr(signal, how))
        else:
            starter.stdin.write("go\n")
            starter.stdin.flush()
        starter.wait(timeout=30)
    finally:
        if starter.poll() is None:
            starter.kill()
    assert serve and nginx, "deploy/serve and nginx were not running while the test needed them"
    assert wait_gone([serve, nginx]) == [], f"left running after {how}"
    assert not loopback_nginx.listening(port)
