"""The contract of permanent links: every fault URL ever published stays served."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import partial
from pathlib import Path

from .problems import Problem

PUBLISHED_FILE = "published-urls.txt"
FACTS_FILE = "faults.yaml"
_PUBLISHED = re.compile(r"^/(?:([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)/)?faults/(\d+)/$")


def published_paths(path: Path) -> list[tuple[int, str]]:
    """(line number, URL path) of every published fault URL."""
    if not path.is_file():
        return []
    return [
        (number, line.strip())
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if line.strip() and not line.lstrip().startswith("#")
    ]


def published_problems(path: Path, locales: Sequence[str], default_locale: str, fault_ids: set[int]) -> list[Problem]:
    """A published fault URL that this data would no longer serve is an error: links must never break."""
    if not path.is_file():
        return [
            Problem(
                file=PUBLISHED_FILE,
                message="missing: it lists every fault URL ever published, and without "
                "it no URL is protected (create it, one URL path a line, e.g. /faults/13/)",
            )
        ]
    problems: list[Problem] = []
    for line, url in published_paths(path):
        match = _PUBLISHED.match(url)
        problem = partial(Problem, file=PUBLISHED_FILE, line=line)
        if not match:
            problems.append(problem(message=f"{url!r} is not a fault URL like /faults/13/ or /nl/faults/13/"))
            continue
        locale, fault_id = match.group(1) or default_locale, int(match.group(2))
        if locale not in locales or locale == default_locale and match.group(1):
            problems.append(
                problem(
                    locale=locale,
                    fault=fault_id,
                    message=f"{url} was published, but locale {locale!r} is no longer served",
                )
            )
        elif fault_id not in fault_ids:
            problems.append(
                problem(
                    locale=locale,
                    fault=fault_id,
                    message=f"{url} was published, but fault {fault_id} is not in {FACTS_FILE}: "
                    "keep it there with `retired: true` instead of removing it",
                )
            )
    return problems
