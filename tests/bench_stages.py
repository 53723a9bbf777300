"""Where a build spends its time, by stage: the README's profile tables, from a py-spy recording.

    py-spy record -r 50 -f raw -o build.raw -- env FAULTSITE_SEQUENTIAL=1 .venv/bin/mkdocs build -q
    .venv/bin/python tests/bench_stages.py build.raw [before.raw]

(py-spy is not in requirements.txt: `python -m venv /tmp/spy && /tmp/spy/bin/pip install py-spy`; for a large site,
make one with `tests/bench_scale.py --keep`.) Each sample goes to one stage: the first of our stages whose function
is anywhere on its stack, else the package of the innermost frame that belongs to one (Python-Markdown, Jinja,
MkDocs, mkdocs-static-i18n, Material), else "other". py-spy samples the clock, not the CPU: profile on a quiet
machine. With a second recording, its shares are printed beside the first's (a Markdown table).

This is a benchmark tool, not a pytest test (hence bench_*, not test_*).
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

OURS = (  # (stage, a function of ours that is on the stack of every sample of the stage)
    ("ours: search index (search.py, glossary matching)", r"^write_search \("),
    ("ours: precompression", r"^precompress \("),
    ("ours: nginx rules and CSP", r"^write_nginx \("),
    ("ours: structure check of data texts (structure.py, probe.py)", r"^structure_problems \("),
    ("ours: data-text check (locale_text.py, data_html.py)", r"^check_locale_text \(|^block_problems \("),
    ("ours: rendering the fault pages' Markdown (render.py)", r"^fault_markdown \("),
    ("ours: loading the YAML (load.py)", r"^load_catalog \("),
    ("ours: whole-page check (page_check.scan_page)", r"^_check_page \("),
    ("ours: page-content check (page_check.content_problems)", r"^content_problems \("),
    ("ours: sitemaps, API, other hooks", r"fault_site\.py|faultsite/|third_party\.py"),
)
PACKAGES = (  # (stage, the package of a frame), innermost frame first
    ("Python-Markdown on pages", r"markdown/|pymdownx/|Page\.render"),
    ("theme templates (Jinja)", r"jinja2/|\.html:"),
    ("mkdocs-static-i18n", r"mkdocs_static_i18n/"),
    ("Material plugins", r"material/"),
    ("MkDocs", r"mkdocs/"),
)
OTHER = "other (imports, startup, I/O)"


def stage(frames: list[str]) -> str:
    """The stage one sample (its frames, outermost first) belongs to."""
    for name, pattern in OURS:
        if any(re.search(pattern, frame) for frame in frames):
            return name
    for frame in reversed(frames):
        for name, pattern in PACKAGES:
            if re.search(pattern, frame):
                return name
    return OTHER


def samples(recording: Path) -> Counter[str]:
    """stage -> its samples in a py-spy raw recording (one 'frame;frame;... count' per line)."""
    counts: Counter[str] = Counter()
    for line in recording.read_text(encoding="utf-8").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        counts[stage([f for f in stack.split(";") if not f.startswith("process ")])] += int(count)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("recording", type=Path, help="py-spy raw recording (-f raw)")
    parser.add_argument("before", type=Path, nargs="?", help="an earlier recording to compare with")
    parser.add_argument("--rate", type=int, default=50, help="the recordings' samples per second (py-spy -r)")
    args = parser.parse_args()
    runs = [samples(args.before), samples(args.recording)] if args.before else [samples(args.recording)]
    names = sorted({name for run in runs for name in run}, key=lambda n: -max(run[n] for run in runs))
    print("| stage | " + " | ".join(["before", "after"][-len(runs) :]) + " |")
    print("| --- |" + " ---: |" * len(runs))
    for name in [*names, "total"]:
        cells = []
        for run in runs:
            count = sum(run.values()) if name == "total" else run[name]
            cells.append(f"{count / args.rate:.1f} s ({100 * count / (sum(run.values()) or 1):.1f} %)")
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
