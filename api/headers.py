"""Headers every response carries, and bounds on what a request can make us echo (finding 11).

- `X-Content-Type-Options: nosniff` everywhere, so no body is ever sniffed into HTML.
- Nothing is framed: `frame-ancestors 'none'` and `X-Frame-Options: DENY`. The API's bodies
  are data, so their policy is `default-src 'none'`; Swagger UI's page may load its own
  scripts, styles, fonts and images from this origin plus the inline blocks the page itself
  carries (allowed by their hashes), and fetch the API from this origin, nothing else.
- `Retry-After` only where it means something: on 429 and 503 (Flask-Limiter adds it to
  every response).
- A query string over MAX_QUERY_BYTES is a 414, before it reaches a cache key or a link; a
  `Link` header over MAX_LINK_BYTES is left out (the body's `links` say the same), so a
  client's URL never turns into a response header a proxy refuses.
"""

import base64
import hashlib
import re

from flask import Flask, Response, request

from api.errors import problem
from api.i18n import translate
from api.locale import negotiate
from catalog.i18n.messages import Message

MAX_QUERY_BYTES = 2048
MAX_LINK_BYTES = 8192
RETRY_STATUSES = (429, 503)
DOCS_ENDPOINT = "api.doc"
API_POLICY = "default-src 'none'; frame-ancestors 'none'"
_INLINE = re.compile(r"<(script|style)\b([^>]*)>(.*?)</\1\s*>", re.IGNORECASE | re.DOTALL)
_STYLE_ATTRIBUTE = re.compile(r"""\sstyle=(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


def init_headers(app: Flask) -> None:
    """Call first in create_app: Flask runs after-request hooks in reverse order of
    registration, so this one runs last and sees every header the others added."""
    app.before_request(_refuse_long_query)
    app.after_request(_secure_headers)


def _refuse_long_query() -> Response | None:
    if len(request.query_string) <= MAX_QUERY_BYTES:
        return None
    negotiate()  # the problem is in the client's language, like every other
    detail = Message(
        "The query string is longer than %(max)s bytes. Ask for less, or in several requests.",
        max=MAX_QUERY_BYTES,
    )
    return problem(414, translate(detail))


def _secure_headers(response: Response) -> Response:
    headers = response.headers
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    if request.endpoint == DOCS_ENDPOINT and response.mimetype == "text/html":
        headers["Content-Security-Policy"] = docs_policy(response.get_data(as_text=True))
    else:
        headers.setdefault("Content-Security-Policy", API_POLICY)
    if response.status_code not in RETRY_STATUSES:
        headers.pop("Retry-After", None)
    if len(headers.get("Link", "")) > MAX_LINK_BYTES:
        del headers["Link"]
    return response


def docs_policy(page: str) -> str:
    """Swagger UI's policy: exactly the inline blocks this page has, by hash, and this origin."""
    scripts, styles = [], []
    for tag, attributes, body in _INLINE.findall(page):
        if tag.lower() == "style":
            styles.append(_hash(body))
        elif "src=" not in attributes.lower():
            scripts.append(_hash(body))
    attributes = [_hash(a or b) for a, b in _STYLE_ATTRIBUTE.findall(page)]
    style_attributes = ["'unsafe-hashes'", *attributes] if attributes else []
    directives = {
        "default-src": ["'none'"],
        "script-src": ["'self'", *scripts],
        "style-src": ["'self'", *styles, *style_attributes],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "base-uri": ["'none'"],
        "form-action": ["'none'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(
        f"{name} {' '.join(dict.fromkeys(values))}" for name, values in directives.items()
    )


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"
