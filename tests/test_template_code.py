"""The theme's compiled templates kept for the process (template_code.py): each locale's build makes a new Jinja
environment, and a template is compiled once, never served stale, and what a forked locale worker compiled comes back
to the process whose next workers inherit it (under `serve`, a language partial is compiled once, not per rebuild)."""

from __future__ import annotations

import os

import jinja2
import pytest

from faultsite.parallel import fork_map
from faultsite.template_code import TemplateCode

SOURCES = {"page.html": "<p>{{ word }}</p>{% include 'partial.html' %}", "partial.html": "<i>{{ word | upper }}</i>"}


class Compiles:
    """Every template Jinja compiles in this process."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.names: list[str] = []
        real = jinja2.Environment.compile

        def compile_counted(
            env: jinja2.Environment,
            source: str,
            name: str | None = None,
            filename: str | None = None,
            raw: bool = False,
            defer_init: bool = False,
        ) -> object:
            self.names.append(name or "")
            return real(env, source, name, filename, raw, defer_init)  # type: ignore[call-overload]

        monkeypatch.setattr(jinja2.Environment, "compile", compile_counted)


def environment(code: TemplateCode, sources: dict[str, str], **settings: object) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.DictLoader(sources), bytecode_cache=code, **settings)  # type: ignore[arg-type]


def test_a_template_is_compiled_once_for_every_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    code, compiles = TemplateCode(), Compiles(monkeypatch)
    for _locale in range(3):  # a new environment per locale's build
        assert environment(code, SOURCES).get_template("page.html").render(word="ok") == "<p>ok</p><i>OK</i>"
    assert sorted(compiles.names) == ["page.html", "partial.html"]


def test_a_changed_template_or_setting_is_compiled_anew(monkeypatch: pytest.MonkeyPatch) -> None:
    code, compiles = TemplateCode(), Compiles(monkeypatch)
    environment(code, SOURCES).get_template("page.html").render(word="<b>")
    changed = SOURCES | {"partial.html": "<em>{{ word }}</em>"}
    assert environment(code, changed).get_template("page.html").render(word="<b>") == "<p><b></p><em><b></em>"
    escaped = environment(code, SOURCES, autoescape=True).get_template("page.html").render(word="<b>")
    assert escaped == "<p>&lt;b&gt;</p><i>&lt;B&gt;</i>"
    assert compiles.names.count("partial.html") == 3 and compiles.names.count("page.html") == 2


def test_what_a_worker_compiled_is_not_compiled_again_after_it_comes_back(monkeypatch: pytest.MonkeyPatch) -> None:
    code = TemplateCode()
    environment(code, SOURCES).get_template("partial.html")
    code.fresh()  # the parent's own, already in its workers

    def build_locale(name: str) -> tuple[int, dict[str, bytes]]:  # in a forked worker, as a locale's build
        environment(code, SOURCES).get_template(name).render(word="x")
        return os.getpid(), code.fresh()

    built = fork_map(build_locale, ["page.html", "page.html"], 2)
    assert os.getpid() not in {pid for pid, _made in built}, "built in forked workers"
    for _pid, made in built:
        code.merge(made)
    compiles = Compiles(monkeypatch)
    assert environment(code, SOURCES).get_template("page.html").render(word="y") == "<p>y</p><i>Y</i>"
    assert compiles.names == [], "the next build's environment compiled nothing"
