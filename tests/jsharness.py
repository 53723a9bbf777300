"""The search worker's code in Node (tests/js/harness.js), one process per test session and worker file."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


class Harness:
    """Sends requests to tests/js/harness.js running `worker` (on the index of `site`, if given)."""

    def __init__(self, node: str, worker: Path, site: Path | None = None) -> None:
        command = [node, str(ROOT / "tests" / "js" / "harness.js"), str(worker), str(site or "")]
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def __call__(self, op: str, **request: Any) -> Any:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps({"op": op, **request}) + "\n")
        self.process.stdin.flush()
        answer = json.loads(self.process.stdout.readline())
        if "error" in answer:
            raise AssertionError(f"harness.js: {answer['error']}")
        return answer["ok"]

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)


def built_worker(site: Path) -> Path:
    """The worker file a built site publishes (the one Material's configuration names)."""
    (found,) = (site / "assets" / "javascripts" / "workers").glob("fault-search.*.min.js")
    return found


def source_worker(folder: Path) -> Path:
    """The worker's code as the build makes it (hooks/faultsite/worker.py), written into `folder`."""
    from faultsite.worker import worker_source

    path = folder / "worker.js"
    path.write_text(worker_source(ROOT / "overrides" / "assets" / "javascripts"), encoding="utf-8")
    return path
