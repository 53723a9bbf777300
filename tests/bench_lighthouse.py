"""Lighthouse scores of the built site, served on loopback the way a static host serves it (gzip).

    python tests/bench_lighthouse.py [--site DIR]

Builds the site (unless --site is given), serves it on 127.0.0.1, runs Lighthouse (npm, tests/perf) with Debian's
Chromium on a home page and a fault page in two locales, and prints one JSON line of scores (0-100) per page.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PERF = ROOT / "tests" / "perf"
PAGES = ["", "faults/13/", "ja/", "ja/faults/13/"]
CATEGORIES = "performance,accessibility,best-practices,seo"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking "
    "--disable-component-update --disable-sync"
)
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".xml", ".svg", ".map"}


class StaticHost(http.server.SimpleHTTPRequestHandler):
    """Serves files gzip-compressed when the client accepts it, as static hosts do."""

    def log_message(self, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (
            path.suffix not in COMPRESSIBLE
            or "gzip" not in self.headers.get("Accept-Encoding", "")
            or not path.is_file()
        ):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        return io.BytesIO(body)


def build(site: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "--site-dir", str(site)],
        cwd=ROOT,
        check=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


def lighthouse(url: str, output: Path) -> dict[str, int]:
    if not (PERF / "node_modules" / ".bin" / "lighthouse").exists():
        subprocess.run(["npm", "ci", "--prefix", str(PERF), "--no-audit", "--no-fund", "--loglevel=error"], check=True)
    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("Debian's chromium is needed: apt-get install chromium")
    subprocess.run(
        [
            str(PERF / "node_modules" / ".bin" / "lighthouse"),
            url,
            "--quiet",
            f"--chrome-flags={CHROME_FLAGS}",
            "--output=json",
            f"--output-path={output}",
            f"--only-categories={CATEGORIES}",
        ],
        check=True,
        env={**os.environ, "CHROME_PATH": chromium},
    )
    report = json.loads(output.read_text(encoding="utf-8"))
    return {key: round(100 * value["score"]) for key, value in report["categories"].items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="an already built site (default: build one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        site = args.site or Path(temp) / "site"
        if args.site is None:
            build(site)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(StaticHost, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        try:
            for page in PAGES:
                scores = lighthouse(base + page, Path(temp) / "report.json")
                print(json.dumps({"page": "/" + page, **scores}), flush=True)
        finally:
            server.shutdown()


if __name__ == "__main__":
    main()
