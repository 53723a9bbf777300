"""Reload benchmark: how soon `mkdocs serve` serves a data edit, on the real site.

    .venv/bin/python tests/bench_reload.py [--edits 5]

In a temporary copy of the project it starts `mkdocs serve`, waits until it serves, then edits one data file
(`data/text/en.yaml`: the "All faults" label, a word changed each time) and polls the English page of fault 13
until it shows the new label, measuring the time from the file's write to the first response that has it (the
rebuilt site is published in one step at the end of the build, so the next edit starts a new build). One JSON
line on stdout: every edit's seconds and their median.

This is a benchmark, not a pytest test (hence bench_*, not test_*).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPIED = ("mkdocs.yml", "docs", "data", "hooks", "overrides")
LABEL = "  back_to_overview: All faults"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode("utf-8"))
    except OSError:  # refused, reset or timed out while the server rebuilds (URLError is an OSError)
        return ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()
    temp = Path(tempfile.mkdtemp(prefix="bench_reload_"))
    project = temp / "project"
    for item in COPIED:
        source = ROOT / item
        if source.is_dir():
            shutil.copytree(source, project / item, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            project.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, project / item)
    port = free_port()
    log = temp / "serve.log"
    with log.open("w", encoding="utf-8") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    url = f"http://127.0.0.1:{port}/faults/13/"
    text_file = project / "data" / "text" / "en.yaml"
    original = text_file.read_text(encoding="utf-8")
    if LABEL not in original:
        raise SystemExit(f"{text_file}: no line {LABEL.strip()!r} to edit")
    seconds = []
    try:
        deadline = time.monotonic() + 300
        while "All faults" not in fetch(url):  # the first build
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit(f"mkdocs serve did not serve {url}:\n{log.read_text()[-2000:]}")
            time.sleep(0.05)  # polling a server for a page: there is no event to wait for
        for edit in range(args.edits):
            label = f"All faults, edit {edit}"
            text_file.write_text(original.replace(LABEL, f"  back_to_overview: {label}"), encoding="utf-8")
            start = time.monotonic()
            while label not in fetch(url):
                if time.monotonic() - start > 120:
                    raise SystemExit(f"edit {edit} not served after 120 s:\n{log.read_text()[-2000:]}")
                time.sleep(0.01)  # as above
            seconds.append(time.monotonic() - start)
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(temp, ignore_errors=True)
    print(
        json.dumps(
            {
                "edits": len(seconds),
                "seconds": [round(s, 3) for s in seconds],
                "median_seconds": round(statistics.median(seconds), 3),
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    main()
