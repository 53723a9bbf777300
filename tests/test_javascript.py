"""The site's own JavaScript (overrides/assets/javascripts/, not *.min.js), linted by ESLint's recommended rules and
type-checked by TypeScript (`tsc --noEmit --checkJs`, strict, types in JSDoc comments and in
tests/browser/site-globals.d.ts, no value typed any). Both are pinned in tests/browser/package-lock.json (`npm ci
--prefix tests/browser`, which .ci/run does): without them the tests skip locally and fail under CI=true."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, node_executable

BROWSER = ROOT / "tests" / "browser"
SCRIPTS = ROOT / "overrides" / "assets" / "javascripts"


def _site_scripts() -> set[Path]:
    return {path for path in SCRIPTS.glob("*.js") if not path.name.endswith(".min.js")}


def _tool(package: str, entry: str) -> list[str]:
    """The command of a pinned npm tool: skipped where `npm ci --prefix tests/browser` has not run, except in CI."""
    script = BROWSER / "node_modules" / package / entry
    if not script.is_file():
        message = f"{package} is not installed: run `npm ci --prefix tests/browser`"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return [node_executable(), str(script)]


def test_the_tools_are_pinned_exactly() -> None:
    """A version range would let a new ESLint rule or TypeScript check fail a build nobody changed."""
    manifest = json.loads((BROWSER / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((BROWSER / "package-lock.json").read_text(encoding="utf-8"))
    for name in ("eslint", "@eslint/js", "globals", "typescript"):
        version = manifest["dependencies"][name]
        assert version[0].isdigit(), f"{name} {version}: not an exact version"
        assert lock["packages"][f"node_modules/{name}"]["version"] == version, name


def test_eslint_finds_nothing_in_every_site_script() -> None:
    command = _tool("eslint", "bin/eslint.js")
    config = ["--config", "tests/browser/eslint.config.mjs", "--format", "json", "overrides/assets/javascripts/"]
    result = subprocess.run(command + config, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.stdout, result.stderr
    reports = json.loads(result.stdout)
    assert {Path(report["filePath"]) for report in reports} == _site_scripts()
    problems = [
        f"{Path(report['filePath']).name}:{message['line']}: {message['message']} ({message.get('ruleId')})"
        for report in reports
        for message in report["messages"]
    ]
    assert problems == [] and result.returncode == 0, "\n".join(problems) or result.stderr


def test_typescript_finds_no_type_error_in_every_site_script() -> None:
    command = _tool("typescript", "bin/tsc") + ["--project", "tsconfig.json", "--listFilesOnly"]
    listed = subprocess.run(command, cwd=BROWSER, capture_output=True, text=True, timeout=300)
    checked = {Path(line).resolve() for line in listed.stdout.splitlines() if line.startswith(str(SCRIPTS))}
    assert checked == _site_scripts(), listed.stdout + listed.stderr
    result = subprocess.run(command[:-1], cwd=BROWSER, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_typescript_runs_every_strict_check_on_our_files() -> None:
    """An option of `strict` turned off (noImplicitAny: false was one) or skipLibCheck, which skips our own
    site-globals.d.ts too (a misspelt type there would be any), would let types go unchecked without a word."""
    command = _tool("typescript", "bin/tsc") + ["--project", "tsconfig.json", "--showConfig"]
    result = subprocess.run(command, cwd=BROWSER, capture_output=True, text=True, timeout=300)
    options = json.loads(result.stdout)["compilerOptions"]
    strict_family = (
        "noImplicitAny",
        "noImplicitThis",
        "strictNullChecks",
        "strictFunctionTypes",
        "strictBindCallApply",
        "strictPropertyInitialization",
        "strictBuiltinIteratorReturn",
        "useUnknownInCatchVariables",
        "alwaysStrict",
    )
    assert options.get("strict") is True and options.get("checkJs") is True, options
    assert [name for name in strict_family if options.get(name) is False] == []
    assert not options.get("skipLibCheck"), "skipLibCheck skips site-globals.d.ts"


def test_no_value_in_the_site_scripts_is_typed_any() -> None:
    """noImplicitAny misses what the standard library types any: a bare `new Map()` (Map<any, any>), an empty array
    filled later, a replacer's groups. tests/js/any-types.js walks every name of the scripts with tsc's checker."""
    _tool("typescript", "bin/tsc")
    command = [node_executable(), str(ROOT / "tests" / "js" / "any-types.js")]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "", result.stdout
