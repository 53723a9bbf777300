"""SIGINT and SIGTERM during `mkdocs build`: the build unwinds (workers ended, staging folder removed, the published
site left as it was), then one line and the shell's exit status for the signal (130, 143).

Python turns SIGINT into KeyboardInterrupt, which MkDocs' command line prints as a traceback or "Aborted!", and
SIGTERM ends the process at once, leaving the staging folder and orphaned workers behind. Here both raise
`Interrupted` (a KeyboardInterrupt, so code that stops on Ctrl-C stops on it too) once; a second signal while the
build unwinds is noted, not raised, so the clean-up is not cut short.
"""

from __future__ import annotations

import signal
from types import FrameType

_SIGNALS = (signal.SIGINT, signal.SIGTERM)
_received: list[int] = []  # the first signal received, once there is one


class Interrupted(KeyboardInterrupt):
    """The build was stopped by a signal."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def catch_signals() -> None:
    """From now on (in the main thread), SIGINT and SIGTERM raise Interrupted, the first time."""
    _received.clear()
    for signum in _SIGNALS:
        signal.signal(signum, _interrupt)


def received() -> int | None:
    """The signal that stopped the build, if one did."""
    return _received[0] if _received else None


def exit_status(signum: int) -> int:
    """What a shell reports for a process ended by `signum`."""
    return 128 + signum


def message(signum: int, site_dir: object, published: bool) -> str:
    """The one line printed after the build stopped."""
    name = signal.Signals(signum).name
    if site_dir is None:
        return f"stopped by {name} before the build began: nothing was written"
    if published:
        return f"stopped by {name} after the new site was published to {site_dir}"
    return f"stopped by {name}: the build was abandoned, and {site_dir} is as it was"


def _interrupt(signum: int, frame: FrameType | None) -> None:
    if _received:
        return
    _received.append(signum)
    raise Interrupted(signum)
