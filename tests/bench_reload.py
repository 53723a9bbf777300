"""Reload benchmark: how soon `mkdocs serve` serves a data edit, on the real site.

    .venv/bin/python tests/bench_reload.py [--edits 5]

In a temporary copy of the project it starts `mkdocs serve`, waits until it serves, then edits one data file
(`data/text/en.yaml`: the "All faults" label, a word changed each time) and polls the English page of fault 13
until it shows the new label, measuring the time from the file's write to the first response that has it (the
rebuilt site is published in one step at the end of the build, so the next edit starts a new build). One JSON
line on stdout: every edit's seconds and their median.

With `--without ITEM` (an item for speed of hooks/third_party.py: theme_listing, poll_sooner, page_renders,
locale_reuse; repeatable) the same edits are also timed on a server run without that item (FAULTSITE_WITHOUT), the
servers in alternation over `--rounds` rounds, so every variant meets the same machine; `variants` gives each one's
seconds and median.

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

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))

from third_party import SPEED_ITEMS, WITHOUT_ENV

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


def copy_project(temp: Path) -> Path:
    project = temp / "project"
    for item in COPIED:
        source = ROOT / item
        if source.is_dir():
            shutil.copytree(source, project / item, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            project.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, project / item)
    return project


def time_edits(project: Path, log: Path, edits: int, without: str) -> list[float]:
    """Start `mkdocs serve` (leaving out `without`), time `edits` data edits until served, stop it."""
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", WITHOUT_ENV: without}
    with log.open("w", encoding="utf-8") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
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
        for edit in range(edits):
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
        text_file.write_text(original, encoding="utf-8")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=5, help="edits per server run")
    parser.add_argument("--without", action="append", default=[], choices=SPEED_ITEMS, help="also time without it")
    parser.add_argument("--rounds", type=int, default=1, help="server runs per variant, in alternation")
    args = parser.parse_args()
    temp = Path(tempfile.mkdtemp(prefix="bench_reload_"))
    variants = ["", *args.without]
    seconds: dict[str, list[float]] = {variant: [] for variant in variants}
    try:
        project = copy_project(temp)
        for _ in range(args.rounds):
            for variant in variants:
                seconds[variant] += time_edits(project, temp / "serve.log", args.edits, variant)
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    result: dict[str, object] = {
        "edits": len(seconds[""]),
        "seconds": [round(s, 3) for s in seconds[""]],
        "median_seconds": round(statistics.median(seconds[""]), 3),
    }
    if args.without:
        result["variants"] = {
            f"without {variant}": {
                "seconds": [round(s, 3) for s in seconds[variant]],
                "median_seconds": round(statistics.median(seconds[variant]), 3),
            }
            for variant in args.without
        }
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
