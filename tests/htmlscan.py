"""Small HTML scanning helpers for the site tests (standard library only)."""

from __future__ import annotations

from html.parser import HTMLParser

# Elements and attributes through which a page view loads something.
LOADING = {("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "src"), ("video", "src"), ("audio", "src")}
LOADING_RELS = {"stylesheet", "icon", "preconnect", "preload", "modulepreload", "prefetch", "dns-prefetch", "manifest"}


class Scan(HTMLParser):
    """Collects every tag with its attributes and every id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        self.tags.append((tag, attributes))
        for key in ("id", "name"):
            if key in attributes and (key == "id" or tag == "a"):
                self.ids.add(attributes[key])


def scan(html: str) -> Scan:
    parser = Scan()
    parser.feed(html)
    return parser


def loaded_urls(page: Scan) -> list[str]:
    """URLs the browser fetches when showing the page."""
    urls = []
    for tag, attrs in page.tags:
        for name in ("src", "href"):
            if (tag, name) in LOADING and attrs.get(name):
                urls.append(attrs[name])
        if tag == "link" and set(attrs.get("rel", "").split()) & LOADING_RELS and attrs.get("href"):
            urls.append(attrs["href"])
    return urls
