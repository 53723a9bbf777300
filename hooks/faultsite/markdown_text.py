"""Checks and facts about the Markdown text of the data: no HTML, only known links."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

# Every pattern is linear or bounded on hostile input (text is at most 20,000 characters).
_CODE_SPAN = re.compile(r"(`{1,10})([^`]{1,2000}?)\1")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]{0,30}(\s[^<>]{0,500})?/?>|<!--|<![A-Za-z]|<\?")
_AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9+.-]{0,30}:[^<>\s]{0,2000}>")
_ENTITY = re.compile(r"&(#\d+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")
_INLINE_LINK = re.compile(r"(!?)\[([^\[\]]{0,2000})\]\(([^()\s]{0,2000})(?:\s[^()]{0,2000})?\)")
_REFERENCE = re.compile(r"\[([^\[\]]{1,2000})\]\[([^\[\]]{0,200})\]")
_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:", re.M)
_BARE_URL = re.compile(r"\b[A-Za-z][A-Za-z0-9+.-]*://\S+")
# A fault as a reference names it: ASCII digits without a leading zero (pages define exactly these).
FAULT_REFERENCE = re.compile(r"^fault-([1-9][0-9]*)$", re.ASCII)
# ASCII look-arounds: in Japanese, Chinese and Korean a version touches letters ("1.14.0以降").
_VERSION = re.compile(r"(?<![0-9A-Za-z.])\d+(?:\.\d+)+(?![0-9A-Za-z]|\.\d)")
_LOG_PATH = re.compile(r"/(?:Library|opt)/[\w./-]*\w")
# Browsers strip or rewrite the first ones before parsing a URL; the others end a Markdown link target or an
# HTML attribute early. A target that needs any of them is refused whole.
_URL_NOISE = re.compile(r"[\x00-\x20\x7f-\x9f\\()<>\"'`{}|^]")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+\S", re.M)


@dataclass(frozen=True)
class TextIssue:
    message: str


def without_code(text: str) -> str:
    """The text with code spans blanked out: their content is shown literally."""
    return _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), text)


def check_text(text: str, *, link_ids: set[str], fault_ids: set[int], allowed_hosts: set[str]) -> list[TextIssue]:
    """Every reason `text` cannot be published as data Markdown."""
    issues: list[TextIssue] = []
    prose = without_code(text)
    plain = _AUTOLINK.sub("", prose)
    for match in _HTML_TAG.finditer(plain):
        issues.append(TextIssue(f"raw HTML {match.group(0)[:40]!r}: the data is Markdown"))
    for match in _AUTOLINK.finditer(prose):
        issues.append(TextIssue(f"autolink {match.group(0)[:60]!r}: refer to a link id of faults.yaml instead"))
    for match in _ENTITY.finditer(prose):
        issues.append(TextIssue(f"HTML entity {match.group(0)!r}: write the character itself"))
    if _DEFINITION.search(prose):
        issues.append(TextIssue("link definition in text: link targets belong in faults.yaml `links`"))
    for bang, _words, target in _INLINE_LINK.findall(prose):
        if bang:
            issues.append(TextIssue("image in text: the data has no images"))
        elif not target or target.startswith("#"):
            issues.append(TextIssue(f"link to a placeholder target {target or '(empty)'!r}"))
        else:
            problem = url_problem(target, allowed_hosts)
            if problem:
                issues.append(TextIssue(problem))
    for _words, ref in _REFERENCE.findall(prose):
        found = FAULT_REFERENCE.match(ref)
        if found:
            if int(found.group(1)) not in fault_ids:
                issues.append(TextIssue(f"reference to fault {found.group(1)}, which does not exist"))
        elif ref.lower().startswith("fault-"):
            issues.append(
                TextIssue(f"reference to {ref!r}: write the fault as fault-<number>, ASCII digits without a leading 0")
            )
        elif ref not in link_ids:
            issues.append(TextIssue(f"reference to unknown link id {ref!r} (known: {', '.join(sorted(link_ids))})"))
    inline_targets = {t for _b, _w, t in _INLINE_LINK.findall(prose)}
    for match in _BARE_URL.finditer(_INLINE_LINK.sub("", prose)):
        if match.group(0) not in inline_targets:
            issues.append(TextIssue(f"bare URL {match.group(0)[:60]!r}: refer to a link id of faults.yaml instead"))
    return issues


def url_problem(url: str, allowed_hosts: set[str]) -> str | None:
    """Why `url` may not be linked, or None; read as a browser reads it (WHATWG), not as urlsplit() does."""
    shown = repr(url[:60])
    if not url.startswith("https://"):
        return f"link {shown} is not https"
    if _URL_NOISE.search(url):
        return (
            f"link {shown} contains a space, control character, backslash or one of "
            """( ) < > " ' ` { } | ^"""
        )
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as error:  # urlsplit() refuses e.g. `https://[x` and hosts that change under NFKC
        return f"link {shown} is not a valid URL ({error!s:.80})"
    if parts.scheme != "https" or not url.startswith("https://"):
        return f"link {shown} is not https"
    if "@" in parts.netloc or parts.port is not None and parts.port != 443:
        return f"link {shown} carries credentials or a port"
    if host not in allowed_hosts or parts.netloc != host:
        return f"link {shown} points to host {host!r}, not on the allowed list ({', '.join(sorted(allowed_hosts))})"
    return None


def link_references(text: str) -> list[str]:
    """The reference ids `[words][id]` in `text`, in order."""
    return [ref for _w, ref in _REFERENCE.findall(without_code(text))]


def fault_references(text: str) -> list[int]:
    """The faults that `text` links to, in order."""
    return [int(m.group(1)) for ref in link_references(text) if (m := FAULT_REFERENCE.match(ref))]


def versions_named(text: str) -> set[str]:
    """Version numbers (1.14.0, 10.15.5, 11.0.1 …) in the prose, not inside paths."""
    return set(_VERSION.findall(_LOG_PATH.sub(" ", text)))


def log_paths(text: str) -> set[str]:
    """Absolute paths under /Library or /opt named in the text."""
    return set(_LOG_PATH.findall(text))


def list_item_count(text: str) -> int:
    return len(_LIST_ITEM.findall(text))
