"""What editors write is cleaned before it is stored: plain text stays plain, and a
description keeps only a small allowlist of HTML (nh3, the Rust ammonia sanitiser).
"""

import html

import nh3

RICH_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a"}
RICH_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}


def plain_text(text: str | None) -> str | None:
    """Tags removed, entities decoded: `<b>Rocca</b> &amp; parco` -> `Rocca & parco`."""
    if text is None:
        return None
    return html.unescape(nh3.clean(text, tags=set())).strip()


def rich_text(text: str | None) -> str | None:
    """An HTML fragment with only p, br, strong, em, lists and safe links."""
    if text is None:
        return None
    cleaned = nh3.clean(
        text,
        tags=RICH_TAGS,
        attributes=RICH_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return cleaned.strip()
