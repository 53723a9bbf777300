"""Load the data folder into a validated Catalog, or raise DataError listing every problem."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from .html_safety import contexts, html_problems, markdown_extensions, nesting_problem, render_html
from .markdown_text import check_text, url_problem
from .model import TEXT_FIELDS, UI_KEYS, Catalog, Fault, FaultText, Link, LocaleText, Versions
from .notes import load_notes
from .parallel import fork_map
from .problems import DataError, Problem
from .published import PUBLISHED_FILE, published_problems
from .yamlfile import YamlDoc, read_yaml

FACTS_FILE = "faults.yaml"
TEXT_DIR = "text"
_VERSION = re.compile(r"^\d+(\.\d+)*$")
_HASH = re.compile(r"^[0-9a-f]{12}$")
_LINK_ID = re.compile(r"^[a-z][a-z0-9-]*$")
_PLACEHOLDER = re.compile(r"\{(\w*)\}")
_MAX_TEXT = 20_000
MAX_FAULT_ID = 9999
MKDOCS_YML = Path(__file__).parents[2] / "mkdocs.yml"
_LOG = re.compile(r"^/[^\s`\\<>\[\]{}|*_]+$")
# Inserted inside a link's brackets by the template: plain words only, so it cannot close or open markup.
# Interface strings the templates place as a paragraph of their own; every other one lands inside a heading, a
# table cell, link words or an HTML attribute, and must be plain words.
# Fields the templates place on one line inside headings, table cells and link words.
_INLINE_FIELDS = frozenset({"portal_text", "endpoint_description"})
_UI_PROSE = frozenset({"intro", "table_intro", "status_intro"})
_PLAIN = re.compile(r"^[^\[\]{}<>`\\|*_&\"\n]+$")


def load_catalog(
    data_dir: Path,
    *,
    locales: Sequence[str],
    default_locale: str,
    mkdocs_yml: Path = MKDOCS_YML,
    processes: int = 1,
) -> Catalog:
    """Read faults.yaml and text/<locale>.yaml for the configured `locales`; validate everything.

    The locales' texts are checked by up to `processes` processes (forked; this one among them)."""
    problems: list[Problem] = []
    extensions = markdown_extensions(mkdocs_yml)
    facts_doc, found = read_yaml(data_dir / FACTS_FILE, FACTS_FILE)
    problems += found
    text_docs: dict[str, YamlDoc] = {}
    text_dir = data_dir / TEXT_DIR
    present = sorted(p.stem for p in text_dir.glob("*.yaml")) if text_dir.is_dir() else []
    for locale in present:
        label = f"{TEXT_DIR}/{locale}.yaml"
        if locale not in locales:
            problems.append(
                Problem(
                    file=label,
                    locale=locale,
                    message=f"locale {locale!r} is not configured in mkdocs.yml ({', '.join(locales)})",
                )
            )
            continue
        doc, found = read_yaml(text_dir / f"{locale}.yaml", label)
        problems += [replace(problem, locale=locale) for problem in found]
        if doc is not None:
            text_docs[locale] = doc
    for locale in locales:
        if locale not in present:
            problems.append(
                Problem(file=f"{TEXT_DIR}/{locale}.yaml", locale=locale, message="configured locale has no text file")
            )
    if facts_doc is None or problems:
        raise DataError(problems)
    checker = _Checker(problems, extensions)
    allowed_hosts, links, faults = checker.facts(facts_doc, set(locales))

    def check_locale(locale: str) -> tuple[LocaleText, list[Problem]]:
        """A locale's text, and the problems found in it, taken out of the shared list (returned, in locale order)."""
        before = len(problems)
        text = checker.locale_text(text_docs[locale], locale, default_locale, faults, links, allowed_hosts)
        found = problems[before:]
        del problems[before:]
        return text, found

    texts = {}
    for locale, (text, found) in zip(text_docs, fork_map(check_locale, list(text_docs), processes), strict=True):
        texts[locale] = text
        problems.extend(found)
    problems += published_problems(data_dir / PUBLISHED_FILE, locales, default_locale, set(faults))
    if default_locale in texts:
        checker.english_complete(text_docs[default_locale], texts[default_locale], faults)
        for locale, text in texts.items():
            checker.placeholders(text_docs[locale], text, texts[default_locale])
    if problems:
        raise DataError(problems)
    ordered = (default_locale, *[loc for loc in locales if loc != default_locale])
    catalog = Catalog(
        default_locale=default_locale,
        locales=ordered,
        allowed_hosts=tuple(allowed_hosts),
        links=links,
        faults=tuple(sorted(faults.values(), key=lambda f: f.id)),
        texts=texts,
    )
    notes, problems = load_notes(data_dir, catalog)  # anchored in the text, so checked against the catalog
    if problems:
        raise DataError(problems)
    return replace(catalog, notes=notes)


class _Checker:
    """Turns parsed documents into model objects, recording a Problem for everything wrong."""

    def __init__(self, problems: list[Problem], extensions: tuple[list[str], dict[str, Any]]) -> None:
        self.problems = problems
        self.extensions = extensions

    def report(self, doc: YamlDoc, path: tuple, message: str, **where: Any) -> None:
        self.problems.append(Problem(file=doc.path, line=doc.line(*path), message=message, **where))

    def mapping(self, doc: YamlDoc, value: Any, path: tuple, keys: Sequence[str] | None, **where: Any) -> dict:
        """`value` if it is a mapping whose keys are all in `keys` (any keys if None); else report it."""
        if not isinstance(value, dict):
            self.report(doc, path, f"expected a mapping, found {_kind(value)}", **where)
            return {}
        for key in value:
            if keys is not None and key not in keys:
                self.report(doc, path + (key,), f"unknown field {key!r} (known: {', '.join(keys)})", **where)
        return value

    def strings(
        self, doc: YamlDoc, value: Any, path: tuple, pattern: re.Pattern | None = None, **where: Any
    ) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.report(doc, path, f"expected a list, found {_kind(value)}", **where)
            return ()
        result = []
        for index, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.report(
                    doc, path + (index,), f"expected a non-empty string, found {_kind(item)} {item!r:.40}", **where
                )
            elif pattern and not pattern.match(item):
                self.report(doc, path + (index,), f"{item!r:.40} is not of the form {pattern.pattern}", **where)
            else:
                result.append(item)
        return tuple(result)

    def facts(self, doc: YamlDoc, locales: set[str]) -> tuple[set[str], dict[str, Link], dict[int, Fault]]:
        top = self.mapping(doc, doc.data, (), ("allowed_hosts", "links", "faults"))
        hosts = set(self.strings(doc, top.get("allowed_hosts"), ("allowed_hosts",)))
        links: dict[str, Link] = {}
        raw_links = self.mapping(doc, _absent_as(top.get("links"), {}), ("links",), None)
        for link_id, spec in raw_links.items():
            links[str(link_id)] = self.link(doc, link_id, spec, hosts, locales)
        faults: dict[int, Fault] = {}
        raw_faults = top.get("faults")
        if not isinstance(raw_faults, list) or not raw_faults:
            self.report(doc, ("faults",), f"expected a non-empty list of faults, found {_kind(raw_faults)}")
            raw_faults = []
        positions: dict[int, int] = {}
        for index, raw in enumerate(raw_faults):
            fault = self.fault(doc, index, raw)
            if fault is None:
                continue
            if fault.id in faults:
                self.report(doc, ("faults", index, "id"), f"fault {fault.id} appears twice", fault=fault.id, field="id")
            faults[fault.id] = fault
            positions[fault.id] = index
        for fault in faults.values():
            for number, ref in enumerate(fault.related):
                if ref not in faults or ref == fault.id:
                    self.report(
                        doc,
                        ("faults", positions[fault.id], "related", number),
                        f"related fault {ref} does not exist"
                        if ref not in faults
                        else "a fault cannot be related to itself",
                        fault=fault.id,
                        field="related",
                    )
        return hosts, links, faults

    def link(self, doc: YamlDoc, link_id: Any, spec: Any, hosts: set[str], locales: set[str]) -> Link:
        path = ("links", link_id)
        if not isinstance(link_id, str) or not _LINK_ID.match(link_id) or link_id.startswith("fault-"):
            self.report(doc, path, f"link id {link_id!r} must be lower-case words joined by '-', not fault-<n>")
        spec = self.mapping(doc, spec, path, ("title", "urls"), field=f"links.{link_id}")
        title = spec.get("title")
        if not isinstance(title, str) or not title.strip():
            self.report(doc, path + ("title",), "a link needs a non-empty title", field=f"links.{link_id}.title")
        elif not _PLAIN.match(title) or len(title) > 300:
            self.report(
                doc,
                path + ("title",),
                f"a link title is plain words (no Markdown or HTML characters, at most "
                f"300 characters), found {title[:60]!r}",
                field=f"links.{link_id}.title",
            )
        urls = spec.get("urls")
        if not isinstance(urls, dict) or "default" not in urls:
            self.report(
                doc, path + ("urls",), "a link needs urls with a `default` address", field=f"links.{link_id}.urls"
            )
            urls = {}
        for key, url in urls.items():
            where = {"field": f"links.{link_id}.urls.{key}"}
            if key != "default" and key not in locales:
                self.report(doc, path + ("urls", key), f"locale {key!r} is not configured", **where)
            problem = url_problem(url, hosts) if isinstance(url, str) else f"expected a URL, found {_kind(url)}"
            if problem:
                self.report(doc, path + ("urls", key), problem, **where)
        return Link(id=str(link_id), title=str(title), urls={str(k): str(v) for k, v in urls.items()})

    def fault(self, doc: YamlDoc, index: int, raw: Any) -> Fault | None:
        path = ("faults", index)
        spec = self.mapping(doc, raw, path, ("id", "logs", "versions", "related", "retired"))
        fault_id = spec.get("id")
        if not _is_positive_int(fault_id):
            self.report(
                doc,
                path + ("id",),
                f"fault id must be a whole number from 1 to {MAX_FAULT_ID}, found {fault_id!r:.40}",
                field="id",
            )
            return None
        where = {"fault": fault_id}
        versions = self.mapping(
            doc,
            _absent_as(spec.get("versions"), {}),
            path + ("versions",),
            ("connector", "macos"),
            field="versions",
            **where,
        )
        related = _absent_as(spec.get("related"), [])
        if not isinstance(related, list) or not all(_is_positive_int(r) for r in related):
            self.report(doc, path + ("related",), "related must be a list of fault ids", field="related", **where)
            related = []
        return Fault(
            id=fault_id,
            logs=self.strings(doc, spec.get("logs"), path + ("logs",), _LOG, field="logs", **where),
            versions=Versions(
                connector=self.strings(
                    doc,
                    versions.get("connector"),
                    path + ("versions", "connector"),
                    _VERSION,
                    field="versions.connector",
                    **where,
                ),
                macos=self.strings(
                    doc, versions.get("macos"), path + ("versions", "macos"), _VERSION, field="versions.macos", **where
                ),
            ),
            related=tuple(related),
            retired=self.flag(doc, spec.get("retired"), path + ("retired",), field="retired", **where),
        )

    def flag(self, doc: YamlDoc, value: Any, path: tuple, **where: Any) -> bool:
        if value is None or isinstance(value, bool):
            return bool(value)
        self.report(doc, path, f"expected true or false, found {_kind(value)}", **where)
        return False

    def locale_text(
        self,
        doc: YamlDoc,
        locale: str,
        default_locale: str,
        faults: dict[int, Fault],
        links: dict[str, Link],
        hosts: set[str],
    ) -> LocaleText:
        top = self.mapping(doc, doc.data, (), ("ui", "links", "faults"), locale=locale)
        context = {
            "link_ids": set(links),
            "fault_ids": set(faults),
            "allowed_hosts": hosts,
            # A link whose address is refused is reported once, at faults.yaml, not in every text using it.
            "definitions": {
                **{
                    ref: link.urls["default"]
                    for ref, link in links.items()
                    if not url_problem(link.urls.get("default", ""), hosts)
                },
                **{f"fault-{fid}": f"{fid}.md" for fid in faults},
            },
        }
        ui: dict[str, str] = {}
        raw_ui = self.mapping(doc, _absent_as(top.get("ui"), {}), ("ui",), UI_KEYS, locale=locale)
        for key, value in raw_ui.items():
            if key in UI_KEYS and self.text(doc, ("ui", key), value, context, locale=locale, field=f"ui.{key}"):
                ui[key] = value
                if key not in _UI_PROSE and not _PLAIN.match(_PLACEHOLDER.sub("x", value)):
                    # Templates insert interface strings into headings, table cells, link words and HTML attributes.
                    self.report(
                        doc,
                        ("ui", key),
                        "an interface string is plain words: no Markdown or HTML characters "
                        '([ ] { } < > ` \\ | * _ & ") except {placeholders}',
                        locale=locale,
                        field=f"ui.{key}",
                    )
        texts: dict[int, FaultText] = {}
        raw_faults = _absent_as(top.get("faults"), {})
        if not isinstance(raw_faults, dict):
            self.report(
                doc, ("faults",), f"expected a mapping of fault id to text, found {_kind(raw_faults)}", locale=locale
            )
            raw_faults = {}
        keys = TEXT_FIELDS if locale == default_locale else (*TEXT_FIELDS, "translated_from")
        for fault_id, raw in raw_faults.items():
            path = ("faults", fault_id)
            if not _is_positive_int(fault_id):
                self.report(
                    doc,
                    path,
                    f"fault id must be a whole number from 1 to {MAX_FAULT_ID}, found {fault_id!r:.40}",
                    locale=locale,
                    fault=str(fault_id),
                )
                continue
            if fault_id not in faults:
                self.report(doc, path, f"fault {fault_id!r} is not in {FACTS_FILE}", locale=locale, fault=fault_id)
                continue
            spec = self.mapping(doc, raw, path, keys, locale=locale, fault=fault_id)
            fields = {
                name: spec[name]
                for name in TEXT_FIELDS
                if name in spec
                and self.text(doc, path + (name,), spec[name], context, locale=locale, fault=fault_id, field=name)
            }
            stamps = self.mapping(
                doc,
                _absent_as(spec.get("translated_from"), {}),
                path + ("translated_from",),
                TEXT_FIELDS,
                locale=locale,
                fault=fault_id,
                field="translated_from",
            )
            for name, stamp in stamps.items():
                if not isinstance(stamp, str) or not _HASH.match(stamp):
                    self.report(
                        doc,
                        path + ("translated_from", name),
                        f"expected a 12-digit hex hash, found {stamp!r:.40}",
                        locale=locale,
                        fault=fault_id,
                        field=f"translated_from.{name}",
                    )
            texts[fault_id] = FaultText(**fields, translated_from=dict(stamps))
        return LocaleText(
            locale=locale,
            ui=ui,
            faults=dict(sorted(texts.items())),
            links=self.link_titles(doc, top.get("links"), links, context, locale),
        )

    def link_titles(self, doc: YamlDoc, raw: Any, links: dict[str, Link], context: dict, locale: str) -> dict[str, str]:
        """A locale's own titles of link targets (optional): link id of faults.yaml -> non-empty text."""
        titles = self.mapping(doc, _absent_as(raw, {}), ("links",), tuple(links), locale=locale, field="links")
        return {
            key: value
            for key, value in titles.items()
            if key in links and self.text(doc, ("links", key), value, context, locale=locale, field=f"links.{key}")
        }

    def text(self, doc: YamlDoc, path: tuple, value: Any, context: dict, **where: Any) -> bool:
        if not isinstance(value, str):
            self.report(doc, path, f"expected text, found {_kind(value)}", **where)
            return False
        if not value.strip():
            self.report(doc, path, "empty text: leave the field out instead", **where)
            return False
        if len(value) > _MAX_TEXT:
            self.report(doc, path, f"text longer than {_MAX_TEXT} characters", **where)
            return False
        checks = {key: context[key] for key in ("link_ids", "fault_ids", "allowed_hosts")}
        for issue in check_text(value, **checks):
            self.report(doc, path, issue.message, **where)
        inline = where.get("field") in _INLINE_FIELDS
        for message in self.rendered(value, context, inline=inline):
            self.report(doc, path, message, **where)
        return True

    def rendered(self, value: str, context: dict, *, inline: bool) -> list[str]:
        """What is wrong with the HTML `value` becomes under the site's Markdown settings (safety rests here)."""
        too_deep = nesting_problem(value)
        if too_deep:
            return [too_deep]
        found: list[str] = []
        for placed in contexts(value, inline=inline):
            html = render_html(placed, extensions=self.extensions, definitions=context["definitions"])
            found += html_problems(html, context["allowed_hosts"])
        return list(dict.fromkeys(found))

    def english_complete(self, doc: YamlDoc, english: LocaleText, faults: dict[int, Fault]) -> None:
        where = {"locale": english.locale}
        for key in UI_KEYS:
            if key not in english.ui:
                self.report(
                    doc, ("ui",), "missing: English is the source and must be complete", field=f"ui.{key}", **where
                )
        for fault_id in faults:
            text = english.faults.get(fault_id)
            for name in TEXT_FIELDS:
                if text is None or text.get(name) is None:
                    self.report(
                        doc,
                        ("faults", fault_id),
                        "missing: English is the source and must be complete",
                        fault=fault_id,
                        field=name,
                        **where,
                    )

    def placeholders(self, doc: YamlDoc, text: LocaleText, english: LocaleText) -> None:
        for key, value in text.ui.items():
            expected = set(_PLACEHOLDER.findall(english.ui.get(key, "")))
            if set(_PLACEHOLDER.findall(value)) != expected:
                shown = ", ".join("{" + p + "}" for p in sorted(expected)) or "none"
                self.report(
                    doc,
                    ("ui", key),
                    f"placeholders must be exactly those of English ({shown})",
                    locale=text.locale,
                    field=f"ui.{key}",
                )


def _absent_as(value: Any, default: Any) -> Any:
    """`default` where the field is absent or null; any other value is checked as it is (0, '' and [] too)."""
    return default if value is None else value


def _is_positive_int(value: Any) -> bool:
    """A fault id: the YAML reader has already refused any integer not written as plain decimal digits."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_FAULT_ID


def _kind(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "text", type(None): "nothing"}.get(
        type(value), type(value).__name__
    )
