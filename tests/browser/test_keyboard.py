"""The keyboard in Debian's Chromium (issue 22.2): Tab through every page type in every locale, light and dark on a
desktop screen and light on a phone's, and at every stop the reader sees where the focus is."""

from __future__ import annotations

from typing import Any, Literal

import pytest
from helpers import VIEWPORTS, page_types
from playwright.sync_api import Browser, Page

from conftest import LOCALES

MAX_STOPS = 150  # more than any page has (the status page: about 90)

# Run at each Tab stop: once what the focus set moving (the search box opening, the language list showing, the drawer
# sliding; not the colour fades) has stopped, what the focused element looks like, and what the one focused before
# looks like now.
STOP = r"""async () => {
  const geometry = /^(transform|opacity|visibility|left|right|top|bottom|(max-)?(width|height)|margin.*|padding.*)$/;
  const moving = document.getAnimations().filter(a => !a.transitionProperty || geometry.test(a.transitionProperty));
  if (moving.length) await Promise.race([Promise.all(moving.map(a => a.finished.catch(() => null))),
                                          new Promise(done => setTimeout(done, 2000))]);
  const look = el => { const s = getComputedStyle(el);
    return {outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`, shadow: s.boxShadow}; };
  // An input drawn by the label that follows it (Material's colour scheme toggle: a radio button of no size) shows
  // its focus on that label.
  const shown = el => {
    const label = el.nextElementSibling;
    const hidden = el.matches("input") && (!el.offsetWidth || getComputedStyle(el).opacity === "0");
    return hidden && label && label.matches("label") && label.checkVisibility() ? label : el;
  };
  const before = window.__focusWalk;
  const result = {previous: before ? look(shown(before)) : null};
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return {...result, done: true};
  window.__focusOrder = window.__focusOrder || new Map();
  if (window.__focusOrder.has(el)) return {...result, done: true};
  window.__focusOrder.set(el, window.__focusOrder.size);
  window.__focusWalk = el;
  const target = shown(el);
  const box = target.getBoundingClientRect();
  const x = box.left + box.width / 2, y = box.top + box.height / 2;
  const name = (el.getAttribute("aria-label") || el.textContent || el.value || "").trim().slice(0, 40);
  return {...result, done: false, what: `<${el.tagName.toLowerCase()} id="${el.id}" class="${el.className}"> ${name}`,
    focused: look(target), size: box.width > 0 && box.height > 0,
    inside: x >= 0 && x <= innerWidth && y >= 0 && y <= innerHeight,
    visible: target.checkVisibility({opacityProperty: true, visibilityProperty: true})};
}"""


def _indicated(focused: dict[str, str], unfocused: dict[str, str]) -> bool:
    """An outline or a shadow that the element does not have unfocused, and that is drawn."""
    outline = focused["outline"]
    drawn = not outline.startswith("none") and " 0px " not in outline and "rgba(0, 0, 0, 0)" not in outline
    return (drawn and outline != unfocused["outline"]) or (
        focused["shadow"] != "none" and focused["shadow"] != unfocused["shadow"]
    )


def tab_through(page: Page) -> tuple[int, list[str]]:
    """Every Tab stop of the page from its top, in order: how many, and what a reader could not see at each."""
    stops: list[dict[str, Any]] = []
    for _ in range(MAX_STOPS):
        page.keyboard.press("Tab")
        stop = page.evaluate(STOP)
        if stops:
            stops[-1]["unfocused"] = stop["previous"]
        if stop["done"]:
            break
        stops.append(stop)
    else:
        pytest.fail(f"more than {MAX_STOPS} Tab stops on {page.url}")
    problems = []
    for stop in stops:
        lacks = [name for name in ("size", "inside", "visible") if not stop[name]]
        if not _indicated(stop["focused"], stop["unfocused"]):
            lacks.append(f"focus indicator ({stop['focused']} unfocused {stop['unfocused']})")
        if lacks:
            problems.append(f"{stop['what']}: no {', '.join(lacks)}")
    return len(stops), problems


@pytest.mark.parametrize(
    ("scheme", "viewport"),
    [("light", "desktop"), ("dark", "desktop"), ("light", "phone")],
    ids=["light-desktop", "dark-desktop", "light-phone"],
)
def test_every_tab_stop_of_every_page_type_shows_the_focus(
    browser: Browser, site_url: str, scheme: Literal["light", "dark"], viewport: str
) -> None:
    context = browser.new_context(color_scheme=scheme, viewport=VIEWPORTS[viewport], locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems, counted = [], {}
    try:
        for locale in LOCALES:
            for name, path in page_types(locale).items():
                page.goto(site_url + path)
                page.wait_for_load_state("load")
                stops, found = tab_through(page)
                counted[f"{locale} {name}"] = stops
                problems += [f"{scheme}/{viewport} {locale} {name}: {problem}" for problem in found]
    finally:
        context.close()
    assert problems == [], "\n".join(problems)
    assert min(counted.values()) >= 5, counted  # the walk went through the page, not one stop


def test_the_walk_sees_a_focus_without_an_indicator_and_an_invisible_stop(fresh_page: Page, site_url: str) -> None:
    # The same walk on a page changed to have both faults this issue found: an outline taken away, a Tab stop
    # with no size.
    page = fresh_page
    page.goto(site_url + "faults/13/")
    page.evaluate("""() => {
        document.getElementById('fault-goto-top').style.setProperty('outline', 'none', 'important');
        const ghost = document.createElement('div'); ghost.tabIndex = 0; ghost.className = 'ghost';
        document.querySelector('article').prepend(ghost); }""")
    _, problems = tab_through(page)
    assert any('id="fault-goto-top"' in p and "focus indicator" in p for p in problems), problems
    assert any('class="ghost' in p and "no size" in p for p in problems), problems
