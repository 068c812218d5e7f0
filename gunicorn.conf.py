"""gunicorn's settings, read from the working directory: run gunicorn from the repository root.

- No server banner: gunicorn would answer `Server: gunicorn` on every response (older releases
  with their version too); it says `Server: distretto` instead.
- The worker count reaches the app as DISTRETTO_WORKERS, and unsafe settings stop gunicorn
  before a worker forks (api/deployment.py): in-memory rate limits under several workers,
  debug mode. Workers, bind address and the rest stay on the command line.
"""

import os

import gunicorn.http.wsgi

gunicorn.http.wsgi.SERVER = "distretto"


def on_starting(server) -> None:
    """In the master, before any worker: workers inherit the environment it sets."""
    from flask.helpers import get_debug_flag

    from api.config import from_environment
    from api.deployment import check_deployment

    os.environ["DISTRETTO_WORKERS"] = str(server.cfg.workers)
    check_deployment(from_environment() | {"DEBUG": get_debug_flag()})
