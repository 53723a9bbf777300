"""The scale benchmark runs end to end on a small synthetic site (its figures are not checked: they are measured)."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import LOCALES, ROOT

KEYS = {
    "faults",
    "locales",
    "pages",
    "seconds",
    "sequential_seconds",
    "parallel_ratio",
    "ms_per_page",
    "max_rss_mb",
    "fault_page_bytes",
    "search_index_bytes",
    "baseline_seconds",
    "overhead_ratio",
}


def test_bench_scale_prints_one_json_line_for_a_small_site() -> None:
    before = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout
    result = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "bench_scale.py"), "--faults", "3"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    figures = json.loads(lines[0])
    assert set(figures) >= KEYS
    assert figures["faults"] == 3 and figures["locales"] == len(LOCALES)
    assert figures["pages"] >= 3 * len(LOCALES)
    assert set(figures["search_index_bytes"]) == set(LOCALES)
    after = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout
    assert after == before, "the benchmark must not change the repository"
