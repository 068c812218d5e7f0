"""The client's address and scheme behind reverse proxies, trusted only as far as configured.

Without a proxy (DISTRETTO_PROXY_HOPS=0, the default) `X-Forwarded-*` headers are ignored:
anyone can send them, and a forged address would dodge sign-in throttling and rate limits.
Behind N proxies that each append to `X-Forwarded-For`, werkzeug's ProxyFix takes the address
the nearest N hops vouch for, so each client is throttled on its own, not the proxy's address.
"""

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def init_proxy(app: Flask) -> None:
    """Outermost middleware, so what it sets is what every other layer sees."""
    hops = app.config["DISTRETTO_PROXY_HOPS"]
    if hops < 0:
        raise ValueError(f"DISTRETTO_PROXY_HOPS must be 0 or more, not {hops}")
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
