"""CPU of the whole-page check over every page of a built site: lexbor (faultsite.page_check) against the html.parser
reference (tests/reference_page_check.py), alternated in one run.

    .venv/bin/mkdocs build --site-dir /tmp/site && .venv/bin/python tests/bench_page_check.py /tmp/site
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).parent), str(Path(__file__).parent.parent / "hooks")]

import reference_page_check  # noqa: E402

from faultsite.page_check import scan_page  # noqa: E402

HOSTS = {"www.cisco.com", "mac-connector-faults.example.org"}
SITE_URL = "https://mac-connector-faults.example.org/"


def main(site: Path, rounds: int = 3) -> None:
    pages = [page.read_text(encoding="utf-8") for page in sorted(site.rglob("*.html"))]
    spent: dict[str, list[float]] = {"html.parser": [], "lexbor": []}
    for _ in range(rounds):
        for name, check in (("html.parser", reference_page_check.scan_page), ("lexbor", scan_page)):
            start = time.process_time()
            for html in pages:
                check(html, HOSTS, SITE_URL)
            spent[name].append(time.process_time() - start)
    best = {name: min(times) for name, times in spent.items()}
    print(f"{len(pages)} pages, {sum(map(len, pages)) / 1e6:.1f} MB; CPU seconds per pass (best of {rounds}):")
    for name, seconds in best.items():
        print(f"  {name:12} {seconds:.3f} s  (all passes: {', '.join(f'{s:.3f}' for s in spent[name])})")
    print(f"  lexbor / html.parser: {best['lexbor'] / best['html.parser']:.2f}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
