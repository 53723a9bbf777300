"""The fault-ID field's decision (issue 20, item 3), run in Node on the very worker the site publishes and on its
index: a notification pasted with whatever surrounds it in a reader's hands (timestamps of every format, host names
with digits, log prefixes, sentences around it) goes to its fault or to a list that shows it first: never to
another fault, never "no fault N" for a part of a date. The blind probes (tests/goto_probes_blind.yaml) run here and
through the real field in Chromium (tests/browser/test_fault_field.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from evalsets import load_probes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsharness import Harness, built_worker

from conftest import DEFAULT_LOCALE, LOCALES, node_executable
from faultsite.model import Catalog
from faultsite.normalize import normalize
from faultsite.search_docs import plain_text
from faultsite.urls import locale_prefix

PROPERTY = settings(
    max_examples=80,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
NAME_FIELDS = ("portal_text", "endpoint_description")
# How the portal and readers write an event's time: ISO, European, US, Japanese, Korean and Chinese forms, syslog.
STAMPS = (
    "{t:%Y-%m-%d %H:%M:%S}",
    "{t:%Y-%m-%dT%H:%M:%SZ}",
    "{t:%d-%m-%Y %H:%M}",
    "{t:%d.%m.%Y %H:%M}",
    "{t.month}/{t.day}/{t.year} {t:%I:%M %p}",
    "{t.year}年{t.month}月{t.day}日 {t.hour}時{t.minute}分",
    "{t.year}. {t.month}. {t.day}. 오전 {t:%I:%M}",
    "{t.year}/{t.month}/{t.day} 上午{t:%I:%M}",
    "{t:%b} {t.day:2d} {t:%H:%M:%S}",
)
HOSTS = st.from_regex(r"[a-z]{2,8}[-.]?[0-9]{1,4}(\.corp\.example)?", fullmatch=True)
PREFIXES = ("", "[ampdaemon {n}] ", "<{n}>", "{host}: ", "{stamp} {host} ", "FW: ", "Re: ", "Melding: ", "通知：")


@pytest.fixture(scope="module")
def engine(built_site: Path) -> Iterator[Harness]:
    running = Harness(node_executable(), built_worker(built_site), built_site)
    yield running
    running.close()


def notifications(catalog: Catalog) -> list[tuple[str, str, frozenset[int]]]:
    """(locale, a portal text or endpoint description, the faults with that very name) of every locale."""
    names: dict[tuple[str, str], set[int]] = {}
    for locale in catalog.locales:
        for fault_id, text in catalog.texts[locale].faults.items():
            for field in NAME_FIELDS:
                if text.get(field):
                    names.setdefault((locale, plain_text(text.get(field) or "")), set()).add(fault_id)
    same: dict[str, set[int]] = {}
    for (_, name), faults in names.items():
        same.setdefault(normalize(name), set()).update(faults)
    return [(locale, name, frozenset(same[normalize(name)])) for (locale, name) in names]


def sentences(catalog: Catalog) -> list[str]:
    """Sentences around a pasted notification, in every language: the sites' own interface sentences."""
    keys = ("intro", "table_intro", "status_intro", "lang_offer")
    return [
        catalog.texts[locale].ui[key] for locale in catalog.locales for key in keys if key in catalog.texts[locale].ui
    ]


def decide(engine: Harness, locale: str, values: list[str]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = engine("decide", prefix=locale_prefix(locale, DEFAULT_LOCALE), values=values)
    return found


@st.composite
def wrapped(draw: st.DrawFn, name: str, catalog: Catalog) -> str:
    """`name` with a timestamp, a host name, a log prefix, the portal's words and sentences around it."""
    when = draw(st.datetimes(min_value=datetime(2019, 1, 1), max_value=datetime(2031, 12, 31)))
    stamp = draw(st.sampled_from(STAMPS)).format(t=when)
    host = draw(HOSTS)
    prefix = draw(st.sampled_from(PREFIXES)).format(n=draw(st.integers(0, 99999)), host=host, stamp=stamp)
    portal = draw(st.sampled_from(("", "Fault Raised: ", "Fault Cleared - ", "故障引發：", '"')))
    before = draw(st.sampled_from(["", *sentences(catalog)]))
    after = draw(st.sampled_from(["", f" ({host})", f" - {stamp}", " " + draw(st.sampled_from(sentences(catalog)))]))
    return f"{before} {prefix}{portal}{name}{after}".strip()


def test_every_notification_of_every_locale_in_any_wrapping_goes_to_its_fault(
    engine: Harness, catalog: Catalog
) -> None:
    cases = notifications(catalog)

    @PROPERTY
    @given(st.data())
    def check(data: st.DataObject) -> None:
        locale, name, faults = data.draw(st.sampled_from(cases))
        site = data.draw(st.sampled_from(LOCALES))
        value = data.draw(wrapped(name, catalog))
        (decision,) = decide(engine, site, [value])
        first = decision.get("fault", (decision.get("several") or [None])[0])
        assert first in faults, f"{site}: {value!r} ({locale} name of {sorted(faults)}) -> {decision}"

    check()


@pytest.mark.parametrize("locale", LOCALES)
def test_a_date_time_or_version_alone_is_never_a_fault(engine: Harness, locale: str) -> None:
    when = datetime(2024, 6, 3, 10, 41, 7)
    values = [stamp.format(t=when) for stamp in STAMPS] + ["1.14.0", "macOS 10.15.5", "host17.corp.example"]
    decisions = decide(engine, locale, values)
    assert [d for d in decisions if "search" not in d] == []


@pytest.mark.parametrize("locale", LOCALES)
def test_the_blind_probes_in_node(engine: Harness, catalog: Catalog, locale: str) -> None:
    """tests/goto_probes_blind.yaml on the worker's logic (the browser test runs them through the field)."""
    probes = load_probes()[locale]
    wrong = []
    for probe, decision in zip(probes, decide(engine, locale, [p["input"] for p in probes]), strict=True):
        expect = probe["expect"]
        listed = decision.get("several", [])
        if "fault" in expect:
            ok = decision.get("fault") == expect["fault"] or listed[:1] == [expect["fault"]]
        elif "several" in expect:
            ok = set(expect["several"]) <= set(listed)
        elif "unknown" in expect:
            ok = decision.get("unknown") == expect["unknown"]
        else:
            ok = "search" in decision
        if not ok:
            wrong.append(f"{probe['input']!r} -> {decision} (expected {expect})")
    assert wrong == [], "\n".join(wrong)


def _fault_words(catalog: Catalog, locale: str) -> str:
    return str(catalog.texts[locale].ui["fault"])


@pytest.mark.parametrize("locale", LOCALES)
def test_two_fault_ids_are_offered_never_the_first_taken(engine: Harness, catalog: Catalog, locale: str) -> None:
    """'fault 3 and fault 15': the reader named two faults; the field lists both, in the order written."""
    ids = catalog.fault_ids
    word = _fault_words(catalog, locale)
    pairs = [(a, b) for a, b in zip(ids, ids[1:], strict=False)] + [(ids[-1], ids[0])]
    values = [f"{word} {a} & {word} {b}" for a, b in pairs] + [f"{word} {a}, {word} {b}" for a, b in pairs]
    decisions = decide(engine, locale, values)
    wrong = [
        f"{value!r} -> {decision}"
        for value, decision, (a, b) in zip(values, decisions, pairs + pairs, strict=True)
        if decision.get("several") != [a, b]
    ]
    assert wrong == []
    unknown = max(ids) + 1
    (decision,) = decide(engine, locale, [f"{word} {unknown} & {word} {ids[0]}"])
    assert decision == {"unknown": unknown}, "a list of the rest would hide that one of them is no fault"


@pytest.mark.parametrize("locale", LOCALES)
def test_the_portal_event_form_and_code_words_name_the_fault(engine: Harness, catalog: Catalog, locale: str) -> None:
    """'Fault Raised id=13' (a log line's form), the locale's word for code between fault word and number, and the
    portal's short form F13 written with a hyphen too."""
    fault = catalog.fault_ids[-2]
    codes = {"en": "code", "nl": "code", "ja": "コード", "zh-TW": "代碼", "ko": "코드"}
    word = _fault_words(catalog, locale)
    coded = f"{word}{'' if not word.isascii() else ' '}{codes.get(locale, 'code')}：{fault}"
    values = [f"Fault Raised id={fault}", f"Fault Cleared ID: {fault}", coded, f"F{fault}", f"F-{fault}"]
    assert [d.get("fault") for d in decide(engine, locale, values)] == [fault] * len(values)


@pytest.mark.parametrize("locale", [locale for locale in LOCALES if locale not in ("ja", "zh-TW")])
def test_a_word_of_one_faults_text_is_for_search_not_a_jump(engine: Harness, catalog: Catalog, locale: str) -> None:
    """A word that only one fault's text holds (not its name) is a search, not a reason to open that fault: the field
    leaves for a fault on an ID, a link, or a good part of a fault's name. (Locales that write words apart: a run of
    Japanese or Chinese between spaces is a phrase, not a word.)"""
    names = " ".join(
        normalize(plain_text(text.get(field) or ""))
        for texts in catalog.texts.values()
        for text in texts.faults.values()
        for field in NAME_FIELDS
    ).split()
    words: list[str] = []
    for text in catalog.texts[locale].faults.values():
        body = normalize(plain_text(text.get("resolution") or "")).split()
        words += [w for w in body if len(w) >= 5 and w.isalpha() and w not in names and body.count(w) == 1][:2]
    jumped = [f"{w!r} -> {d}" for w, d in zip(words, decide(engine, locale, words), strict=True) if "fault" in d]
    assert jumped == []
