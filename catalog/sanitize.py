"""What editors write is cleaned before it is stored: plain text stays plain, and a
description keeps only a small allowlist of HTML (nh3, the Rust ammonia sanitiser).

The policy for plain text (names, summaries, addresses, credits, captions, ...): markup is
removed, not refused, and so is markup written as entities (`&lt;script&gt;`), which would
otherwise turn into live markup once decoded. Only a name left empty is refused (422).
"""

import html

import nh3

RICH_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a"}
RICH_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}


def plain_text(text: str | None) -> str | None:
    """Tags removed, entities decoded: `<b>Rocca</b> &amp; parco` -> `Rocca & parco`.

    Repeated until nothing changes, so that decoding never brings markup back to life:
    `&lt;script&gt;x&lt;/script&gt;` -> ``; a round that decodes or removes something
    shortens the text, so this ends. A `<` or `&` that is not markup stays: `a < b & c`.
    """
    if text is None:
        return None
    while True:
        cleaned = html.unescape(nh3.clean(text, tags=set())).strip()
        if cleaned == text or ("<" not in cleaned and "&" not in cleaned):
            return cleaned
        text = cleaned


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
