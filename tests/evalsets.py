"""The search evaluation sets and how they are scored, shared by the Node and the browser tests (issue 20, item 7).

Three sets of queries (tests/search_eval.yaml, written from the data before the first tuning;
tests/search_eval_unseen.yaml and tests/search_eval_blind.yaml, each written blind: by someone who saw neither the
engine nor the other sets) and the blind fault-ID-field probes (tests/goto_probes_blind.yaml). A query hits when
the first result is an expected fault and, for several expected faults, every one of them is listed."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

TESTS = Path(__file__).resolve().parent
SETS = {"first": "search_eval.yaml", "unseen": "search_eval_unseen.yaml", "blind": "search_eval_blind.yaml"}
PROBES = TESTS / "goto_probes_blind.yaml"
THRESHOLD = 0.97  # hit@1 in every locale, on each set


@dataclass(frozen=True)
class Case:
    """One query of an evaluation set."""

    set: str
    locale: str
    kind: str
    query: str
    expect: tuple[int, ...]


def load_cases() -> list[Case]:
    """Every query of the three sets, in file order."""
    cases = []
    for name, file in SETS.items():
        for locale, entries in yaml.safe_load((TESTS / file).read_text(encoding="utf-8")).items():
            cases += [Case(name, locale, e["kind"], e["q"], tuple(e["expect"])) for e in entries]
    return cases


def load_probes() -> dict[str, list[dict[str, Any]]]:
    """locale -> the fault-ID-field probes: {input, expect: {fault|unknown|several|search}}."""
    probes: dict[str, list[dict[str, Any]]] = yaml.safe_load(PROBES.read_text(encoding="utf-8"))
    return probes


def hit(found: list[int], expected: tuple[int, ...]) -> bool:
    """One expected fault: it is first. Several: one of them is first and every one is listed."""
    return bool(found) and found[0] in expected and set(expected) <= set(found)


def table(rows: list[tuple[Case, bool]], key: str) -> dict[str, dict[str, tuple[int, int]]]:
    """set -> (locale or kind) -> (hits, cases)."""
    out: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for case, ok in rows:
        cell = out[case.set][getattr(case, key)]
        cell[0] += ok
        cell[1] += 1
    return {s: {k: (v[0], v[1]) for k, v in cells.items()} for s, cells in out.items()}


def report(rows: list[tuple[Case, bool]]) -> str:
    """hit@1 per set, per locale and per kind, and every miss: printed by the tests, copied into the README."""
    lines = []
    for key in ("locale", "kind"):
        for name, cells in table(rows, key).items():
            shown = ", ".join(f"{k} {h}/{n} ({h / n:.0%})" for k, (h, n) in cells.items())
            lines.append(f"{name} by {key}: {shown}")
    return "\n".join(lines)


def failing_locales(rows: list[tuple[Case, bool]]) -> list[str]:
    """(set, locale) pairs below the threshold, as text."""
    return [
        f"{name} {locale}: {h}/{n} ({h / n:.1%})"
        for name, cells in table(rows, "locale").items()
        for locale, (h, n) in cells.items()
        if h / n < THRESHOLD
    ]
