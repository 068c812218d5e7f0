"""CORS with Flask-Cors: public reads from any origin (no credentials with `*`); writes only
from the origins in DISTRETTO_CORS_WRITE_ORIGINS."""

from flask import Flask, Response, current_app, request
from flask_cors import CORS

READ_METHODS = ["GET", "HEAD", "OPTIONS"]
WRITE_METHODS = "GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE"
ALLOWED_HEADERS = [
    "Accept", "Accept-Language", "Authorization", "Content-Type", "If-Match",
    "If-Modified-Since", "If-None-Match", "X-API-Key",
]  # fmt: skip
EXPOSED_HEADERS = [
    "Content-Language", "ETag", "Last-Modified", "Link", "Location", "Retry-After",
    "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset",
]  # fmt: skip


def init_cors(app: Flask) -> None:
    # Registered first, so it runs after Flask-Cors's own hook (Flask runs them in reverse).
    app.after_request(_writes_from_trusted_origins)
    CORS(
        app,
        resources={r"/api/*": {"origins": "*"}},
        methods=READ_METHODS,
        allow_headers=ALLOWED_HEADERS,
        expose_headers=EXPOSED_HEADERS,
        supports_credentials=False,
        send_wildcard=True,
        max_age=600,
    )


def _writes_from_trusted_origins(response: Response) -> Response:
    origin = request.headers.get("Origin")
    trusted = current_app.config["DISTRETTO_CORS_WRITE_ORIGINS"]
    if origin and origin in trusted and request.path.startswith("/api/"):
        response.headers["Access-Control-Allow-Origin"] = origin
        response.vary.add("Origin")
        if request.method == "OPTIONS":
            response.headers["Access-Control-Allow-Methods"] = WRITE_METHODS
            response.headers["Access-Control-Allow-Headers"] = ", ".join(ALLOWED_HEADERS)
            response.headers["Access-Control-Max-Age"] = "600"
    return response
