"""What `mkdocs serve` shows after a failed rebuild: the last good site, with the list of problems on every page.

mkdocs' live-reload server holds every page request while a rebuild fails ("the server will appear stuck"), so
under `serve` a failed rebuild ends as one that succeeded (hooks/third_party.py, item 5) and its problems are
written at the top of every page of the site it left in place; the next good rebuild replaces the whole site.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

_BODY = re.compile(r"<body[^>]*>")
_BANNER = re.compile(r'<pre role="alert" id="data-problems".*?</pre>', re.S)
_STYLE = (
    "position:sticky;top:0;z-index:1000;margin:0;padding:1em;background:#b00020;color:#fff;"
    "font:14px/1.4 monospace;white-space:pre-wrap;max-height:50vh;overflow:auto"
)


def problem_banner(page_html: str, problems: str) -> str:
    """`page_html` with a visible banner naming `problems` at the top of its body (replacing an earlier one)."""
    page_html = _BANNER.sub("", page_html)
    banner = (
        f'<pre role="alert" id="data-problems" style="{_STYLE}">'
        f"The last rebuild failed; this preview shows the last good build until the problems are fixed.\n\n"
        f"{html.escape(problems)}</pre>"
    )
    match = _BODY.search(page_html)
    at = match.end() if match else 0
    return page_html[:at] + banner + page_html[at:]


def show_problems(site: Path, problems: list[str]) -> None:
    """Put `problems` at the top of every page of the site in `site`."""
    text = "\n".join(problems)
    for page in site.rglob("*.html"):
        page.write_text(problem_banner(page.read_text(encoding="utf-8"), text), encoding="utf-8")
