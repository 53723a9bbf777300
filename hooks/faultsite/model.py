"""The fault model: language-neutral facts, text per locale, and the catalog that joins them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

# The fields of a fault that are text, in the order a page shows them.
TEXT_FIELDS: tuple[str, ...] = ("portal_text", "endpoint_description", "resolution")


@dataclass(frozen=True)
class Link:
    """An external link target that text refers to as [words][id]."""

    id: str
    title: str
    urls: Mapping[str, str]  # "default" and, where known, a locale's own address

    def url_for(self, locale: str) -> str:
        """The address to show readers of `locale`."""
        return self.urls.get(locale, self.urls["default"])


@dataclass(frozen=True)
class Versions:
    connector: tuple[str, ...] = ()
    macos: tuple[str, ...] = ()


@dataclass(frozen=True)
class Fault:
    """The language-neutral facts of one fault."""

    id: int
    logs: tuple[str, ...] = ()
    versions: Versions = Versions()
    related: tuple[int, ...] = ()
    retired: bool = False  # no longer raised; its page stays, saying so (published URLs never break)


@dataclass(frozen=True)
class FaultText:
    """The text of one fault in one locale; a missing field is None."""

    portal_text: str | None = None
    endpoint_description: str | None = None
    resolution: str | None = None
    # field -> hash of the English text this translation was made from
    translated_from: Mapping[str, str] = field(default_factory=dict)

    def get(self, name: str) -> str | None:
        """The field `name` (one of TEXT_FIELDS)."""
        value: str | None = getattr(self, name)
        return value


@dataclass(frozen=True)
class LocaleText:
    """Everything written in one locale: interface strings and fault text."""

    locale: str
    ui: Mapping[str, str]
    faults: Mapping[int, FaultText]
    links: Mapping[str, str] = field(default_factory=dict)  # link id -> its title in this locale's own words


@dataclass(frozen=True)
class Note:
    """A reviewed reading note on one paragraph (or list item, 1-based) of one field of a translation."""

    fault: int | str  # a fault id, or "ui" for an interface string (shown only on those of notes.NOTED_UI)
    field: str
    paragraph: int
    kind: str
    quote: str  # the words of the translation the note is about; must occur in that paragraph
    shown: bool
    why: str  # for reviewers: what the passage says against the English, and why it is shown or not
    says: str = ""  # for readers, on a shown note: what the English says there, in the locale's language


@dataclass(frozen=True)
class Catalog:
    """All the data of the site, validated."""

    default_locale: str
    locales: tuple[str, ...]  # default first
    allowed_hosts: tuple[str, ...]
    links: Mapping[str, Link]
    faults: tuple[Fault, ...]  # by id
    texts: Mapping[str, LocaleText]
    notes: Mapping[str, tuple[Note, ...]] = field(default_factory=dict)  # locale -> reviewed reader notes

    def fault(self, fault_id: int) -> Fault:
        return next(f for f in self.faults if f.id == fault_id)

    @cached_property
    def fault_ids(self) -> tuple[int, ...]:
        return tuple(f.id for f in self.faults)


# Interface strings every locale has (English must have all of them).
UI_KEYS: tuple[str, ...] = (
    "language_name",
    "site_name",
    "introduction",
    "intro",
    "overview",
    "table_intro",
    "fault",
    "fault_id",
    "portal_text",
    "endpoint_description",
    "resolution",
    "log_files",
    "versions",
    "connector_versions",
    "macos_versions",
    "related_faults",
    "more_information",
    "back_to_overview",
    "not_translated",
    "not_translated_field",
    "outdated",
    "english_page",
    "retired",
    "status_title",
    "status_intro",
    "status_translated",
    "status_outdated",
    "status_missing",
    "status_language",
    "status_complete",
    "goto_label",
    "goto_button",
    "goto_unknown",
    "goto_several",
    "search_best_match",
    "not_found_title",
    "not_found_text",
    "previous_fault",
    "next_fault",
    "lang_offer",
    "lang_offer_dismiss",
    "status_legend",
    "status_fault_state",
    # Reader notes (one wording per shown kind of notes.py), the "Show English" control, the status of notes.
    "fault_title",
    "note_meaning_reversed",
    "note_meaning_differs",
    "note_unclear",
    "note_cut_in_source",
    "note_different_version_or_path",
    "note_name_translated",
    "note_english",
    "show_english",
    "status_notes",
    "status_notes_intro",
    # English shown on a translated page: per field on a fault page, per cell of the overview; a fault partly shown
    # in English on the status page.
    "not_translated_named",
    "in_english",
    "status_partial",
)
