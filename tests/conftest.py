"""Shared fixtures: the real data, and one build of the real site per test session."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from collections.abc import Generator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from faultsite.load import load_catalog  # noqa: E402
from faultsite.model import Catalog  # noqa: E402


def _configured_locales(mkdocs_yml: Path) -> tuple[str, tuple[str, ...]]:
    """The default locale and every locale, default first, from mkdocs.yml: the one list of the site's languages."""
    import yaml

    config = yaml.safe_load(mkdocs_yml.read_text(encoding="utf-8"))
    plugins = {
        name: options
        for item in config["plugins"]
        for name, options in (item.items() if isinstance(item, dict) else [(item, {})])
    }
    languages = plugins["i18n"]["languages"]
    default = next(lang["locale"] for lang in languages if lang.get("default"))
    return default, (default, *[lang["locale"] for lang in languages if lang["locale"] != default])


DEFAULT_LOCALE, LOCALES = _configured_locales(ROOT / "mkdocs.yml")

# Every property test inherits this profile (loaded before any test module makes its settings; test_house.py checks
# that none overrides deadline or derandomize): under CI=true the same examples every run, each failure with the blob
# that replays it; locally new examples every run, each failure with its seed (pytest_runtest_makereport below). No
# wall-clock limit: a machine loaded many times over is slow, which is not a property of the code.
settings.register_profile(
    "faultsite",
    derandomize=os.environ.get("CI") == "true",
    print_blob=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("faultsite")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """A failed property test that drew random examples names its seed (Hypothesis itself does so only for a flaky
    failure; its example database replays a failure on this machine, the seed on any)."""
    report = yield
    seed = getattr(getattr(item, "obj", None), "_hypothesis_internal_use_generated_seed", None)
    if report.when == "call" and report.failed and seed is not None:
        report.sections.append(
            ("Hypothesis seed", f"reproduce with @seed({seed}) on the test, or pytest --hypothesis-seed={seed}")
        )
    return report


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog(ROOT / "data", locales=LOCALES, default_locale=DEFAULT_LOCALE)


def _build_site(site: Path) -> None:
    """Build as production does (in parallel where there are cores: FAULTSITE_SEQUENTIAL is not passed on); the
    build's log is kept beside the site, in <site>.log."""
    env = {key: value for key, value in os.environ.items() if key != "FAULTSITE_SEQUENTIAL"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**env, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr[-4000:]
    warnings = [line for line in result.stderr.splitlines() if line.startswith(("WARNING", "ERROR"))]
    assert warnings == [], "\n".join(warnings)
    site.with_name(site.name + ".log").write_text(result.stderr, encoding="utf-8")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built once with `mkdocs build --strict` into a temporary folder.

    Under pytest-xdist, the workers of one run share it: the first to need it builds it while holding a lock in
    the run's temporary folder, the others wait for the lock and read the same site (no test writes into it).
    """
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        site = tmp_path_factory.mktemp("site")
        _build_site(site)
        return site
    shared = tmp_path_factory.getbasetemp().parent  # one folder per run, holding each worker's own folder
    site, built = shared / "site", shared / "site.built"
    with (shared / "site.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        if not built.exists():
            shutil.rmtree(site, ignore_errors=True)  # what a failed attempt of another worker left
            _build_site(site)
            built.touch()
    return site


def problem_messages(stderr: str) -> list[str]:
    """The log messages at WARNING and above in what a MkDocs command wrote to stderr (one line each: a message's
    further lines do not start with a level)."""
    return [line for line in stderr.splitlines() if line.split(" ", 1)[0] in ("WARNING", "ERROR", "CRITICAL")]


@pytest.fixture(scope="session")
def built_site_log(built_site: Path) -> str:
    """What the build of `built_site` wrote to stderr."""
    return built_site.with_name(built_site.name + ".log").read_text(encoding="utf-8")


def node_executable() -> str:
    """Node.js, for the tests of the site's JavaScript: skipped where it is missing, required under CI=true."""
    import shutil

    found = shutil.which("node")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("node is required under CI=true")
        pytest.skip("node is not installed")
    return found
