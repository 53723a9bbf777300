"""Every kind of mistake in the data is reported as a located Problem, never published.

Each case copies the real data/ folder, makes ONE small edit, and checks that load_catalog raises
DataError with a problem that names the right file, line, locale, fault and field. The real data
loads cleanly (test_unedited_copy_loads), so each DataError below is caused by its edit.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import (
    ANY,
    CURATION_NL,
    EN,
    FACTS,
    JA,
    NL,
    PUBLISHED,
    Edit,
    Expect,
    append,
    assert_reported,
    case,
    copy,
    copy_data,
    delete,
    edits,
    load,
    load_error,
    replace,
    table_intro,
    write,
    write_bytes,
)

from conftest import LOCALES, ROOT
from faultsite.model import Catalog

YAML_CASES = [
    case(
        "syntax-unclosed-flow-sequence",
        replace(FACTS, "related: [4, 10, 2]", "related: [4, 10, 2"),
        FACTS,
        "YAML syntax error",
        at="  - id: 2",
    ),
    case(
        "syntax-unclosed-quote",
        replace(NL, 'goto_unknown: "Er is geen fout {id}.', 'goto_unknown: "Er is geen fout {id}.\n  x: "y'),
        NL,
        "YAML syntax error",
        at='  x: "y',
    ),
    case(
        "syntax-bad-indentation",
        replace(EN, "  overview: Connector Fault Table", "   overview: Connector Fault Table"),
        EN,
        "YAML syntax error",
        at="   overview: Connector Fault Table",
    ),
    case("syntax-tab-indentation", replace(JA, "\n  1:\n", "\n\t1:\n"), JA, "YAML syntax error", at="\t1:"),
    case(
        "syntax-two-documents",
        append(FACTS, "---\nallowed_hosts: []\n"),
        FACTS,
        "YAML syntax error",
        "another document",
        at="---",
    ),
    case(
        "duplicate-portal-text",
        replace(
            EN,
            "    portal_text: Version mismatch\n",
            "    portal_text: Version mismatch\n    portal_text: Version mismatch again\n",
        ),
        EN,
        "duplicate key 'portal_text'",
        at="portal_text: Version mismatch again",
    ),
    case(
        "duplicate-fault-key-in-text",
        append(NL, "  2:\n    portal_text: Nog een keer\n"),
        NL,
        "duplicate key 2",
        at="\n  2:\n    portal_text: Nog een keer",
    ),
    case(
        "duplicate-top-level-key",
        append(FACTS, "allowed_hosts: [www.example.com]\n"),
        FACTS,
        "duplicate key 'allowed_hosts'",
        "first at line",
        at="allowed_hosts: [www.example.com]",
    ),
    case(
        "anchor",
        replace(
            FACTS,
            "versions: {connector: [1.14.0]}\n    related: [1, 4]",
            "versions: &v {connector: [1.14.0]}\n    related: [1, 4]",
        ),
        FACTS,
        "anchors and aliases are not allowed",
        at="&v",
    ),
    case(
        "alias",
        replace(FACTS, "related: [3, 15]", "related: *r"),
        FACTS,
        "anchors and aliases are not allowed",
        at="*r",
    ),
    case(
        "merge-key", replace(FACTS, "  - id: 18", "  - id: 18\n    <<: {related: [1]}"), FACTS, "merge keys", at="<<:"
    ),
    case(
        "unsupported-tag-date",
        replace(EN, "  status_complete: Complete", "  status_complete: 2020-01-01"),
        EN,
        "unsupported YAML tag",
        "timestamp",
        at="status_complete: 2020-01-01",
    ),
    case(
        "unsupported-tag-python-name",
        replace(EN, "  status_complete: Complete", "  status_complete: !!python/name:os.system ''"),
        EN,
        "unsupported YAML tag",
        "python/name",
        at="status_complete: !!python",
    ),
    case(
        "unsupported-local-tag",
        replace(EN, "  status_complete: Complete", "  status_complete: !secret Complete"),
        EN,
        "unsupported YAML tag !secret",
        at="status_complete: !secret",
    ),
    case(
        "invalid-explicit-int",
        replace(FACTS, "  - id: 18", "  - id: !!int eighteen"),
        FACTS,
        "not a valid int",
        at="id: !!int eighteen",
    ),
    case(
        "invalid-implicit-hex-int", replace(FACTS, "  - id: 18", "  - id: 0x_"), FACTS, "not a valid int", at="id: 0x_"
    ),
    case(
        "invalid-explicit-bool-key",
        replace(NL, "\n  1:\n", "\n  !!bool maybe:\n"),
        NL,
        "not a valid bool",
        at="!!bool maybe",
    ),
    case(
        "int-too-many-digits",
        replace(FACTS, "  - id: 18", "  - id: 1" + "0" * 5000),
        FACTS,
        "not a valid int",
        at="  - id: 10000",
    ),
    case(
        "nesting-too-deep",
        replace(FACTS, "related: [3, 15]", "related: " + "[" * 2000 + "]" * 2000),
        FACTS,
        "nesting deeper than",
        at="related: [[[",
    ),
    case("non-scalar-key", append(FACTS, "[a, b]: 1\n"), FACTS, "a key must be a plain value", at="[a, b]: 1"),
]

FACTS_CASES = [
    case(
        "fault-id-zero",
        replace(FACTS, "  - id: 18", "  - id: 0"),
        FACTS,
        "fault id must be a whole number from 1 to 9999",
        "0",
        at="- id: 0",
        field="id",
    ),
    case(
        "fault-id-negative",
        replace(FACTS, "  - id: 18", "  - id: -18"),
        FACTS,
        "fault id must be a whole number from 1 to 9999",
        "-18",
        at="- id: -18",
        field="id",
    ),
    case(
        "fault-id-string",
        replace(FACTS, "  - id: 18", "  - id: eighteen"),
        FACTS,
        "fault id must be a whole number from 1 to 9999",
        "'eighteen'",
        at="- id: eighteen",
        field="id",
    ),
    case(
        "fault-id-quoted-number",
        replace(FACTS, "  - id: 18", '  - id: "18"'),
        FACTS,
        "fault id must be a whole number from 1 to 9999",
        "'18'",
        at='- id: "18"',
        field="id",
    ),
    case(
        "fault-id-bool",
        replace(FACTS, "  - id: 18", "  - id: true"),
        FACTS,
        "fault id must be a whole number from 1 to 9999",
        "True",
        at="- id: true",
        field="id",
    ),
    case(
        "fault-id-float",
        replace(FACTS, "  - id: 18", "  - id: 18.0"),
        FACTS,
        "fault id must be a whole number from 1 to 9999",
        "18.0",
        at="- id: 18.0",
        field="id",
    ),
    case(
        "fault-id-missing",
        replace(FACTS, "  - id: 18", "  - related: [1]"),
        FACTS,
        "fault id must be a whole number from 1 to 9999",
        "None",
        at="- related: [1]",
        field="id",
    ),
    case(
        "fault-id-twice",
        append(FACTS, "  - id: 17\n"),
        FACTS,
        "fault 17 appears twice",
        at="- id: 17",
        fault=17,
        field="id",
    ),
    case("fault-not-a-mapping", append(FACTS, "  - 19\n"), FACTS, "expected a mapping, found int", at="  - 19"),
    case(
        "faults-empty",
        replace(FACTS, "faults:\n  - id: 1\n", "faults: []\nold_faults:\n  - id: 1\n"),
        FACTS,
        "non-empty list of faults",
        at="faults: []",
    ),
    case(
        "unknown-fault-field",
        replace(FACTS, "  - id: 18", "  - id: 18\n    logz: [/Library/Logs/x.log]"),
        FACTS,
        "unknown field 'logz'",
        at="logz:",
    ),
    case(
        "unknown-top-level-field",
        append(FACTS, "hosts: [www.cisco.com]\n"),
        FACTS,
        "unknown field 'hosts'",
        at="hosts:",
    ),
    case(
        "related-does-not-exist",
        replace(FACTS, "related: [4, 10, 2]", "related: [4, 10, 99]"),
        # The checker locates this only to the `faults:` list, not to the `related:` line.
        FACTS,
        "related fault 99 does not exist",
        at=ANY,
        fault=1,
        field="related",
    ),
    case(
        "related-to-itself",
        replace(FACTS, "related: [3, 15]", "related: [3, 15, 17]"),
        FACTS,
        "cannot be related to itself",
        at=ANY,
        fault=17,
        field="related",
    ),
    case(
        "related-not-ids",
        replace(FACTS, "related: [3, 15]", "related: [3, fifteen]"),
        FACTS,
        "related must be a list of fault ids",
        at="related: [3, fifteen]",
        fault=17,
        field="related",
    ),
    case(
        "log-not-absolute",
        replace(
            FACTS,
            "logs: [/Library/Logs/Cisco/ampdaemon.log]\n    related: [6, 7]",
            "logs: [Library/Logs/Cisco/ampdaemon.log]\n    related: [6, 7]",
        ),
        FACTS,
        "is not of the form",
        at="logs: [Library",
        fault=5,
        field="logs",
    ),
    case(
        "version-not-dotted",
        replace(
            FACTS,
            "versions: {connector: [1.14.0]}\n    related: [1, 4]",
            "versions: {connector: [one]}\n    related: [1, 4]",
        ),
        FACTS,
        "'one' is not of the form",
        at="connector: [one]",
        fault=2,
        field="versions.connector",
    ),
    case(
        "version-unquoted-number",
        replace(FACTS, 'macos: [10.15.5, "11"]', "macos: [10.15.5, 11]"),
        FACTS,
        "expected a non-empty string, found int",
        at="macos: [10.15.5, 11]",
        fault=3,
        field="versions.macos",
    ),
    case(
        "unknown-versions-field",
        replace(FACTS, 'macos: [10.15.5, "11"]', 'mac: [10.15.5, "11"]'),
        FACTS,
        "unknown field 'mac'",
        at="mac: [",
        fault=3,
        field="versions",
    ),
    case(
        "link-http",
        replace(FACTS, "default: https://www.cisco.com/", "default: http://www.cisco.com/"),
        FACTS,
        "is not https",
        at="default: http://",
        field="links.tech-note.urls.default",
    ),
    case(
        "link-host-not-allowed",
        replace(FACTS, "nl: https://www.cisco.com/", "nl: https://www.example.com/"),
        FACTS,
        "host 'www.example.com'",
        "not on the allowed list",
        at="nl: https://www.example.com/",
        field="links.tech-note.urls.nl",
    ),
    case(
        "link-host-lookalike",
        replace(FACTS, "nl: https://www.cisco.com/", "nl: https://www.cisco.com.evil.example/"),
        FACTS,
        "host 'www.cisco.com.evil.example'",
        at="nl: https://www.cisco.com.evil.example/",
        field="links.tech-note.urls.nl",
    ),
    case(
        "link-invalid-url",
        replace(FACTS, "nl: https://www.cisco.com/c/nl_nl", "nl: https://[www.cisco.com/c/nl_nl"),
        FACTS,
        "not a valid URL",
        at="nl: https://[",
        field="links.tech-note.urls.nl",
    ),
    case(
        "link-locale-not-configured",
        replace(FACTS, "      nl: https://", "      de: https://"),
        FACTS,
        "locale 'de' is not configured",
        at="de: https://",
        field="links.tech-note.urls.de",
    ),
    case(
        "link-without-default",
        replace(FACTS, "      default: https://", "      fr: https://"),
        FACTS,
        "needs urls with a `default` address",
        at="      fr: https://",
        field="links.tech-note.urls",
    ),
    case(
        "link-without-title",
        replace(FACTS, "    title: Tech note", "    caption: Tech note"),
        FACTS,
        "needs a non-empty title",
        at="    caption: Tech note",
        field="links.tech-note.title",
    ),
    case(
        "link-id-fault-form",
        replace(
            FACTS, "  tech-note:", "  fault-1:\n    title: x\n    urls: {default: https://www.cisco.com/}\n  tech-note:"
        ),
        FACTS,
        "link id 'fault-1'",
        at="    title: x",
    ),
]

TEXT_FILE_CASES = [
    case(
        "text-file-for-unconfigured-locale",
        copy(EN, "text/de.yaml"),
        "text/de.yaml",
        "locale 'de' is not configured",
        locale="de",
    ),
    case(
        "configured-locale-without-text-file",
        delete("text/ko.yaml"),
        "text/ko.yaml",
        "configured locale has no text file",
        locale="ko",
    ),
    case(
        "syntax-list-item-between-mapping-keys", replace(NL, "\nui:\n", "\n- ui\nxui:\n"), NL, "syntax error", at="xui:"
    ),
    case(
        "text-top-level-list",
        write(JA, "- ui\n- faults\n"),
        JA,
        "expected a mapping, found a list",
        at="- ui",
        locale="ja",
    ),
    case(
        "unknown-top-level-text-field",
        append(EN, "notes: hello\n"),
        EN,
        "unknown field 'notes'",
        at="notes:",
        locale="en",
    ),
    case(
        "links-not-a-mapping",
        replace(FACTS, "links:\n  tech-note:", "links: [tech-note]\nunused:\n  tech-note:"),
        FACTS,
        "expected a mapping, found a list",
        at="links: [tech-note]",
    ),
    case(
        "boolean-fault-key",
        append(NL, "  true:\n    portal_text: Waar\n"),
        NL,
        "a key must be text or a whole number, found True",
        at="  true:",
    ),
    case(
        "empty-ui-of-wrong-type",
        replace(JA, "\nui:\n", "\nui: ''\nxui:\n"),
        JA,
        "expected a mapping, found text",
        at="ui: ''",
        locale="ja",
    ),
    case(
        "published-fault-removed",
        replace(FACTS, "  - id: 18\n", ""),
        "published-urls.txt",
        "/nl/faults/18/ was published, but fault 18 is not in faults.yaml",
        "retired: true",
        at="/nl/faults/18/",
        locale="nl",
        fault=18,
    ),
    case(
        "related-of-wrong-type",
        replace(FACTS, "related: [13]\n  - id: 13", "related: false\n  - id: 13"),
        FACTS,
        "related must be a list of fault ids",
        at="related: false",
        fault=12,
        field="related",
    ),
]

TEXT_CASES = [
    case(
        "english-missing-field",
        replace(EN, "    endpoint_description: System extension version mismatch\n", ""),
        EN,
        "missing",
        "English is the source",
        at="    portal_text: Version mismatch",
        locale="en",
        fault=2,
        field="endpoint_description",
    ),
    case(
        "english-missing-fault",
        replace(EN, "  17:\n    portal_text: Orbital", "  17x:\n    portal_text: Orbital"),
        EN,
        "missing",
        "English is the source",
        at="\n  1:\n",
        locale="en",
        fault=17,
        field="portal_text",
    ),
    case(
        "english-missing-ui-key",
        replace(EN, "  goto_button: Go to fault\n", ""),
        EN,
        "missing",
        "English is the source",
        at="  language_name: English",
        locale="en",
        field="ui.goto_button",
    ),
    case(
        "empty-string",
        replace(EN, "portal_text: Kernel module not authorized", 'portal_text: ""'),
        EN,
        "empty text",
        at='portal_text: ""',
        locale="en",
        fault=1,
        field="portal_text",
    ),
    case(
        "blank-string",
        replace(NL, "  goto_button: Ga naar fout", '  goto_button: "   "'),
        NL,
        "empty text",
        at='goto_button: "   "',
        locale="nl",
        field="ui.goto_button",
    ),
    case(
        "null-text",
        replace(NL, "    portal_text: Onjuiste versie", "    portal_text:"),
        NL,
        "expected text, found nothing",
        at="    portal_text:\n    endpoint_description: Onjuist",
        locale="nl",
        fault=2,
        field="portal_text",
    ),
    case(
        "number-text",
        replace(NL, "    portal_text: Onjuiste versie", "    portal_text: 42"),
        NL,
        "expected text, found int",
        at="portal_text: 42",
        locale="nl",
        fault=2,
        field="portal_text",
    ),
    case(
        "text-too-long",
        replace(NL, "    portal_text: Onjuiste versie", "    portal_text: " + "a" * 20_001),
        NL,
        "longer than 20000",
        at="portal_text: aaaa",
        locale="nl",
        fault=2,
        field="portal_text",
    ),
    case(
        "unknown-field-portal_txt",
        replace(NL, "    portal_text: Onjuiste versie", "    portal_txt: Onjuiste versie"),
        NL,
        "unknown field 'portal_txt'",
        at="portal_txt:",
        locale="nl",
        fault=2,
    ),
    case(
        "unknown-ui-key",
        replace(NL, "  goto_button: Ga naar fout", "  goto_knop: Ga naar fout"),
        NL,
        "unknown field 'goto_knop'",
        at="goto_knop:",
        locale="nl",
    ),
    case(
        "translated-from-in-english",
        replace(
            EN,
            "    portal_text: Version mismatch\n",
            "    translated_from: {portal_text: 9dcb91450957}\n    portal_text: Version mismatch\n",
        ),
        EN,
        "unknown field 'translated_from'",
        at="translated_from:",
        locale="en",
        fault=2,
    ),
    case(
        "translated-from-bad-hash",
        replace(NL, "{portal_text: 9dcb91450957,", "{portal_text: 9dcb9145095,"),
        NL,
        "12-digit hex hash",
        at="9dcb9145095",
        locale="nl",
        fault=2,
        field="translated_from.portal_text",
    ),
    case(
        "text-for-unknown-fault",
        append(NL, "  99:\n    portal_text: Bestaat niet\n"),
        NL,
        "fault 99 is not in faults.yaml",
        at="    portal_text: Bestaat niet",
        locale="nl",
        fault=99,
    ),
    case(
        "text-fault-key-quoted",
        append(NL, '  "19":\n    portal_text: Bestaat niet\n'),
        NL,
        "fault id must be a whole number from 1 to 9999, found '19'",
        at="    portal_text: Bestaat niet",
        locale="nl",
        fault="19",
    ),
    case(
        "reference-to-missing-fault",
        replace(EN, "[fault 13][fault-13]", "[fault 99][fault-99]"),
        EN,
        "reference to fault 99, which does not exist",
        at=("resolution: |", "[fault 99][fault-99]"),
        locale="en",
        fault=10,
        field="resolution",
    ),
    case(
        "reference-to-unknown-link-id",
        replace(
            EN,
            "Additional details are available in [this tech note][tech-note].",
            "Additional details are available in [this tech note][tech-nite].",
        ),
        EN,
        "unknown link id 'tech-nite'",
        at=("resolution: |", "[tech-nite]"),
        locale="en",
        fault=3,
        field="resolution",
    ),
    case(
        "raw-html-script",
        table_intro(EN, "<script>alert(1)</script> The following table"),
        EN,
        "raw HTML '<script>'",
        at="table_intro:",
        locale="en",
        field="ui.table_intro",
    ),
    case(
        "raw-html-anchor",
        replace(NL, "    portal_text: Onjuiste versie", """    portal_text: '<a href="#">x</a> Onjuiste versie'"""),
        NL,
        "raw HTML '<a href=\"#\">'",
        at="<a href=",
        locale="nl",
        fault=2,
        field="portal_text",
    ),
    case(
        "raw-html-paragraph",
        replace(JA, '  goto_unknown: "', '  goto_unknown: "<p>'),
        JA,
        "raw HTML '<p>'",
        at="goto_unknown:",
        locale="ja",
        field="ui.goto_unknown",
    ),
    case(
        "html-comment",
        table_intro(EN, "<!-- hidden -->"),
        EN,
        "raw HTML '<!--'",
        at="table_intro:",
        locale="en",
        field="ui.table_intro",
    ),
    case(
        "html-entity",
        table_intro(EN, "The&nbsp;following table"),
        EN,
        "HTML entity '&nbsp;'",
        at="table_intro:",
        locale="en",
        field="ui.table_intro",
    ),
    case(
        "autolink",
        table_intro(EN, "<https://www.cisco.com/>"),
        EN,
        "autolink",
        at="table_intro:",
        locale="en",
        field="ui.table_intro",
    ),
    case(
        "bare-url",
        table_intro(EN, "See https://www.cisco.com/"),
        EN,
        "bare URL 'https://www.cisco.com/'",
        at="table_intro:",
        locale="en",
        field="ui.table_intro",
    ),
    case(
        "image",
        table_intro(EN, "![logo](https://www.cisco.com/logo.png)"),
        EN,
        "image in text",
        at="table_intro:",
        locale="en",
        field="ui.table_intro",
    ),
    case(
        "link-definition",
        replace(
            EN, "      Reboot the system.\n", "      Reboot the system.\n\n      [tech-note]: https://www.cisco.com/\n"
        ),
        EN,
        "link definition in text",
        at=("resolution: |", "[tech-note]: https"),
        locale="en",
        fault=10,
        field="resolution",
    ),
    case(
        "inline-link-to-hash",
        table_intro(EN, "[The following](#) table"),
        EN,
        "placeholder target '#'",
        at="table_intro:",
        locale="en",
        field="ui.table_intro",
    ),
    case(
        "inline-link-to-fragment",
        table_intro(EN, "[The following](#faults) table"),
        EN,
        "placeholder target '#faults'",
        at="table_intro:",
        locale="en",
        field="ui.table_intro",
    ),
    case(
        "inline-link-empty",
        table_intro(EN, "[The following]() table"),
        EN,
        "placeholder target '(empty)'",
        at="table_intro:",
        locale="en",
        field="ui.table_intro",
    ),
    case(
        "inline-link-http",
        replace(NL, "    portal_text: Onjuiste versie", "    portal_text: '[Onjuiste](http://www.cisco.com/) versie'"),
        NL,
        "'http://www.cisco.com/' is not https",
        at="[Onjuiste](http",
        locale="nl",
        fault=2,
        field="portal_text",
    ),
    case(
        "inline-link-other-host",
        replace(
            NL, "    portal_text: Onjuiste versie", "    portal_text: '[Onjuiste](https://www.example.com/) versie'"
        ),
        NL,
        "host 'www.example.com'",
        at="[Onjuiste](https",
        locale="nl",
        fault=2,
        field="portal_text",
    ),
    case(
        "inline-link-invalid-url",
        replace(NL, "    portal_text: Onjuiste versie", "    portal_text: '[Onjuiste](https://[::1) versie'"),
        NL,
        "not a valid URL",
        at="[Onjuiste](https",
        locale="nl",
        fault=2,
        field="portal_text",
    ),
    case(
        "placeholder-removed",
        replace(NL, '"Er is geen fout {id}.', '"Er is geen fout.'),
        NL,
        "placeholders must be exactly those of English",
        "{id}, {ids}",
        at="goto_unknown:",
        locale="nl",
        field="ui.goto_unknown",
    ),
    case(
        "placeholder-misspelt",
        replace(JA, "{ids}", "{id_list}"),
        JA,
        "placeholders must be exactly those of English",
        at="goto_unknown:",
        locale="ja",
        field="ui.goto_unknown",
    ),
    case(
        "placeholder-added",
        replace(NL, "  goto_button: Ga naar fout", "  goto_button: Ga naar fout {id}"),
        NL,
        "placeholders must be exactly those of English (none)",
        at="goto_button:",
        locale="nl",
        field="ui.goto_button",
    ),
]

# Issue 19: every data file read once with locations; a fault named as the site writes it; structure where text lands.
FILE_CASES = [
    case("published-urls-empty", write(PUBLISHED, "# nothing yet\n\n"), PUBLISHED, "lists no URL"),
    case(
        "published-urls-windows-1252",
        write_bytes(PUBLISHED, "/faults/1/\n/faults/2/\n# \u201cquoted\u201d\n".encode("cp1252")),
        PUBLISHED,
        "byte 0x93 at column 3 is not UTF-8",
        at=3,
    ),
    case(
        "published-url-leading-zero",
        replace(PUBLISHED, "\n/faults/13/\n", "\n/faults/013/\n"),
        PUBLISHED,
        "'/faults/013/' is not a fault URL",
        at="/faults/013/",
    ),
    case(
        "published-url-arabic-indic-digits",
        replace(PUBLISHED, "\n/faults/13/\n", "\n/faults/\u0661\u0663/\n"),
        PUBLISHED,
        "is not a fault URL",
        "ASCII digits",
        at="/faults/\u0661\u0663/",
    ),
    case(
        "yaml-windows-1252",
        write_bytes(EN, (ROOT / "data" / EN).read_bytes().replace(b"Version mismatch", b"Version\x96mismatch")),
        EN,
        "byte 0x96 at column 25 is not UTF-8",
        at=(ROOT / "data" / EN).read_text(encoding="utf-8").split("Version mismatch")[0].count("\n") + 1,
        locale="en",
    ),
    case(
        "fault-reference-leading-zero",
        replace(EN, "[fault 13][fault-13]", "[fault 13][fault-013]"),
        EN,
        "reference to 'fault-013'",
        "ASCII digits without a leading 0",
        at=("resolution: |", "[fault-013]"),
        locale="en",
        fault=10,
        field="resolution",
    ),
    case(
        "fault-reference-arabic-indic",
        replace(EN, "[fault 13][fault-13]", "[fault 13][fault-\u0661\u0663]"),
        EN,
        "reference to 'fault-\u0661\u0663'",
        at=("resolution: |", "[fault-\u0661\u0663]"),
        locale="en",
        fault=10,
        field="resolution",
    ),
    case(
        "curation-stale-gap",
        replace(CURATION_NL, "  - {fault: 18, field: all,", "  - {fault: 17, field: resolution,"),
        CURATION_NL,
        "gap of resolution is stale",
        at="  - {fault: 17, field: resolution,",
        locale="nl",
        fault=17,
    ),
    case(
        "curation-gap-without-reason",
        replace(CURATION_NL, 'reason: "The Dutch seed ends at fault 17;', 'reason: "Seed.", x: "'),
        CURATION_NL,
        "gaps entry needs exactly the keys fault, field, reason",
        at="  - {fault: 18, field: all,",
        locale="nl",
    ),
    case(
        "curation-unknown-section",
        append(CURATION_NL, "gapz: []\n"),
        CURATION_NL,
        "unknown section 'gapz'",
        at="gapz: []",
        locale="nl",
    ),
    case(
        "portal-text-closing-bracket",
        replace(EN, "    portal_text: Version mismatch", "    portal_text: Version mismatch]"),
        EN,
        "breaks the structure",
        "link words in a table cell (home page)",
        "previous/next links",
        at="    portal_text: Version mismatch]",
        locale="en",
        fault=2,
        field="portal_text",
    ),
    case(
        "portal-text-trailing-backslash",
        replace(EN, "    portal_text: Version mismatch", "    portal_text: Version mismatch\\"),
        EN,
        "breaks the structure",
        "a heading (fault page)",
        at="    portal_text: Version mismatch",
        locale="en",
        fault=2,
        field="portal_text",
    ),
    case(
        "portal-text-link",
        replace(
            NL,
            "    portal_text: Onjuiste versie",
            "    portal_text: '[Onjuiste](https://www.cisco.com/c/nl_nl/) versie'",
        ),
        NL,
        "breaks the structure",
        "link words in a table cell (home page)",
        at="    portal_text: '[Onjuiste]",
        locale="nl",
        fault=2,
        field="portal_text",
    ),
    case(
        "endpoint-description-attribute-list",
        replace(
            EN,
            "    endpoint_description: System extension version mismatch",
            "    endpoint_description: 'System extension {: .wide }'",
        ),
        EN,
        "breaks the structure",
        "a table cell",
        "class=wide",
        at="    endpoint_description: 'System extension {",
        locale="en",
        fault=2,
        field="endpoint_description",
    ),
    case(
        "ui-carriage-return",
        replace(EN, "  fault_id: Fault ID", '  fault_id: "Fault\\rID"'),
        EN,
        "one line",
        "U+000D",
        at="  fault_id:",
        locale="en",
        field="ui.fault_id",
    ),
    case(
        "ui-line-separator",
        replace(EN, "  fault_id: Fault ID", '  fault_id: "Fault\\u2028ID"'),
        EN,
        "one line",
        "U+2028",
        at="  fault_id:",
        locale="en",
        field="ui.fault_id",
    ),
]


@pytest.mark.parametrize(("edit", "expect"), YAML_CASES + FACTS_CASES + TEXT_FILE_CASES + TEXT_CASES + FILE_CASES)
def test_mistake_is_reported(tmp_path: Path, edit: Edit, expect: Expect) -> None:
    data = copy_data(tmp_path)
    edit(data)
    error = load_error(data)
    assert_reported(error, expect, data)


# --- the cases above can fail only because of their edit --------------------------------------------


def test_unedited_copy_loads(tmp_path: Path) -> None:
    catalog = load(copy_data(tmp_path))
    assert set(catalog.texts) == set(LOCALES)


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(table_intro(EN, "`<p>` and `&nbsp;` in code"), id="html-in-code-span"),
        pytest.param(table_intro(EN, "See [the tech note][tech-note] and [fault 2][fault-2]."), id="known-references"),
        pytest.param(
            replace(
                NL,
                "    endpoint_description: Systeem extensie niet toegestaan",
                "    endpoint_description: '[Systeem extensie](https://www.cisco.com/c/nl_nl/) niet toegestaan'",
            ),
            id="inline-link-allowed-host",
        ),
        pytest.param(
            replace(EN, "    portal_text: Version mismatch", "    portal_text: 'Version [mismatch] *of* a|b'"),
            id="brackets-emphasis-pipe-in-link-words",
        ),
        pytest.param(replace(NL, "    portal_text: Onjuiste versie\n", ""), id="translation-may-lack-a-field"),
        pytest.param(append(FACTS, "# a comment\n"), id="comment"),
    ],
)
def test_harmless_edit_loads(tmp_path: Path, edit: Edit) -> None:
    """Near misses of the cases above are accepted, so the checks are not simply over-eager."""
    data = copy_data(tmp_path)
    edit(data)
    assert isinstance(load(data), Catalog)


# --- all problems at once ------------------------------------------------------------------------


def test_problems_in_several_files_are_reported_together(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    edits(
        replace(FACTS, "related: [4, 10, 2]", "related: [4, 10, 99]"),
        replace(EN, "[fault 13][fault-13]", "[fault 99][fault-99]"),
        replace(NL, '"Er is geen fout {id}.', '"Er is geen fout.'),
        replace(NL, "    portal_text: Onjuiste versie", "    portal_txt: Onjuiste versie"),
        replace(JA, '  goto_unknown: "', '  goto_unknown: "<p>'),
        copy(EN, "text/de.yaml"),
    )(data)
    # Phase one (files present and parsable) stops before the content checks, so the unconfigured
    # locale is reported alone; without it every content problem is listed together.
    only_file_problem = load_error(data)
    assert [p.file for p in only_file_problem.problems] == ["text/de.yaml"]
    (data / "text/de.yaml").unlink()

    error = load_error(data)
    expected = [
        Expect(FACTS, ("related fault 99 does not exist",), ANY, fault=1, field="related"),
        Expect(EN, ("reference to fault 99",), ("resolution: |", "[fault-99]"), "en", 10, "resolution"),
        Expect(NL, ("placeholders",), "goto_unknown:", "nl", field="ui.goto_unknown"),
        Expect(NL, ("unknown field 'portal_txt'",), "portal_txt:", "nl", 2),
        Expect(JA, ("raw HTML '<p>'",), "goto_unknown:", "ja", field="ui.goto_unknown"),
    ]
    for expect in expected:
        assert_reported(error, expect, data)
    message = str(error)
    assert message.startswith(f"{len(error.problems)} problems in the fault data:")
    assert len(error.problems) >= len(expected)
    for problem in error.problems:
        assert f"  - {problem}" in message.splitlines()


def test_syntax_errors_in_several_files_are_reported_together(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    edits(
        replace(FACTS, "related: [4, 10, 2]", "related: [4, 10, 2"),
        replace(EN, "  overview: Connector Fault Table", "   overview: Connector Fault Table"),
        delete("text/ko.yaml"),
    )(data)
    error = load_error(data)
    assert {p.file for p in error.problems} == {FACTS, EN, "text/ko.yaml"}
    for problem in error.problems:
        assert str(problem) in str(error)
