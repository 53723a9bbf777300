"""Problems found in the data, collected and reported all at once."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data, located as precisely as the checker knows."""

    file: str
    line: int | None = None
    fault: int | str | None = None
    locale: str | None = None
    field: str | None = None
    message: str = ""

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        parts = [where]
        if self.locale is not None:
            parts.append(f"locale {self.locale}")
        if self.fault is not None:
            parts.append(f"fault {self.fault}")
        if self.field is not None:
            parts.append(f"field {self.field}")
        return ", ".join(parts) + f": {self.message}"


class DataError(Exception):
    """The data cannot be published; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems), key=_sort_key)
        count = len(self.problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the fault data:\n{lines}")


def _sort_key(p: Problem) -> tuple[str, int, str, str, str, str]:
    return (p.file, p.line or 0, str(p.locale), str(p.fault), str(p.field), p.message)
