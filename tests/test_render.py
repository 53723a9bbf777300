"""Data -> Markdown: exact expected output of the pure renderers on a small catalog."""

from __future__ import annotations

import dataclasses

from helpers import make_catalog

from faultsite.fallback import shown_versions, text_hash
from faultsite.model import Fault, FaultText, Versions
from faultsite.render import render_fault, render_home


def test_english_fault_page() -> None:
    assert (
        render_fault(make_catalog(), 1, "en")
        == """---
title: "Fault 1: Portal one"
fault_nav: {"current": 1, "faults": [{"id": 1, "text": "Portal one", "url": "./"}, {"id": 2, "text": "Portal two", \
"url": "../2/"}], "overview": {"text": "BACK_TO_OVERVIEW", "url": "../../#fault-1"}}
---

# Fault 1: Portal one

<dl class="fault-facts" markdown>
<dt>ENDPOINT_DESCRIPTION</dt>
<dd markdown="span">Endpoint one</dd>
</dl>

## RESOLUTION <span class="fault-anchor" id="troubleshootingresolution"></span> { #resolution }

Read [fault 2][fault-2] and [the note][note].

- `/Library/Logs/a.log`
- *App*

## LOG_FILES { #log-files }

```text
/Library/Logs/a.log
```

## RELATED_FAULTS <span class="fault-anchor" id="related-faults"></span> { #related }

- [Fault 2: Portal two](2.md)

## MORE_INFORMATION { #more-information }

- [The note](https://www.cisco.com/en){ hreflang="en" }

<nav class="fault-pager" markdown>
[BACK_TO_OVERVIEW](../index.md#fault-1){ .fault-pager__overview }
[NEXT_FAULT: 2 · Portal two](2.md){ .fault-pager__next rel="next" }
</nav>

[fault-2]: 2.md
[note]: https://www.cisco.com/en
"""
    )


def test_translated_page_uses_the_locale_address_of_a_link_and_marks_english_fallback_of_related_titles() -> None:
    page = render_fault(make_catalog(), 1, "nl")
    assert page.startswith('---\ntitle: "Fout 1: Portaal een"\nfault_nav: {')
    assert '---\n\n# Fout 1: Portaal een\n\n<dl class="fault-facts" markdown>\n' in page
    assert '<dd markdown="span">Eindpunt een</dd>\n</dl>\n\n<p class="show-english">' in page
    assert '- [Fout 2: <span lang="en">Portal two</span>](2.md)\n' in page
    assert "[note]: https://www.cisco.com/nl\n" in page
    assert "admonition" not in page and "!!!" not in page


def test_untranslated_fault_falls_back_to_english_marked_and_announced() -> None:
    page = render_fault(make_catalog(), 2, "nl")
    assert (
        page
        == """---
title: "Fout 2: Portal two"
fault_nav: {"current": 2, "faults": [{"id": 1, "text": "Portaal een", "url": "../1/"}, {"id": 2, "lang": "en", \
"text": "Portal two", "url": "./"}], "overview": {"text": "nl-back_to_overview", "url": "../../#fault-2"}}
---

# Fout 2: <span lang="en">Portal two</span>

!!! warning "Niet vertaald."
    <a href="../../../faults/2/" hreflang="en">Engelse pagina</a>

<dl class="fault-facts" markdown>
<dt>nl-endpoint_description</dt>
<dd markdown="span"><span lang="en">Endpoint two</span></dd>
</dl>

## nl-resolution <span class="fault-anchor" id="probleemoplossingoplossing"></span> { #resolution }

<div lang="en" class="fallback" markdown>

Reboot.

</div>

<nav class="fault-pager" markdown>
[nl-previous_fault: 1 · Portaal een](1.md){ .fault-pager__previous rel="prev" }
[nl-back_to_overview](../index.md#fault-2){ .fault-pager__overview }
</nav>
"""
    )


def test_a_changed_english_text_marks_the_translation_outdated() -> None:
    catalog = make_catalog()
    english = catalog.texts["en"]
    changed = dataclasses.replace(
        english, faults={**english.faults, 1: dataclasses.replace(english.faults[1], resolution="New English text.")}
    )
    page = render_fault(dataclasses.replace(catalog, texts={**catalog.texts, "en": changed}), 1, "nl")
    assert '!!! info "Verouderd."\n    <a href="../../../faults/1/" hreflang="en">Engelse pagina</a>\n' in page


def test_a_missing_field_alone_is_shown_in_english_with_a_field_notice() -> None:
    catalog = make_catalog({1: FaultText("Portaal een", "Eindpunt een", None)})
    page = render_fault(catalog, 1, "nl")
    assert (
        '!!! note ""\n    nl-not_translated_field\n\n<div lang="en" class="fallback" markdown>\n\nRead [fault 2]'
        in page
    )
    assert "!!! warning" not in page


def test_home_page_lists_every_fault_with_its_anchor() -> None:
    assert (
        render_home(make_catalog(), "nl")
        == """# nl-site_name

## nl-introduction

nl-intro

## nl-overview

<form class="fault-goto" data-fault-goto action="./" data-root="./" data-several="nl-goto_several" data-known="1,2" data-fault-page="faults/{id}/" data-unknown="nl-goto_unknown">
<label for="fault-goto">nl-goto_label</label>
<input id="fault-goto" name="fault" type="text" autocomplete="off" size="12">
<button type="submit" class="md-button md-button--primary">nl-goto_button</button>
<p class="fault-goto__message" role="status" aria-live="polite"></p>
</form>

nl-table_intro

| nl-fault_id | nl-portal_text | nl-endpoint_description |
| --- | --- | --- |
| [1](faults/1.md){ #fault-1 } | [Portaal een](faults/1.md) | Eindpunt een |
| [2](faults/2.md){ #fault-2 } | [<span lang="en">Portal two</span>](faults/2.md) <span class="fallback-mark">nl-in_english</span> | <span lang="en">Endpoint two</span> <span class="fallback-mark">nl-in_english</span> |
"""
    )


def test_a_retired_fault_keeps_its_page_and_says_so() -> None:
    catalog = make_catalog()
    catalog = dataclasses.replace(catalog, faults=(catalog.faults[0], Fault(2, retired=True)))
    page = render_fault(catalog, 2, "nl")
    assert (
        '# Fout 2: <span lang="en">Portal two</span>\n\n!!! danger "nl-retired"\n\n!!! warning "Niet vertaald."' in page
    )


def test_versions_mentioned_are_those_the_shown_text_names() -> None:
    fault = Fault(3, versions=Versions(("1.14.0", "1.14.1"), ("10.15.5", "11")))
    english = "For 1.14.0 and later: macOS 10.15.5 and newer.\n\nFor 1.14.1 and later: macOS 11 and newer."
    assert shown_versions(fault, [english]) == fault.versions
    # The Korean seed names macOS 10.14.4, which the English does not: listed, as a macOS version, in order.
    korean = "Mac Connector 버전 1.14.0 이상의 경우 macOS 버전 10.14.4 이상에서 (macOS 11 이상에서 필요)"
    assert shown_versions(fault, [korean]) == Versions(("1.14.0",), ("10.14.4", "11"))
    # "11" is named only as a number of its own, not inside 11.0.1 or 110.
    assert shown_versions(fault, ["macOS 11.0.1 scans 110 files"]) == Versions((), ("11.0.1",))


def test_a_title_shown_in_english_on_a_translated_page_is_announced_under_the_facts() -> None:
    english = make_catalog().texts["en"].faults[1]
    partly = FaultText(
        "Portaal een",
        None,
        "Lees [fout 2][fault-2] en [de nota][note].\n",
        translated_from={f: text_hash(english.get(f) or "") for f in ("portal_text", "resolution")},
    )
    page = render_fault(make_catalog({1: partly}), 1, "nl")
    facts = '<dd markdown="span"><span lang="en">Endpoint one</span></dd>\n</dl>\n\n'
    assert facts + '!!! note ""\n    nl-endpoint_description: niet vertaald.\n\n' in page
    assert page.count("niet vertaald.") == 1 and "Niet vertaald." not in page  # no notice for the whole fault
