"""Screenshots of five page types in every locale, light and dark, desktop and phone, kept small for the repository:
`python tests/screenshots/take.py SITE_URL FOLDER` (the site served as in production: deploy/serve). Not a test: the
pictures a person compares before and after a change of the pages' look (README, "How the pages look")."""

from __future__ import annotations

import argparse
import io
import shutil
import sys
from pathlib import Path

from PIL import Image
from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from conftest import DEFAULT_LOCALE, LOCALES  # tests/ on the path first; conftest puts hooks/ there
from faultsite.urls import locale_prefix

# fault 14 carries reader notes in every translated locale; fault 18 is shown in English on every translated site.
PAGE_TYPES = {
    "home": "",
    "fault": "faults/14/",
    "english-fault": "faults/18/",
    "status": "status/",
    "404": "faults/99/",
}
WIDTHS = {"desktop": 1280, "phone": 390}
DARK = {"fault"}  # the page types also taken in the dark scheme
MAX_HEIGHT = 2600  # px of a full page kept: the top of a long page is what the comparison needs
COLOURS = 48  # a palette this size keeps text and the theme's colours recognisable at a tenth of the bytes


def _shot(page: Page, url: str, path: Path) -> None:
    page.goto(url)
    page.wait_for_load_state("load")
    page.evaluate("() => document.fonts.ready.then(() => true)")
    height = min(MAX_HEIGHT, int(page.evaluate("() => document.scrollingElement.scrollHeight")))
    width = int(page.evaluate("() => window.innerWidth"))
    png = page.screenshot(full_page=True, clip={"x": 0, "y": 0, "width": width, "height": height})
    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(COLOURS, method=Image.Quantize.MEDIANCUT)
    image.save(path, optimize=True)


def take(site_url: str, folder: Path) -> list[Path]:
    """Every page type x locale x width in light, the DARK types in dark too; returns the files written."""
    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("Debian's chromium is not installed")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        for scheme in ("light", "dark"):
            for device, width in WIDTHS.items():
                context = browser.new_context(
                    color_scheme=scheme, viewport={"width": width, "height": 844}, locale="en-US"
                )
                page = context.new_page()
                for locale in LOCALES:
                    for name, path in PAGE_TYPES.items():
                        if scheme == "dark" and name not in DARK:
                            continue
                        target = folder / f"{locale}-{name}-{device}-{scheme}.png"
                        _shot(page, site_url + locale_prefix(locale, DEFAULT_LOCALE) + path, target)
                        written.append(target)
                context.close()
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("site_url", help="e.g. http://127.0.0.1:8080/ (deploy/serve)")
    parser.add_argument("folder", type=Path)
    arguments = parser.parse_args()
    files = take(arguments.site_url, arguments.folder)
    total = sum(path.stat().st_size for path in files)
    largest = max(files, key=lambda path: path.stat().st_size)
    print(f"{len(files)} screenshots, {total / 1e6:.2f} MB, largest {largest.name} {largest.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
