"""Where absolute links point: the configured public URL, or a host from a trusted list.

Links (`Link`, `links.next`, item links) are built from the request's host. A client that
sends `Host: evil.example` must not make them point elsewhere, least of all into a cached
response served to partners. With DISTRETTO_PUBLIC_URL set, every link is built from it,
whatever Host arrives; without it, only hosts in DISTRETTO_TRUSTED_HOSTS are answered (Flask's
TRUSTED_HOSTS list) and any other gets a 400 problem.
"""

from urllib.parse import urlsplit

from flask import Flask, current_app, request

from catalog.errors import InvalidRequest
from catalog.i18n.messages import Message


def init_origin(app: Flask) -> None:
    public_url = app.config.get("DISTRETTO_PUBLIC_URL")
    if public_url:
        app.wsgi_app = PublicOrigin(app.wsgi_app, public_url)
    else:
        app.before_request(_refuse_untrusted_host)


def _refuse_untrusted_host() -> None:
    """Not Flask's TRUSTED_HOSTS: it fails before error handlers run, and on IPv6 with a port."""
    trusted = {name.strip("[]").lower() for name in current_app.config["DISTRETTO_TRUSTED_HOSTS"]}
    try:
        hostname = urlsplit(f"//{request.host}").hostname
    except ValueError:
        hostname = None
    if hostname not in trusted:
        raise InvalidRequest(
            {"Host": [Message("This server does not answer for that host.")]},
            Message("Set DISTRETTO_PUBLIC_URL or DISTRETTO_TRUSTED_HOSTS to serve it."),
        )


class PublicOrigin:
    """WSGI middleware: the request is seen as addressed to the public URL."""

    def __init__(self, wsgi_app, public_url: str) -> None:
        parts = urlsplit(public_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"DISTRETTO_PUBLIC_URL is not an http(s) URL: {public_url!r}")
        self.wsgi_app = wsgi_app
        self.scheme = parts.scheme
        self.host = parts.netloc
        self.prefix = parts.path.rstrip("/")

    def __call__(self, environ, start_response):
        environ["wsgi.url_scheme"] = self.scheme
        environ["HTTP_HOST"] = self.host
        environ.pop("HTTP_X_FORWARDED_HOST", None)
        if self.prefix:
            environ["SCRIPT_NAME"] = self.prefix
        return self.wsgi_app(environ, start_response)
