"""Loading, stage 2: faults.yaml, its structure, link targets and faults, and the IDs that refer to faults."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .markdown_text import url_problem
from .model import Fault, Link, Versions
from .schema import MAX_FAULT_ID, PLAIN, DocChecks, absent_as, is_fault_id, kind
from .yamlfile import YamlPath

FACTS_FILE = "faults.yaml"
_VERSION = re.compile(r"^\d+(\.\d+)*$")
_LINK_ID = re.compile(r"^[a-z][a-z0-9-]*$")
_LOG = re.compile(r"^/[^\s`\\<>\[\]{}|*_]+$")


@dataclass(frozen=True)
class Facts:
    """The language-neutral facts that are well formed."""

    hosts: set[str]
    links: dict[str, Link]
    faults: dict[int, Fault]


def check_facts(check: DocChecks, locales: set[str]) -> Facts:
    """The facts of faults.yaml; a Problem for every one that is malformed or refers to nothing."""
    top = check.mapping(check.doc.data, (), ("allowed_hosts", "links", "faults"))
    hosts = set(check.strings(top.get("allowed_hosts"), ("allowed_hosts",)))
    raw_links = check.mapping(absent_as(top.get("links"), {}), ("links",), None)
    links = {str(link_id): _link(check, link_id, spec, hosts, locales) for link_id, spec in raw_links.items()}
    faults, positions = _faults(check, top.get("faults"))
    _check_related(check, faults, positions)
    return Facts(hosts=hosts, links=links, faults=faults)


def _link(check: DocChecks, link_id: Any, spec: Any, hosts: set[str], locales: set[str]) -> Link:
    path: YamlPath = ("links", link_id)
    if not isinstance(link_id, str) or not _LINK_ID.match(link_id) or link_id.startswith("fault-"):
        check.report(path, f"link id {link_id!r} must be lower-case words joined by '-', not fault-<n>")
    spec = check.mapping(spec, path, ("title", "urls"), field=f"links.{link_id}")
    title = spec.get("title")
    if not isinstance(title, str) or not title.strip():
        check.report(path + ("title",), "a link needs a non-empty title", field=f"links.{link_id}.title")
    elif not PLAIN.match(title) or len(title) > 300:
        check.report(
            path + ("title",),
            f"a link title is plain words (no Markdown or HTML characters, at most "
            f"300 characters), found {title[:60]!r}",
            field=f"links.{link_id}.title",
        )
    urls = _link_urls(check, path, link_id, spec.get("urls"), hosts, locales)
    return Link(id=str(link_id), title=str(title), urls={str(k): str(v) for k, v in urls.items()})


def _link_urls(
    check: DocChecks, path: YamlPath, link_id: Any, urls: Any, hosts: set[str], locales: set[str]
) -> dict[Any, Any]:
    """A link's addresses: `default` and configured locales, each https on an allowed host."""
    if not isinstance(urls, dict) or "default" not in urls:
        check.report(path + ("urls",), "a link needs urls with a `default` address", field=f"links.{link_id}.urls")
        return {}
    for key, url in urls.items():
        field = f"links.{link_id}.urls.{key}"
        if key != "default" and key not in locales:
            check.report(path + ("urls", key), f"locale {key!r} is not configured", field=field)
        problem = url_problem(url, hosts) if isinstance(url, str) else f"expected a URL, found {kind(url)}"
        if problem:
            check.report(path + ("urls", key), problem, field=field)
    return urls


def _faults(check: DocChecks, raw_faults: Any) -> tuple[dict[int, Fault], dict[int, int]]:
    """Every well-formed fault by id, and the index of each in the list; an id given twice is reported."""
    if not isinstance(raw_faults, list) or not raw_faults:
        check.report(("faults",), f"expected a non-empty list of faults, found {kind(raw_faults)}")
        raw_faults = []
    faults: dict[int, Fault] = {}
    positions: dict[int, int] = {}
    for index, raw in enumerate(raw_faults):
        fault = _fault(check, index, raw)
        if fault is None:
            continue
        if fault.id in faults:
            check.report(("faults", index, "id"), f"fault {fault.id} appears twice", fault=fault.id, field="id")
        faults[fault.id] = fault
        positions[fault.id] = index
    return faults, positions


def _fault(check: DocChecks, index: int, raw: Any) -> Fault | None:
    path: YamlPath = ("faults", index)
    spec = check.mapping(raw, path, ("id", "logs", "versions", "related", "retired"))
    fault_id = spec.get("id")
    if not is_fault_id(fault_id):
        message = f"fault id must be a whole number from 1 to {MAX_FAULT_ID}, found {fault_id!r:.40}"
        check.report(path + ("id",), message, field="id")
        return None
    return Fault(
        id=fault_id,
        logs=check.strings(spec.get("logs"), path + ("logs",), _LOG, field="logs", fault=fault_id),
        versions=_versions(check, spec.get("versions"), path + ("versions",), fault_id),
        related=_related(check, spec.get("related"), path + ("related",), fault_id),
        retired=check.flag(spec.get("retired"), path + ("retired",), field="retired", fault=fault_id),
    )


def _versions(check: DocChecks, raw: Any, path: YamlPath, fault_id: int) -> Versions:
    versions = check.mapping(absent_as(raw, {}), path, ("connector", "macos"), field="versions", fault=fault_id)
    return Versions(
        connector=check.strings(
            versions.get("connector"), path + ("connector",), _VERSION, field="versions.connector", fault=fault_id
        ),
        macos=check.strings(versions.get("macos"), path + ("macos",), _VERSION, field="versions.macos", fault=fault_id),
    )


def _related(check: DocChecks, raw: Any, path: YamlPath, fault_id: int) -> tuple[int, ...]:
    related = absent_as(raw, [])
    if isinstance(related, list) and all(is_fault_id(r) for r in related):
        return tuple(related)
    check.report(path, "related must be a list of fault ids", field="related", fault=fault_id)
    return ()


def _check_related(check: DocChecks, faults: dict[int, Fault], positions: dict[int, int]) -> None:
    """Every related fault is another fault of the file."""
    for fault in faults.values():
        for number, ref in enumerate(fault.related):
            if ref in faults and ref != fault.id:
                continue
            message = "a fault cannot be related to itself" if ref in faults else f"related fault {ref} does not exist"
            path = ("faults", positions[fault.id], "related", number)
            check.report(path, message, fault=fault.id, field="related")
