"""Every page type in every locale, light and dark, desktop and phone: the checks a person looking at them would
make: nothing wider than a phone, no missing-glyph boxes, readable contrast, Han characters in the regional form of
the page's language. The suite writes no screenshots (none would be compared with anything): the pictures a person
compares before and after a change of the look come from tests/screenshots/take.py."""

from __future__ import annotations

from typing import Literal

import pytest
from helpers import VIEWPORTS, page_types
from playwright.sync_api import Browser, Page

from conftest import DEFAULT_LOCALE, LOCALES
from faultsite.urls import locale_prefix

# Missing glyphs: each visible character is drawn on a canvas with its element's font (fallback fonts included, as on
# the page) and compared, pixel for pixel, with what the same font draws for an unassigned code point: the .notdef
# box ("tofu"). A character that draws exactly like .notdef has no glyph in any font the browser could use.
TOFU_SCRIPT = r"""(root) => {
  root = root || document.body;
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 48;
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  const draw = (font, ch) => {
    ctx.clearRect(0, 0, 48, 48);
    ctx.font = font;
    ctx.textBaseline = "top";
    ctx.fillText(ch, 4, 4);
    return ctx.getImageData(0, 0, 48, 48).data.join(",") + "|" + ctx.measureText(ch).width;
  };
  const byFont = new Map();
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || !el.getClientRects().length || el.closest("script, style")) continue;
    const s = getComputedStyle(el);
    if (s.visibility === "hidden") continue;
    const font = `${s.fontStyle} ${s.fontWeight} 32px ${s.fontFamily}`;
    if (!byFont.has(font)) byFont.set(font, new Set());
    for (const ch of node.data) if (/[^\s\p{Z}\p{Cc}\p{Cf}\p{Mn}]/u.test(ch)) byFont.get(font).add(ch);
  }
  const missing = [];
  for (const [font, chars] of byFont) {
    const notdef = draw(font, "\u0378");
    for (const ch of chars) {
      if (draw(font, ch) === notdef) missing.push(`U+${ch.codePointAt(0).toString(16).toUpperCase()} in ${font}`);
    }
  }
  return missing;
}"""

OVERFLOW_SCRIPT = "() => document.scrollingElement.scrollWidth <= window.innerWidth"


def _contrast(page: Page, axe_source: str) -> list[str]:
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(axe_source)
    found = page.evaluate(
        "async () => (await axe.run(document, {runOnly: ['color-contrast'], resultTypes: ['violations']}))"
        ".violations.flatMap(v => v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary))"
    )
    return list(found)


def _url(site_url: str, locale: str, path: str) -> str:
    return site_url + locale_prefix(locale, DEFAULT_LOCALE) + path


def _visit(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("load")
    page.evaluate("() => document.fonts.ready.then(() => true)")


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_type_looks_right_in_every_locale(
    browser: Browser, site_url: str, axe_source: str, scheme: Literal["light", "dark"], viewport: str
) -> None:
    context = browser.new_context(color_scheme=scheme, viewport=VIEWPORTS[viewport], locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems: list[str] = []
    try:
        for locale in LOCALES:
            for name, path in page_types(locale).items():  # the pages test_browser.py checks with axe-core
                where = f"{scheme}/{viewport} {locale} {name}"
                _visit(page, site_url + path)
                expected = "slate" if scheme == "dark" else "default"
                if page.locator("body").get_attribute("data-md-color-scheme") != expected:
                    problems.append(f"{where}: colour scheme is not {expected}")
                if viewport == "phone" and not page.evaluate(OVERFLOW_SCRIPT):
                    width = page.evaluate("() => document.scrollingElement.scrollWidth")
                    problems.append(f"{where}: page is {width} px wide, wider than the screen")
                # Light pages' contrast: axe-core's whole run on the same page types (test_browser.py, page_views).
                if viewport == "desktop" and scheme == "dark":
                    problems += [f"{where}: contrast {v}" for v in _contrast(page, axe_source)]
                if viewport == "desktop" and scheme == "light":
                    problems += [f"{where}: tofu {m}" for m in page.evaluate(TOFU_SCRIPT, None) or []]
    finally:
        context.close()
    assert problems == [], "\n".join(problems)


def test_the_tofu_check_sees_a_missing_glyph_and_only_that(page: Page, site_url: str) -> None:
    _visit(page, _url(site_url, "ja", "faults/13/"))
    page.evaluate("""() => { const p = document.createElement('p'); p.id = 'probe';
                              p.textContent = 'A 障 \\uE000'; document.querySelector('article').append(p); }""")
    missing = page.evaluate(f"() => ({TOFU_SCRIPT})(document.getElementById('probe'))")
    assert [m.split(" ")[0] for m in missing] == ["U+E000"]


@pytest.mark.parametrize(("locale", "region"), [("ja", "JP"), ("zh-TW", "TC"), ("ko", "KR")])
def test_han_characters_use_the_font_of_the_pages_region(page: Page, site_url: str, locale: str, region: str) -> None:
    # The same Han character (障 / 故 / 결) drawn with a font for the page's region, not whichever CJK font is first.
    _visit(page, _url(site_url, locale, "faults/13/"))
    session = page.context.new_cdp_session(page)
    try:
        session.send("DOM.enable")
        session.send("CSS.enable")
        root = session.send("DOM.getDocument")["root"]["nodeId"]
        node = session.send("DOM.querySelector", {"nodeId": root, "selector": "article h1"})["nodeId"]
        fonts = [f["familyName"] for f in session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]]
    finally:
        session.detach()  # the tab goes on to the next test
    cjk = [name for name in fonts if "CJK" in name]
    assert cjk and all(name.endswith(region) for name in cjk), fonts
