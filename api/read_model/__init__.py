"""The read model: listings' representations kept ready to send (issue 15).

render.py makes the documents, store.py writes them, sync.py keeps them in step with every
write, serve.py answers public reads from them, cli.py rebuilds them.
"""

from flask import Flask

from api.read_model.cli import read_model_commands
from api.read_model.serve import detail_response, page_response, usable
from api.read_model.sync import EXTENSION, listen
from api.read_model.totals import init_totals, totals_at

__all__ = [
    "build_documents",
    "detail_response",
    "init_read_model",
    "page_response",
    "totals_at",
    "usable",
]


def init_read_model(app: Flask) -> None:
    app.config.setdefault("DISTRETTO_READ_MODEL", True)  # off: presenters only (tests compare)
    app.extensions[EXTENSION] = bool(app.config["DISTRETTO_READ_MODEL"])
    listen()
    init_totals(app)
    app.cli.add_command(read_model_commands)


def build_documents(database_url: str) -> None:
    """Fill the read model of a database loaded without the app (the benchmark's bulk load,
    the scratch databases of the contract, soak and browser runs), as an operator would with
    `flask read-model rebuild`."""
    from api import create_app
    from api.database import get_database
    from api.read_model.store import rebuild

    app = create_app({"DATABASE_URL": database_url, "RATELIMIT_ENABLED": False})
    with app.app_context():
        with get_database().write_session_factory.begin() as session:
            rebuild(session)
        get_database().engine.dispose()
