"""The README's "Add a language" and "Add a fault", followed step by step in a copy of the project, build the site.

Each function below is one numbered step of the README, doing what it says and nothing more; if a step is missing
there, the strict build or a check here fails, and the README is what gets fixed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from helpers import build, project_copy

from conftest import DEFAULT_LOCALE, LOCALES, ROOT
from faultsite.curation import actual_gaps, load_curation
from faultsite.load import load_catalog
from faultsite.permanent_urls import published_paths
from faultsite.urls import fault_path, locale_prefix

NEW_LOCALE, NEW_LANGUAGE = "de", "Deutsch"  # a throwaway locale, not a translation


def _append_to_block(text: str, header: str, lines: str) -> str:
    """`text` with `lines` added at the end of the indented block under the line `header` (as a person would)."""
    found = re.search("^" + re.escape(header), text, re.M)
    assert found is not None, header
    indent = header[: len(header) - len(header.lstrip(" "))]
    end = found.end()
    for line in text[found.end() :].splitlines(keepends=True):
        if line.strip() and not line.startswith(indent + " "):
            break
        end += len(line)
    block = text[found.end() : end].rstrip("\n")
    block += "\n" if block else ""
    return text[: found.end()] + block + lines + text[found.end() + len(block) :]


# --- Add a language ----------------------------------------------------------------------------------------------


def add_language_step_1(project: Path) -> None:
    """Add it to `plugins: i18n: languages:` in mkdocs.yml."""
    config = project / "mkdocs.yml"
    entry = f"        - locale: {NEW_LOCALE}\n          name: {NEW_LANGUAGE}\n"
    config.write_text(_append_to_block(config.read_text(encoding="utf-8"), "      languages:\n", entry), "utf-8")


def add_language_step_2(project: Path) -> None:
    """Create text/<locale>.yaml (the ui: block of en.yaml), curation/<locale>.yaml, index and status pages."""
    data = project / "data"
    english = yaml.safe_load((data / "text" / f"{DEFAULT_LOCALE}.yaml").read_text(encoding="utf-8"))
    text = yaml.safe_dump({"ui": english["ui"]}, allow_unicode=True, sort_keys=False, width=1000)
    (data / "text" / f"{NEW_LOCALE}.yaml").write_text(text, encoding="utf-8")
    (data / "curation" / f"{NEW_LOCALE}.yaml").write_text(
        "# How the German text was curated: nothing translated yet.\n", encoding="utf-8"
    )
    for page in ("index", "status"):
        shutil.copyfile(project / "docs" / f"{page}.md", project / "docs" / f"{page}.{NEW_LOCALE}.md")


def add_language_step_3(project: Path, fault_ids: tuple[int, ...]) -> None:
    """When it is published, add its fault URLs to data/published-urls.txt."""
    _publish(project, [fault_path(fault_id, NEW_LOCALE, DEFAULT_LOCALE) for fault_id in fault_ids])


# --- Add a fault -------------------------------------------------------------------------------------------------


def add_fault_step_1(project: Path, fault_id: int, related: int) -> None:
    """Add its facts to data/faults.yaml."""
    facts = project / "data" / "faults.yaml"
    entry = f"  - id: {fault_id}\n    logs: [/Library/Logs/Cisco/ampdaemon.log]\n    related: [{related}]\n"
    facts.write_text(_append_to_block(facts.read_text(encoding="utf-8"), "faults:\n", entry), encoding="utf-8")


def add_fault_step_2(project: Path, fault_id: int, related: int) -> None:
    """Add its English text to data/text/en.yaml (all three fields)."""
    english = project / "data" / "text" / f"{DEFAULT_LOCALE}.yaml"
    entry = (
        f"  {fault_id}:\n"
        "    portal_text: Throwaway fault raised\n"
        "    endpoint_description: A throwaway fault for the README test\n"
        "    resolution: |\n"
        f"      Restart the connector. Refer to [fault {related}][fault-{related}] if it stays.\n"
    )
    english.write_text(_append_to_block(english.read_text(encoding="utf-8"), "faults:\n", entry), encoding="utf-8")


def add_fault_step_3(project: Path, fault_id: int, locales: tuple[str, ...]) -> None:
    """Add the missing translation to `gaps:` in data/curation/<locale>.yaml, with the reason."""
    for locale in locales:
        curation = project / "data" / "curation" / f"{locale}.yaml"
        text = curation.read_text(encoding="utf-8")
        gap = f'  - {{fault: {fault_id}, field: all, reason: "Added after the seed; not translated yet."}}\n'
        text = text.replace("gaps: []\n", "gaps:\n") if "gaps: []\n" in text else text
        curation.write_text(_append_to_block(text, "gaps:\n", gap), encoding="utf-8")


def add_fault_step_4(project: Path, fault_id: int, locales: tuple[str, ...]) -> None:
    """When it is published, add its URL in every locale to data/published-urls.txt."""
    _publish(project, [fault_path(fault_id, locale, DEFAULT_LOCALE) for locale in locales])


def _publish(project: Path, paths: list[str]) -> None:
    published = project / "data" / "published-urls.txt"
    urls = "".join(f"/{path}\n" for path in paths)
    published.write_text(published.read_text(encoding="utf-8") + urls, encoding="utf-8")


def test_the_readmes_steps_add_a_language_and_a_fault(tmp_path: Path) -> None:
    project = project_copy(tmp_path / "project")
    real = load_catalog(project / "data", locales=LOCALES, default_locale=DEFAULT_LOCALE)
    new_id = max(real.fault_ids) + 1
    locales = (*LOCALES, NEW_LOCALE)
    add_language_step_1(project)
    add_language_step_2(project)
    add_language_step_3(project, real.fault_ids)
    add_fault_step_1(project, new_id, related=real.fault_ids[0])
    add_fault_step_2(project, new_id, related=real.fault_ids[0])
    add_fault_step_3(project, new_id, LOCALES[1:])
    add_fault_step_4(project, new_id, locales)

    site = tmp_path / "site"
    result = build(project, site)
    assert result.returncode == 0, result.stderr[-4000:]
    for locale in locales:
        prefix = locale_prefix(locale, DEFAULT_LOCALE)
        assert (site / prefix / "index.html").is_file(), locale
        assert (site / prefix / "status" / "index.html").is_file(), locale
        for fault_id in (*real.fault_ids, new_id):
            page = site / fault_path(fault_id, locale, DEFAULT_LOCALE) / "index.html"
            assert f'<html lang="{locale}"' in page.read_text(encoding="utf-8"), (locale, fault_id)

    # What the tests then insist on holds for the new fault: every missing translation is a reviewed gap (the new
    # language's gaps are listed by the tests for review, step 4), and every fault URL served is listed.
    catalog = load_catalog(project / "data", locales=locales, default_locale=DEFAULT_LOCALE)
    listed = set(load_curation(project / "data", catalog).gaps)
    assert {gap for gap in actual_gaps(catalog) if gap.fault == new_id and gap.locale != NEW_LOCALE} <= listed
    served = {"/" + fault_path(fault_id, loc, DEFAULT_LOCALE) for loc in locales for fault_id in catalog.fault_ids}
    assert served <= {url for _, url in published_paths(project / "data" / "published-urls.txt")}

    # Step 4 of "Add a language" runs the tests: every test module still loads with the new locale (a table of the
    # tests keyed by the configured locales, written out by hand, would stop them all at collection).
    shutil.copytree(ROOT / "tests", project / "tests", ignore=shutil.ignore_patterns("node_modules", "artifacts"))
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    collected = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-n", "0", "-p", "no:cacheprovider"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert collected.returncode == 0, collected.stdout[-4000:] + collected.stderr[-2000:]
    assert f"[{NEW_LOCALE}]" in collected.stdout  # the tests that run per locale run for the new one too
