"""Fuzzing the strict YAML reader and the loader: any input ends in a Catalog or a DataError, quickly.

Any other exception (a traceback from deep inside) fails the test. Run longer with
FUZZ_PROFILE=fuzz-long (ten times the examples).
"""

from __future__ import annotations

import copy
import os
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import DEFAULT_LOCALE, ROOT
from faultsite.data_html import block_problems, nesting_problem
from faultsite.load import load_catalog
from faultsite.markdown_settings import markdown_extensions, render_html, render_setting
from faultsite.model import TEXT_FIELDS, UI_KEYS, Catalog
from faultsite.problems import DataError, Problem
from faultsite.render import render_fault
from faultsite.yamlfile import parse_yaml

_SUPPRESSED = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
settings.register_profile("fuzz", max_examples=150, suppress_health_check=_SUPPRESSED)
settings.register_profile("fuzz-long", max_examples=1500, suppress_health_check=_SUPPRESSED)
PROFILE = settings.get_profile(os.environ.get("FUZZ_PROFILE", "fuzz"))


def fuzz(share: float = 1.0) -> settings:
    """The profile, with `share` of its examples (loading the catalog is slower than parsing)."""
    return settings(PROFILE, max_examples=max(10, int(PROFILE.max_examples * share)))


# Loading reads every configured locale's file (about 20 ms each), so the loader is fuzzed with the
# default locale and one translation: that still covers translated_from and the placeholder checks.
LOCALES = (DEFAULT_LOCALE, "nl")
FACTS, EN, NL = "faults.yaml", f"text/{DEFAULT_LOCALE}.yaml", "text/nl.yaml"
FILES = {FACTS, EN, NL}
REAL = {name: (ROOT / "data" / name).read_text(encoding="utf-8") for name in FILES}
REAL_DATA = {name: yaml.safe_load(text) for name, text in REAL.items()}
# The published URLs of the fuzzed locales: a missing published-urls.txt is itself an error.
PUBLISHED = "".join(
    line
    for line in (ROOT / "data" / "published-urls.txt").read_text(encoding="utf-8").splitlines(True)
    if line.startswith(("/faults/", "/nl/faults/"))
)


# --- strategies ----------------------------------------------------------------------------------

ODD = (
    "\u0000\u0007\u0085\u00a0\u2028\u2029\ufeff\u200b\u200d\u202e\ufffd\ufffe\U0001f600\U0010fffd"
    "\ud7ff\ue000é中文한국어ー\u0301\t\r\x7f\x1b"
)
YAMLISH = ":-[]{}&*!|>'\"#%@`,?<=~ \n\n  \t" + "abcxyz019._/\\" + ODD

KNOWN_WORDS = [
    "allowed_hosts",
    "links",
    "faults",
    "id",
    "logs",
    "versions",
    "related",
    "connector",
    "macos",
    "title",
    "urls",
    "default",
    "nl",
    "de",
    "ui",
    "translated_from",
    "tech-note",
    *TEXT_FIELDS,
    *UI_KEYS[:8],
    "goto_unknown",
]
URLS = [
    "https://www.cisco.com/x",
    "http://www.cisco.com/",
    "https://www.cisco.com:99999/",
    "https://[::1",
    "https://[x]/",
    "https://a\uff03b/",
    "https://example.com/",
    "mailto:a@b",
    "//www.cisco.com/",
    "",
]
KNOWN_VALUES = [
    *URLS,
    "[a](https://www.cisco.com/)",
    "[a](https://[::1)",
    "[a](https://a\uff03b/)",
    "1.14.0",
    "10.15",
    "/Library/Logs/Cisco/ampdaemon.log",
    "[a][tech-note]",
    "[a][fault-1]",
    "[a][fault-99]",
    "[a](#)",
    "[a]()",
    "<p>",
    '<a href="#">x</a>',
    "{id}",
    "{ids}",
    "9dcb91450957",
    "",
    "   ",
    "`<p>`",
    "&amp;",
]

# Scalars PyYAML resolves to a type it then cannot build, and constructs the strict reader refuses.
YAML_TRAPS = [
    " 0x_",
    " 0b_",
    " !!int x",
    " !!bool maybe",
    " !!float ''",
    " &a x",
    " *a",
    "<<: {}",
    "[" * 40,
    "? [a]\n: b",
    " !!python/name:os.system ''",
    " 2020-01-01",
    " 1" + "0" * 5000,
    "\t",
    "---\n",
]
texts = st.text(max_size=30) | st.text(alphabet=YAMLISH, max_size=30) | st.sampled_from(KNOWN_VALUES)
leaves = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(-2, 20)
    | st.floats(allow_nan=True, allow_infinity=True)
    | texts
)
keys = (
    st.sampled_from(KNOWN_WORDS)
    | st.integers(-2, 20)
    | st.text(max_size=12)
    | st.none()
    | st.booleans()
    | st.floats(allow_nan=False)
)
values = st.recursive(
    leaves, lambda inner: st.lists(inner, max_size=5) | st.dictionaries(keys, inner, max_size=5), max_leaves=40
)


def maybe(strategy: st.SearchStrategy) -> st.SearchStrategy:
    """Usually `strategy`, sometimes anything at all."""
    return st.one_of(strategy, strategy, strategy, values)


_markdown = st.text(alphabet="[]()<>!`&#;:/-*_{} \nabhtps.01" + "é中", max_size=120)
text_values = maybe(
    st.sampled_from(KNOWN_VALUES)
    | st.text(max_size=40)
    | _markdown
    | st.lists(st.sampled_from(KNOWN_VALUES + ["word "]), max_size=6).map("".join)
)
fault_ids = maybe(st.integers(-1, 20))
facts_documents = st.fixed_dictionaries(
    {},
    optional={
        "allowed_hosts": maybe(st.lists(st.sampled_from(["www.cisco.com", "example.com", ""]) | texts, max_size=3)),
        "links": maybe(
            st.dictionaries(
                st.sampled_from(["tech-note", "fault-1", "Bad Id", "x"]) | keys,
                maybe(
                    st.fixed_dictionaries(
                        {},
                        optional={
                            "title": text_values,
                            "urls": maybe(
                                st.dictionaries(
                                    st.sampled_from(["default", "nl", "de"]) | keys,
                                    maybe(st.sampled_from(URLS)) | text_values,
                                    max_size=3,
                                )
                            ),
                        },
                    )
                ),
                max_size=3,
            )
        ),
        "faults": maybe(
            st.lists(
                maybe(
                    st.fixed_dictionaries(
                        {},
                        optional={
                            "id": fault_ids,
                            "logs": maybe(st.lists(texts, max_size=3)),
                            "versions": maybe(
                                st.fixed_dictionaries(
                                    {},
                                    optional={
                                        "connector": maybe(st.lists(texts, max_size=3)),
                                        "macos": maybe(st.lists(texts, max_size=3)),
                                    },
                                )
                            ),
                            "related": maybe(st.lists(fault_ids, max_size=4)),
                        },
                    )
                ),
                max_size=6,
            )
        ),
    },
)
text_documents = st.fixed_dictionaries(
    {},
    optional={
        "ui": maybe(st.dictionaries(st.sampled_from(UI_KEYS) | keys, text_values, max_size=12)),
        "faults": maybe(
            st.dictionaries(
                st.integers(-1, 20) | keys,
                maybe(
                    st.fixed_dictionaries(
                        {},
                        optional={
                            **dict.fromkeys(TEXT_FIELDS, text_values),
                            "translated_from": maybe(
                                st.dictionaries(st.sampled_from(TEXT_FIELDS) | keys, texts, max_size=3)
                            ),
                        },
                    )
                ),
                max_size=6,
            )
        ),
    },
)


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:  # the same list twice is written twice, not as an alias
        return True


def dump(value: Any) -> str:
    return yaml.dump(value, Dumper=_Dumper, allow_unicode=True, sort_keys=False)


# --- 1. the strict YAML reader -------------------------------------------------------------------


def check_parse(text: str) -> None:
    doc, problems = parse_yaml(text, "x.yaml")
    assert (doc is None) == bool(problems), (doc, problems)
    lines = len(text.splitlines()) + 1
    for problem in problems:
        assert isinstance(problem, Problem) and problem.file == "x.yaml" and problem.message
        assert problem.line is None or 1 <= problem.line <= lines, problem
    if doc is not None:
        assert_plain(doc.data, depth=0)
        assert all(1 <= line <= lines for line in doc.lines.values())


def assert_plain(value: Any, depth: int) -> None:
    """Only plain data comes out: no dates, bytes, sets or Python objects, and no deeper than allowed."""
    assert depth <= 21
    if isinstance(value, dict):
        for key, item in value.items():
            assert key is None or isinstance(key, (str, int, float, bool)), repr(key)
            assert_plain(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            assert_plain(item, depth + 1)
    else:
        assert value is None or isinstance(value, (str, int, float, bool)), repr(value)


@fuzz(2)
@given(st.text())
def test_parse_any_text(text: str) -> None:
    check_parse(text)


@fuzz(2)
@given(st.text(alphabet=YAMLISH, max_size=200))
def test_parse_yaml_like_text(text: str) -> None:
    check_parse(text)


@fuzz(2)
@given(values, st.integers(0, 10_000), st.text(alphabet=YAMLISH, max_size=8), st.integers(0, 20))
def test_parse_dumped_values_with_damage(value: Any, where: int, insert: str, remove: int) -> None:
    text = dump(value)
    check_parse(text)
    where %= len(text) + 1
    check_parse(text[:where] + insert + text[where + remove :])


TAGS = [
    "!!int",
    "!!float",
    "!!bool",
    "!!null",
    "!!str",
    "!!timestamp",
    "!!binary",
    "!!set",
    "!!omap",
    "!!pairs",
    "!!map",
    "!!seq",
    "!!merge",
    "!!python/object:os.system",
    "!!python/name:os.system",
    "!!python/object/apply:os.system",
    "!local",
    "!<tag:yaml.org,2002:int>",
    "!e!x",
]
scalar_words = st.sampled_from(
    [
        "",
        "-",
        "+",
        "0x_",
        "0b_",
        "0o_",
        "._",
        "1_:0",
        "1:_",
        "0" * 5000,
        "9" * 4400,
        ".nan",
        ".inf",
        "1e999",
        "yes",
        "maybe",
        "~",
        "2020-02-30",
        "2020-01-01 25:00",
        "aGk=",
        "@@@",
        "1.14.0",
    ]
) | st.text(alphabet=YAMLISH, max_size=10)


@fuzz(2)
@example("!!int", "0" * 5000, "a: {t} {v}")
@given(
    st.sampled_from(TAGS),
    scalar_words,
    st.sampled_from(
        [
            "a: {t} {v!r}",
            "a: {t} {v}",
            "{t} {v!r}: 1",
            "- {t} {v!r}",
            "a: {t} [{v!r}]",
            "a: {t} {{b: {v!r}}}",
            "%TAG !e! tag:yaml.org,2002:\n---\na: {t} {v!r}",
        ]
    ),
)
def test_parse_tagged_scalars(tag: str, word: str, form: str) -> None:
    check_parse(form.format(t=tag, v=word))


@fuzz(0.25)
@example(120_000, "中", "k: {s}")
@example(120_000, "\U0001f600", 'k: "{s}"')
@example(120_000, "a", "{s}: 1")
@given(
    st.integers(0, 120_000),
    st.sampled_from(["a", "é", "中", "\U0001f600", " ", "\\", "'", "\u2028"]),
    st.sampled_from(["k: {s}", "k: '{s}'", 'k: "{s}"', "{s}: 1", "k: |\n  {s}", "- {s}"]),
)
def test_parse_huge_strings(size: int, char: str, form: str) -> None:
    check_parse(form.format(s=char * size))


@fuzz(0.3)
@example(1000, "flow-list")
@example(1000, "mixed")
@example(200, "block-map")
@example(21, "flow-map")
@example(20, "flow-map")
@given(st.integers(1, 1000), st.sampled_from(["flow-list", "flow-map", "block-map", "block-list", "mixed"]))
def test_parse_deep_nesting(depth: int, kind: str) -> None:
    if kind == "flow-list":
        text = "[" * depth + "1" + "]" * depth
    elif kind == "flow-map":
        text = "{a: " * depth + "1" + "}" * depth
    elif kind == "block-map":
        depth = min(depth, 200)
        text = "".join("  " * level + "a:\n" for level in range(depth)) + "  " * depth + "1\n"
    elif kind == "block-list":
        depth = min(depth, 200)
        text = "".join("  " * level + "-\n" for level in range(depth)) + "  " * depth + "1\n"
    else:
        text = "a: " + "[{b: " * depth + "1" + "}]" * depth
    check_parse(text)
    doc, problems = parse_yaml(text, "x.yaml")
    nesting = 2 * depth + 1 if kind == "mixed" else depth  # how deep the innermost value is
    assert (doc is None) == (nesting > 20), problems


# --- 2. the loader -------------------------------------------------------------------------------


def load_with(replacements: dict[str, str]) -> Catalog | DataError:
    """Load a copy of the real data with some files' text replaced: a Catalog or a DataError, nothing else."""
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        (data / "text").mkdir(parents=True)
        for name, text in {**REAL, **replacements}.items():
            (data / name).write_text(text, encoding="utf-8")
        (data / "published-urls.txt").write_text(PUBLISHED, encoding="utf-8")
        try:
            catalog = load_catalog(data, locales=LOCALES, default_locale=DEFAULT_LOCALE)
        except DataError as error:
            assert error.problems
            message = str(error)
            for problem in error.problems:
                assert (
                    isinstance(problem, Problem) and problem.file in FILES | {"published-urls.txt"} and problem.message
                ), problem
                assert problem.line is None or problem.line >= 1, problem
                assert f"  - {problem}" in message
            return error
    assert isinstance(catalog, Catalog)
    assert catalog.locales == LOCALES and set(catalog.texts) == set(LOCALES)
    assert catalog.faults and all(isinstance(f.id, int) and f.id > 0 for f in catalog.faults)
    english = catalog.texts[DEFAULT_LOCALE]
    for fault in catalog.faults:
        assert all(isinstance(english.faults[fault.id].get(name), str) for name in TEXT_FIELDS)
    return catalog


def test_real_data_loads() -> None:
    """The unmutated files load, so what the tests below find comes from their changes."""
    assert isinstance(load_with({}), Catalog)
    assert isinstance(load_with({name: dump(value) for name, value in REAL_DATA.items()}), Catalog)


@fuzz(0.5)
@given(values)
def test_load_random_facts(value: Any) -> None:
    load_with({FACTS: dump(value)})


@fuzz(0.5)
@given(values)
def test_load_random_english(value: Any) -> None:
    load_with({EN: dump(value)})


@fuzz(0.3)
@given(values, values)
def test_load_random_facts_and_english(facts: Any, english: Any) -> None:
    load_with({FACTS: dump(facts), EN: dump(english)})


@fuzz(0.6)
@example({"links": {"x": {"title": "t", "urls": {"default": "https://[::1"}}}, "faults": [{"id": 1}]}, True)
@example({"links": {"x": {"title": "t", "urls": {"default": "https://a\uff03b/"}}}, "faults": [{"id": 1}]}, False)
@given(facts_documents, st.booleans())
def test_load_facts_shaped_documents(facts: Any, keep_english: bool) -> None:
    load_with({FACTS: dump(facts)} if keep_english else {FACTS: dump(facts), EN: dump({"ui": {}, "faults": {}})})


@fuzz(0.6)
@given(text_documents, st.sampled_from([EN, NL]))
def test_load_text_shaped_documents(text: Any, file: str) -> None:
    load_with({file: dump(text)})


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into `value` (not the root)."""
    found = []
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        found.append(prefix + (key,))
        found += paths(item, prefix + (key,))
    return found


def get(value: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        value = value[key]
    return value


def retype(value: Any) -> Any:
    """The same value, as another YAML type."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return int(value) if value.isdigit() and len(value) < 100 else [value]
    if isinstance(value, list):
        return dict(enumerate(value))
    if isinstance(value, dict):
        return list(value.values())
    return ""


@fuzz(0.6)
@given(st.data())
def test_load_mutated_real_data(data: st.DataObject) -> None:
    """Drop keys, change types, swap and duplicate values in the real faults.yaml, en.yaml or nl.yaml."""
    changed: dict[str, Any] = {}
    for _ in range(data.draw(st.integers(1, 4), label="mutations")):
        file = data.draw(st.sampled_from(sorted(FILES)), label="file")
        document = changed.setdefault(file, copy.deepcopy(REAL_DATA[file]))
        if not paths(document):
            continue
        path = data.draw(st.sampled_from(paths(document)), label="path")
        parent, key = get(document, path[:-1]), path[-1]
        operation = data.draw(
            st.sampled_from(["drop", "replace", "retype", "swap", "duplicate", "rekey"]), label="operation"
        )
        if operation == "drop":
            del parent[key]
        elif operation == "replace":
            parent[key] = data.draw(values, label="value")
        elif operation == "retype":
            parent[key] = retype(parent[key])
        elif operation == "swap":
            other = data.draw(st.sampled_from(paths(document)), label="other")
            if other[: len(path)] != path and path[: len(other)] != other:  # neither inside the other
                other_parent = get(document, other[:-1])
                parent[key], other_parent[other[-1]] = (
                    copy.deepcopy(other_parent[other[-1]]),
                    copy.deepcopy(parent[key]),
                )
        elif operation == "duplicate":
            if isinstance(parent, list):
                parent.insert(key, copy.deepcopy(parent[key]))
            else:
                parent[data.draw(keys, label="new key")] = copy.deepcopy(parent[key])
        elif isinstance(parent, dict):  # rekey
            new_key = data.draw(keys, label="new key")
            parent[new_key] = parent.pop(key)
    load_with({file: dump(document) for file, document in changed.items()})


@fuzz(0.75)
@given(st.sampled_from(sorted(FILES)), st.data())
def test_load_damaged_real_text(file: str, data: st.DataObject) -> None:
    """Cut, insert and replace characters in the text of a real file, so the YAML itself breaks."""
    text = REAL[file]
    for _ in range(data.draw(st.integers(1, 3), label="edits")):
        where = data.draw(st.integers(0, len(text)), label="where")
        remove = data.draw(st.integers(0, 40), label="remove")
        insert = data.draw(
            st.text(alphabet=YAMLISH, max_size=10) | st.sampled_from(KNOWN_VALUES + YAML_TRAPS), label="insert"
        )
        text = text[:where] + insert + text[where + remove :]
    load_with({file: text})


@fuzz(0.5)
@example((NL, ("faults", 2, "portal_text")), "[x](https://[::1)")
@given(
    st.sampled_from(
        [
            (EN, ("faults", 3, "resolution")),
            (EN, ("ui", "table_intro")),
            (NL, ("faults", 2, "portal_text")),
            (NL, ("ui", "goto_unknown")),
        ]
    ),
    _markdown | st.text(max_size=200) | st.lists(st.sampled_from(KNOWN_VALUES + [" ", "\n"]), max_size=12).map("".join),
)
def test_load_random_markdown(target: tuple[str, tuple[Any, ...]], text: str) -> None:
    """Any text in a field is either accepted or reported by the Markdown checks."""
    file, path = target
    document = copy.deepcopy(REAL_DATA[file])
    get(document, path[:-1])[path[-1]] = text
    load_with({file: dump(document)})


# --- rendering: whatever passes validation renders, in bounded time --------------------------------------------

EXTENSIONS = markdown_extensions(ROOT / "mkdocs.yml")
SETTING = render_setting(EXTENSIONS, {"www.cisco.com"})
_LEAF = st.text(alphabet="[]()<>!`*_{}:#|\\ \nabx.01中", max_size=30)
_nested = st.recursive(
    _LEAF,
    lambda inner: st.one_of(
        inner.map(lambda t: f"[{t}]"),
        inner.map(lambda t: f"> {t}"),
        inner.map(lambda t: f"- {t}"),
        inner.map(lambda t: "    " + t.replace("\n", "\n    ")),
        inner.map(lambda t: f"*{t}*"),
        st.tuples(inner, inner).map("\n".join),
    ),
    max_leaves=60,
)
_deep = st.builds(
    lambda part, depth, tail: part * depth + tail,
    st.sampled_from(["[", "> ", "- ", "  - ", "1. ", "    ", "*", "<", "{"]),
    st.integers(0, 3000),
    _LEAF,
)


@settings(PROFILE, max_examples=max(20, PROFILE.max_examples // 3))
@example("[" * 9000 + "]" * 9000)
@example("> " * 2000 + "x")
@given(_nested | _deep | _markdown)
def test_render_is_bounded(text: str) -> None:
    """Text within the nesting bound renders and is checked; deeper text is refused."""
    if nesting_problem(text) is None:
        block_problems(text, setting=SETTING, definitions={"fault-1": "1.md"})


@settings(PROFILE, max_examples=max(10, PROFILE.max_examples // 10))
@given(st.sampled_from([(EN, ("faults", 3, "resolution")), (NL, ("faults", 2, "portal_text"))]), _nested | _markdown)
def test_accepted_text_renders_as_a_page(target: tuple[str, tuple[Any, ...]], text: str) -> None:
    """Any text the loader accepts renders as a whole fault page without error."""
    file, path = target
    document = copy.deepcopy(REAL_DATA[file])
    get(document, path[:-1])[path[-1]] = text
    result = load_with({file: dump(document)})
    if isinstance(result, Catalog):
        locale = Path(file).stem
        page = render_fault(result, path[1], locale)
        render_html(page.split("---\n", 2)[-1], extensions=EXTENSIONS, definitions={})
