"""The HTTP layer: turns requests into domain calls and domain results into representations."""

from flask import Flask

from api import config as settings
from api.caching import init_caching
from api.cli import register_cli
from api.cors import init_cors
from api.database import init_database
from api.deployment import check_deployment
from api.errors import init_errors
from api.headers import init_headers
from api.i18n import init_i18n
from api.index import init_index
from api.io import refuse_nul_characters
from api.locale import content_language_header, negotiate
from api.origin import init_origin
from api.proxy import init_proxy
from api.public_reads import init_public_reads
from api.ratelimit import init_rate_limits
from api.read_model import init_read_model
from api.resources import (  # one module per namespace
    api_keys,
    auth,
    campaigns,
    changes,
    events,
    itineraries,
    languages,
    listings,
    municipalities,
    packages,
    translations,
    users,
    vocabularies,
)
from api.restx import api, blueprint
from office import init_office


def create_app(config: dict | None = None) -> Flask:
    """Build the app; `config` overrides what the environment says (tests use this)."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.update(settings.from_environment())
    app.config.update(config or {})
    app.json.sort_keys = False
    app.json.ensure_ascii = False  # UTF-8 as written: 法拉利, Музей, città
    check_deployment(app.config)
    init_public_reads(app)
    init_headers(app)
    init_origin(app)
    init_proxy(app)
    init_database(app)
    init_read_model(app)
    init_i18n(app)
    init_errors(app)
    _register_api(app)
    init_rate_limits(app)
    init_caching(app)
    init_cors(app)
    init_office(app)
    register_cli(app)
    return app


def _register_api(app: Flask) -> None:
    for module in (
        languages,
        vocabularies,
        municipalities,
        listings,
        events,
        changes,
        translations,
        auth,
        api_keys,
        users,
        packages,
        campaigns,
        itineraries,
    ):
        if module.ns not in api.namespaces:
            api.add_namespace(module.ns)
    app.register_blueprint(blueprint)
    init_index(app)
    app.before_request(_negotiate_language)
    app.after_request(_language_headers)


def _negotiate_language() -> None:
    """Runs for every request, unknown URLs included, so errors speak the language too."""
    negotiate()
    refuse_nul_characters()


def _language_headers(response):
    response.headers["Content-Language"] = content_language_header()
    response.vary.add("Accept-Language")
    return response
