"""The nginx includes of a built site (<site>/.nginx/, included by deploy/nginx/): the route table as maps, the
Content-Security-Policy of the pages as built, and the assets safe to cache for a year."""

from __future__ import annotations

import hashlib
import importlib.resources
import re
from pathlib import Path

import jinja2

from .csp import content_security_policy
from .page_check import InlineCode
from .route_check import check_served, check_table, check_top_level
from .routes import RouteTable

TEMPLATES = Path(__file__).parent / "templates"
NGINX_DIR = ".nginx"  # inside the site: nginx refuses to serve it (server.conf)
# Material names its bundles with a content fingerprint, e.g. bundle.a5f9d56c.min.js.
_FINGERPRINT = re.compile(r"\.[0-9a-f]{8}\.min\.(?:js|css)(?:\.map)?$")


def immutable_assets(site: Path) -> list[str]:
    """Site paths of fingerprinted assets, safe to cache forever: byte for byte Material's own, or ours (the search
    worker, the patched bundle), whose name carries the first 8 hex digits of the SHA-256 of their content."""
    theme = Path(str(importlib.resources.files("material") / "templates"))

    def fixed(path: Path) -> bool:
        material = theme / path.relative_to(site)
        if material.is_file() and material.read_bytes() == path.read_bytes():
            return True
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:8]
        return path.name.endswith((f".{digest}.min.js", f".{digest}.min.css"))

    return sorted(
        path.relative_to(site).as_posix()
        for path in (site / "assets").rglob("*")
        if _FINGERPRINT.search(path.name) and path.is_file() and fixed(path)
    )


def nginx_includes(table: RouteTable, csp: str, immutable: list[str]) -> dict[str, str]:
    """The text of each include (http.conf, server.conf) for a checked route table, a policy and the assets to
    cache for a year."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), undefined=jinja2.StrictUndefined, keep_trailing_newline=True
    )
    context = {
        "site_path": table.site_path,
        "site_path_re": re.escape(table.site_path),
        "rules": check_table(table).rules,
        "not_found": {locale: pages.not_found for locale, pages in table.locales.items()},
        "default_not_found": table.locales[table.default_locale].not_found,
        "csp": csp,
        "immutable": [re.escape(path) for path in immutable],
    }
    return {name: env.get_template(f"nginx-{name}.j2").render(context) for name in ("http.conf", "server.conf")}


def write_nginx(site: Path, table: RouteTable, processes: int = 1, read: InlineCode | None = None) -> None:
    """Check the route table against the built site, then write the includes into <site>/.nginx/.

    The pages are read by `processes` processes for the policy; `read`: see csp.content_security_policy."""
    check_served(site, check_table(table))
    check_top_level(site, table)
    includes = nginx_includes(table, content_security_policy(site, processes, read), immutable_assets(site))
    (site / NGINX_DIR).mkdir(exist_ok=True)
    for name, text in includes.items():
        (site / NGINX_DIR / name).write_text(text, encoding="utf-8")
