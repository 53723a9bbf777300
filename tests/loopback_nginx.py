"""deploy/serve (Debian's nginx, as in production) serving a built site on 127.0.0.1, for the browser tests and the
benchmarks: a child that never outlives the process that started it.

A normal exit or an exception leaves the `serve` block, which stops it (SIGTERM: deploy/serve passes it on to nginx
and waits for it); SIGINT arrives as KeyboardInterrupt and does the same. When this process dies without leaving the
block (SIGTERM without a handler, SIGKILL), the kernel sends deploy/serve SIGTERM (`setpriv --pdeathsig`), which
stops nginx the same way. tests/browser/test_deploy_serve.py checks each of these.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import select
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEPLOY_SERVE = ROOT / "deploy" / "serve"
SETPRIV = shutil.which("setpriv")  # util-linux, on every Debian
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")


def free_port() -> int:
    """A port no one listens on now (another process may take it before nginx binds it: `serve` then retries)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def listening(port: int) -> bool:
    """Whether something accepts connections on 127.0.0.1:port."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


def start(site: Path, port: int) -> subprocess.Popen[bytes]:
    """deploy/serve SITE PORT as a child that gets SIGTERM when this process dies."""
    command = [str(DEPLOY_SERVE), str(site), str(port)]
    if SETPRIV is not None:
        command = [SETPRIV, "--pdeathsig", "TERM", "--", *command]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def exited(pids: list[int], timeout: float) -> list[int]:
    """Wait up to `timeout` seconds until every process of `pids` has exited (a pidfd becomes readable when its process
    exits: the kernel's event, no polling); return those still running."""
    fds: dict[int, int] = {}
    for pid in pids:
        try:
            fds[os.pidfd_open(pid)] = pid
        except ProcessLookupError:  # already gone
            continue
    waiting = select.poll()
    for fd in fds:
        waiting.register(fd, select.POLLIN)
    deadline = time.monotonic() + timeout
    try:
        while fds and (left := deadline - time.monotonic()) > 0:
            for fd, _event in waiting.poll(left * 1000):
                waiting.unregister(fd)
                os.close(fd)
                del fds[fd]
        return sorted(fds.values())
    finally:
        for fd in fds:
            os.close(fd)


def wait_listening(server: subprocess.Popen[bytes], port: int, timeout: float = 30) -> bool:
    """Wait until nginx accepts connections (True) or deploy/serve has exited (False, e.g. the port was taken).

    nginx started in the foreground says nothing when it is ready and a port has no event to wait on, so between two
    connection attempts this waits on deploy/serve's exit (its pidfd), for at most 20 ms."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if listening(port):
            return True
        if not exited([server.pid], 0.02):  # deploy/serve has ended: nginx did not start
            return False
    raise TimeoutError(f"deploy/serve did not listen on port {port} within {timeout} s")


def stop(server: subprocess.Popen[bytes]) -> None:
    """SIGTERM to deploy/serve, which stops nginx and exits once it has."""
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
    server.wait(timeout=30)
    if server.stderr is not None:
        server.stderr.close()


@contextlib.contextmanager
def serve(site: Path, attempts: int = 5) -> Iterator[str]:
    """The built `site` served by deploy/serve on a free port of 127.0.0.1; its URL, ending in '/'."""
    error = ""
    for _attempt in range(attempts):
        port = free_port()
        server = start(site, port)
        try:
            if wait_listening(server, port):
                break
        except BaseException:
            stop(server)
            raise
        error = server.stderr.read().decode() if server.stderr else ""
        stop(server)
    else:
        raise RuntimeError(f"deploy/serve did not start: {error}")
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        stop(server)


def raw_request(url: str, target: bytes, method: bytes = b"GET", **headers: str) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body of one request whose request-target is sent byte for byte as given (no client
    normalizes or encodes it, as a browser or urllib would), to the server of `url`."""
    parts = urlsplit(url)
    lines = [method + b" " + target + b" HTTP/1.1", f"Host: {parts.netloc}".encode(), b"Connection: close"]
    lines += [f"{name.replace('_', '-')}: {value}".encode() for name, value in headers.items()]
    with socket.create_connection((parts.hostname, parts.port), timeout=20) as connection:
        connection.sendall(b"\r\n".join(lines) + b"\r\n\r\n")
        response = http.client.HTTPResponse(connection, method=method.decode())
        response.begin()
        return response.status, dict(response.getheaders()), response.read()
