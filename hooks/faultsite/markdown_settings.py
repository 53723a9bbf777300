"""How the site renders Markdown: mkdocs.yml's `markdown_extensions` (one source), and a renderer with them."""

from __future__ import annotations

import copy
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import markdown  # type: ignore[import-untyped]  # Python-Markdown ships no stubs; MkDocs renders with it
import yaml

Extensions = tuple[list[str], dict[str, Any]]  # extension names, and the settings of those that have some
_LABEL = re.compile(r"\[([^\[\]]*)\]")  # what a text may cite as [label]: no bracket inside


def markdown_extensions(mkdocs_yml: Path) -> Extensions:
    """The `markdown_extensions` of mkdocs.yml, as Python-Markdown takes them."""
    return copy.deepcopy(_extensions(mkdocs_yml.read_text(encoding="utf-8")))  # the caller's own to change


@lru_cache(maxsize=4)  # mkdocs.yml is read at every rebuild under serve, and seldom changes
def _extensions(text: str) -> Extensions:
    config = yaml.load(text, Loader=_IgnoreTags)
    names: list[str] = []
    options: dict[str, Any] = {}
    for entry in config.get("markdown_extensions") or []:
        name, settings = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        names.append(name)
        if settings:
            options[name] = settings
    return names, options


class _IgnoreTags(yaml.SafeLoader):
    """mkdocs.yml may hold `!!python/name` and `!ENV` tags; they are not needed here."""


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)


@lru_cache(maxsize=8)
def _renderer(names: tuple[str, ...], options: str) -> markdown.Markdown:
    return markdown.Markdown(extensions=list(names), extension_configs=json.loads(options))


def render_html(text: str, *, extensions: Extensions, definitions: dict[str, str]) -> str:
    """`text` as HTML, rendered with the site's settings and the reference definitions the page will have."""
    names, options = extensions
    md = _renderer(tuple(names), json.dumps(options, sort_keys=True))
    md.reset()
    # Only the definitions the text may use: each one costs a parse, and a page defines just those it cites. The
    # labels in brackets are found once (a site of N faults has N definitions: no search per definition).
    labels = sorted(set(_LABEL.findall(text.lower())))
    refs = "".join(f"\n[{ref}]: {definitions[ref]}" for ref in labels if ref in definitions)
    html: str = md.convert(text + "\n" + refs)
    return html


def render_setting(extensions: Extensions, allowed_hosts: set[str]) -> str:
    """Everything besides a text and its cited definitions that its checks depend on, as one string."""
    names, options = extensions
    return json.dumps([names, options, sorted(allowed_hosts)], sort_keys=True)


def setting_extensions(setting: str) -> tuple[Extensions, set[str]]:
    """The extensions and allowed hosts of a render_setting() string."""
    names, options, hosts = json.loads(setting)
    return (names, options), set(hosts)
