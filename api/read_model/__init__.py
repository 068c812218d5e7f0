"""The read model: listings' representations kept ready to send (issue 15).

render.py makes the documents, store.py writes them, sync.py keeps them in step with every
write, serve.py answers public reads from them, cli.py rebuilds them.
"""

from flask import Flask

from api.read_model.cli import read_model_commands
from api.read_model.serve import detail_response, page_response, usable
from api.read_model.sync import EXTENSION, listen

__all__ = ["detail_response", "init_read_model", "page_response", "usable"]


def init_read_model(app: Flask) -> None:
    app.config.setdefault("DISTRETTO_READ_MODEL", True)  # off: presenters only (tests compare)
    app.extensions[EXTENSION] = bool(app.config["DISTRETTO_READ_MODEL"])
    listen()
    app.cli.add_command(read_model_commands)
