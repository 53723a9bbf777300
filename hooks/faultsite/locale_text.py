"""Loading, stage 3: text/<locale>.yaml, its interface strings, fault text and link titles, each checked as rendered."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .data_html import block_problems, nesting_problem
from .facts import FACTS_FILE, Facts
from .markdown_settings import Extensions, render_setting
from .markdown_text import check_text, url_problem
from .model import TEXT_FIELDS, UI_KEYS, Fault, FaultText, Link, LocaleText
from .schema import MAX_FAULT_ID, PLAIN, DocChecks, absent_as, is_fault_id, kind
from .yamlfile import YamlPath

PLACEHOLDER = re.compile(r"\{(\w*)\}")
_HASH = re.compile(r"^[0-9a-f]{12}$")
_MAX_TEXT = 20_000
# Texts the templates place as blocks of their own (checked here, as rendered); every other text is a line placed
# in headings, table cells, link words or HTML attributes, checked where it lands once the catalog is whole
# (structure.py). Interface strings of a line are plain words, and one line.
_BLOCK_FIELDS = frozenset({"resolution", "ui.intro", "ui.table_intro", "ui.status_intro"})
_LINE_BREAKS = re.compile("[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")


@dataclass(frozen=True)
class TextRules:
    """What text may refer to, and how the site renders it (the safety check runs on the HTML)."""

    link_ids: set[str]
    fault_ids: set[int]
    allowed_hosts: set[str]
    definitions: dict[str, str]  # reference -> target, as every page defines them
    setting: str  # how the site renders text: markdown_settings.render_setting of its extensions and the hosts


def text_rules(facts: Facts, extensions: Extensions) -> TextRules:
    """The rules of every locale's text, from the facts."""
    # A link whose address is refused is reported once, at faults.yaml, not in every text using it.
    definitions = {
        ref: link.urls["default"]
        for ref, link in facts.links.items()
        if not url_problem(link.urls.get("default", ""), facts.hosts)
    }
    definitions.update({f"fault-{fid}": f"{fid}.md" for fid in facts.faults})
    setting = render_setting(extensions, facts.hosts)
    return TextRules(set(facts.links), set(facts.faults), facts.hosts, definitions, setting)


def check_locale_text(check: DocChecks, locale: str, default_locale: str, facts: Facts, rules: TextRules) -> LocaleText:
    """One locale's text that is well formed and safe; a Problem for everything else."""
    top = check.mapping(check.doc.data, (), ("ui", "links", "faults"), locale=locale)
    return LocaleText(
        locale=locale,
        ui=_ui(check, top.get("ui"), rules, locale),
        faults=_fault_texts(check, top.get("faults"), locale, default_locale, facts.faults, rules),
        links=_link_titles(check, top.get("links"), facts.links, rules, locale),
    )


def _ui(check: DocChecks, raw: Any, rules: TextRules, locale: str) -> dict[str, str]:
    ui: dict[str, str] = {}
    for key, value in check.mapping(absent_as(raw, {}), ("ui",), UI_KEYS, locale=locale).items():
        field = f"ui.{key}"
        if key not in UI_KEYS or not _text(check, ("ui", key), value, rules, locale=locale, field=field):
            continue
        ui[key] = value
        if field in _BLOCK_FIELDS:
            continue
        if _LINE_BREAKS.search(value):
            code = ord(_LINE_BREAKS.findall(value)[0])
            message = f"an interface string is one line: it holds a line break (U+{code:04X})"
            check.report(("ui", key), message, locale=locale, field=field)
        elif not PLAIN.match(PLACEHOLDER.sub("x", value)):
            # Templates insert interface strings into headings, table cells, link words and HTML attributes.
            check.report(
                ("ui", key),
                "an interface string is plain words: no Markdown or HTML characters "
                '([ ] { } < > ` \\ | * _ & ") except {placeholders}',
                locale=locale,
                field=field,
            )
    return ui


def _fault_texts(
    check: DocChecks, raw: Any, locale: str, default_locale: str, faults: dict[int, Fault], rules: TextRules
) -> dict[int, FaultText]:
    raw_faults = absent_as(raw, {})
    if not isinstance(raw_faults, dict):
        check.report(("faults",), f"expected a mapping of fault id to text, found {kind(raw_faults)}", locale=locale)
        return {}
    keys = TEXT_FIELDS if locale == default_locale else (*TEXT_FIELDS, "translated_from")
    texts = {
        fault_id: _fault_text(check, fault_id, spec, keys, rules, locale)
        for fault_id, spec in raw_faults.items()
        if _known_fault(check, fault_id, faults, locale)
    }
    return dict(sorted(texts.items()))


def _known_fault(check: DocChecks, fault_id: Any, faults: dict[int, Fault], locale: str) -> bool:
    """Whether a key of `faults:` names a fault of faults.yaml; else report it."""
    if not is_fault_id(fault_id):
        message = f"fault id must be a whole number from 1 to {MAX_FAULT_ID}, found {fault_id!r:.40}"
        check.report(("faults", fault_id), message, locale=locale, fault=str(fault_id))
        return False
    if fault_id not in faults:
        check.report(("faults", fault_id), f"fault {fault_id!r} is not in {FACTS_FILE}", locale=locale, fault=fault_id)
        return False
    return True


def _fault_text(
    check: DocChecks, fault_id: int, raw: Any, keys: tuple[str, ...], rules: TextRules, locale: str
) -> FaultText:
    path: YamlPath = ("faults", fault_id)
    spec = check.mapping(raw, path, keys, locale=locale, fault=fault_id)
    fields = {
        name: spec[name]
        for name in TEXT_FIELDS
        if name in spec and _text(check, path + (name,), spec[name], rules, locale=locale, fault=fault_id, field=name)
    }
    return FaultText(**fields, translated_from=_stamps(check, path, spec.get("translated_from"), locale, fault_id))


def _stamps(check: DocChecks, path: YamlPath, raw: Any, locale: str, fault_id: int) -> dict[str, str]:
    """translated_from: field -> the 12 hex digits of the English text's hash."""
    where: dict[str, Any] = {"locale": locale, "fault": fault_id}
    raw = absent_as(raw, {})
    stamps = check.mapping(raw, path + ("translated_from",), TEXT_FIELDS, field="translated_from", **where)
    for name, stamp in stamps.items():
        if not isinstance(stamp, str) or not _HASH.match(stamp):
            message = f"expected a 12-digit hex hash, found {stamp!r:.40}"
            check.report(path + ("translated_from", name), message, field=f"translated_from.{name}", **where)
    return dict(stamps)


def _link_titles(check: DocChecks, raw: Any, links: dict[str, Link], rules: TextRules, locale: str) -> dict[str, str]:
    """A locale's own titles of link targets (optional): link id of faults.yaml -> non-empty text."""
    titles = check.mapping(absent_as(raw, {}), ("links",), tuple(links), locale=locale, field="links")
    return {
        key: value
        for key, value in titles.items()
        if key in links and _text(check, ("links", key), value, rules, locale=locale, field=f"links.{key}")
    }


def _text(check: DocChecks, path: YamlPath, value: Any, rules: TextRules, **where: Any) -> bool:
    """Whether `value` is text that can be published; every reason it cannot is reported."""
    if not isinstance(value, str):
        check.report(path, f"expected text, found {kind(value)}", **where)
        return False
    if not value.strip():
        check.report(path, "empty text: leave the field out instead", **where)
        return False
    if len(value) > _MAX_TEXT:
        check.report(path, f"text longer than {_MAX_TEXT} characters", **where)
        return False
    for issue in check_text(
        value, link_ids=rules.link_ids, fault_ids=rules.fault_ids, allowed_hosts=rules.allowed_hosts
    ):
        check.report(path, issue.message, **where)
    if where.get("field") in _BLOCK_FIELDS:
        found = block_problems(value, setting=rules.setting, definitions=rules.definitions)
    else:  # rendered where it lands (structure.py), once rendering it is known to end
        found = [problem] if (problem := nesting_problem(value)) else []
    for message in found:
        check.report(path, message, **where)
    return True
