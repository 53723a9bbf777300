"""The house rules of the test suite that the code can check: one module of shared helpers, one Hypothesis profile."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

TESTS = ROOT / "tests"
TEST_FILES = sorted(path for path in TESTS.rglob("*.py") if "node_modules" not in path.parts)


def _imported_modules(tree: ast.Module) -> list[str]:
    """Every module an import statement names, relative ones with their dots."""
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            found += [module] if node.module else [module + alias.name for alias in node.names]
    return found


def test_no_test_module_imports_another() -> None:
    """Shared helpers live in tests/helpers.py: a test module imported by another runs its tests' module code twice
    and hides which names are shared."""
    offenders = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in TEST_FILES
        for module in _imported_modules(ast.parse(path.read_text(encoding="utf-8")))
        if module.rsplit(".", 1)[-1].startswith("test_")
    ]
    assert offenders == []


def test_no_property_test_sets_its_own_deadline_or_randomness() -> None:
    """conftest.py's profile decides both for every property test: a per-test deadline fails on a loaded machine."""
    offenders = [
        f"{path.relative_to(ROOT)}:{node.lineno} sets {keyword.arg}"
        for path in TEST_FILES
        if path.name != "conftest.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        for keyword in node.keywords
        if keyword.arg in ("deadline", "derandomize")
        and any(name in ast.unparse(node.func) for name in ("settings", "register_profile"))
    ]
    assert offenders == []


FAILING_PROPERTY = """
from hypothesis import given, settings, strategies as st

@settings(database=None)
@given(st.integers())
def test_fails(n):
    assert n < 10
"""


def _run_failing_property(tmp_path: Path, ci: bool) -> str:
    """The output of pytest running a property test that fails, with conftest.py as its plugin."""
    (tmp_path / "test_fails.py").write_text(FAILING_PROPERTY, encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key != "CI"} | {"PYTHONPATH": str(TESTS)}
    if ci:
        env["CI"] = "true"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "conftest", "-p", "no:cacheprovider", "-n", "0", "test_fails.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


@pytest.mark.parametrize("ci", [False, True], ids=["locally", "CI"])
def test_a_failing_property_says_how_to_reproduce_it(tmp_path: Path, ci: bool) -> None:
    """Locally the examples are random and the failure names its seed; under CI=true they are the same every run
    and the failure carries the blob that replays it."""
    out = _run_failing_property(tmp_path, ci)
    assert "@reproduce_failure(" in out
    assert ("--hypothesis-seed=" in out) is not ci, out[-3000:]


# Where ARCHITECTURE.md's bare file names live.
_SOURCE_FOLDERS = ("", "hooks", "hooks/faultsite", "overrides/assets/javascripts", "tests", "tests/browser")
_TOP_FOLDERS = ("hooks/", "overrides/", "data/", "tests/", "deploy/", ".ci/")


def _named_in_architecture() -> set[str]:
    """The files ARCHITECTURE.md names in code spans: modules and scripts, and paths in the repository."""
    spans = re.findall(r"`([^`\s]+)`", (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8"))
    return {
        span
        for span in spans
        if span.endswith((".py", ".js")) or (span.startswith(_TOP_FOLDERS) and not re.search(r"[<*]", span))
    }


def test_every_file_architecture_names_exists() -> None:
    missing = [
        name
        for name in sorted(_named_in_architecture())
        if not any((ROOT / folder / name).exists() for folder in _SOURCE_FOLDERS)
    ]
    assert missing == [], "ARCHITECTURE.md names files that do not exist"


def test_architecture_names_every_module_and_script() -> None:
    named = {name.rsplit("/", 1)[-1] for name in _named_in_architecture()}
    sources = [
        *(ROOT / "hooks" / "faultsite").glob("*.py"),
        *(ROOT / "overrides" / "assets" / "javascripts").glob("*.js"),
    ]
    unnamed = sorted(path.name for path in sources if path.name != "__init__.py" and path.name not in named)
    assert unnamed == [], "modules and scripts that ARCHITECTURE.md does not name"
