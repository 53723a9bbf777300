"""The query pipeline: Python and JavaScript give exactly the answers of one shared table."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from conftest import node_executable
from faultsite.normalize import normalize

ROOT = Path(__file__).resolve().parent.parent
CASES: list[list[str]] = json.loads((ROOT / "tests" / "normalize_cases.json").read_text(encoding="utf-8"))
SCRIPT = ROOT / "overrides" / "assets" / "javascripts" / "normalize.js"


@pytest.mark.parametrize("text, expected", CASES)
def test_python_normalize(text: str, expected: str) -> None:
    assert normalize(text) == expected


def test_javascript_normalize_gives_the_same_answers() -> None:
    node = node_executable()
    program = (
        f"const n = require({json.dumps(str(SCRIPT))});"
        "const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "process.stdout.write(JSON.stringify(cases.map(([t]) => n(t))));"
    )
    result = subprocess.run([node, "-e", program], input=json.dumps(CASES), capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == [expected for _, expected in CASES]
