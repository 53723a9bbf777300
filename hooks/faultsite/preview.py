"""What `mkdocs serve` shows while the data is broken: the last good site, with the list of problems on every page.

mkdocs' live-reload server holds every page request while a rebuild fails ("the server will appear stuck"), so under
`serve` a data error does not fail the rebuild: the site is rebuilt from the last good data, with this banner.
"""

from __future__ import annotations

import html
import re

_BODY = re.compile(r"<body[^>]*>")
_STYLE = (
    "position:sticky;top:0;z-index:1000;margin:0;padding:1em;background:#b00020;color:#fff;"
    "font:14px/1.4 monospace;white-space:pre-wrap;max-height:50vh;overflow:auto"
)


def problem_banner(page_html: str, problems: str) -> str:
    """`page_html` with a visible banner naming `problems` (the data error's message) at the top of its body."""
    banner = (
        f'<pre role="alert" id="data-problems" style="{_STYLE}">'
        f"The data has problems; this preview shows the last good build until they are fixed.\n\n"
        f"{html.escape(problems)}</pre>"
    )
    match = _BODY.search(page_html)
    at = match.end() if match else 0
    return page_html[:at] + banner + page_html[at:]
