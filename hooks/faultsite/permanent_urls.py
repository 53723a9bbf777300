"""The contract of permanent links: every fault URL ever published stays served."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import partial
from pathlib import Path

from .problems import Problem
from .urls import FAULTS
from .yamlfile import read_text

PUBLISHED_FILE = "published-urls.txt"
FACTS_FILE = "faults.yaml"
# A fault id as the site writes it in a URL: ASCII digits, no leading zero.
_PUBLISHED = re.compile(
    rf"^/(?:([A-Za-z]{{2,3}}(?:-[A-Za-z0-9]{{2,8}})*)/)?{re.escape(FAULTS)}/([1-9][0-9]{{0,3}})/$", re.ASCII
)


def published_paths(path: Path) -> list[tuple[int, str]]:
    """(line number, URL path) of every published fault URL (none if the file cannot be read: see read_published)."""
    return read_published(path)[0]


def read_published(path: Path) -> tuple[list[tuple[int, str]], list[Problem]]:
    """(line number, URL path) of every line that is not blank or a comment, and the problems of reading the file."""
    if not path.is_file():
        message = (
            "missing: it lists every fault URL ever published, and without it no URL is protected "
            "(create it, one URL path a line, e.g. /faults/13/)"
        )
        return [], [Problem(file=PUBLISHED_FILE, message=message)]
    text, problems = read_text(path, PUBLISHED_FILE)
    if text is None:
        return [], problems
    lines = [
        (number, line.strip())
        for number, line in enumerate(text.removeprefix("\ufeff").split("\n"), 1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not lines:
        message = "lists no URL: it must list every fault URL ever published (one a line, e.g. /faults/13/)"
        return [], [Problem(file=PUBLISHED_FILE, message=message)]
    return lines, []


def published_problems(path: Path, locales: Sequence[str], default_locale: str, fault_ids: set[int]) -> list[Problem]:
    """A published fault URL that this data would no longer serve is an error: links must never break."""
    lines, problems = read_published(path)
    for line, url in lines:
        match = _PUBLISHED.match(url)
        problem = partial(Problem, file=PUBLISHED_FILE, line=line)
        if not match:
            message = f"{url[:80]!r} is not a fault URL like /faults/13/ or /nl/faults/13/ (ASCII digits, no leading 0)"
            problems.append(problem(message=message))
            continue
        locale, fault_id = match.group(1) or default_locale, int(match.group(2))
        if locale not in locales or locale == default_locale and match.group(1):
            message = f"{url} was published, but locale {locale!r} is no longer served"
            problems.append(problem(locale=locale, fault=fault_id, message=message))
        elif fault_id not in fault_ids:
            message = (
                f"{url} was published, but fault {fault_id} is not in {FACTS_FILE}: "
                "keep it there with `retired: true` instead of removing it"
            )
            problems.append(problem(locale=locale, fault=fault_id, message=message))
    return problems
