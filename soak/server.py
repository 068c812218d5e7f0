"""gunicorn on 127.0.0.1 and a free port, against the soak's database."""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.client import HTTPConnection
from pathlib import Path

from catalog.settings import PROJECT_ROOT

HOST = "127.0.0.1"
# The developer's own settings would change what is exercised; the soak sets its own.
SCRUBBED_PREFIXES = ("DISTRETTO_", "RATELIMIT_")
SCRUBBED = ("DATABASE_URL", "SECRET_KEY")


@dataclass(frozen=True)
class Gunicorn:
    workers: int = 2
    threads: int = 1
    """More than 1: the gthread worker class with this many threads per worker."""
    timeout: int = 30

    @property
    def worker_class(self) -> str:
        return "gthread" if self.threads > 1 else "sync"

    def describe(self) -> dict:
        return {
            "workers": self.workers,
            "worker_class": self.worker_class,
            "threads": self.threads,
            "timeout": self.timeout,
        }


@dataclass
class Server:
    port: int
    process: subprocess.Popen
    log: Path

    def log_tail(self, limit: int = 4000) -> str:
        return self.log.read_text(errors="replace")[-limit:]


def command(settings: Gunicorn, port: int) -> list[str]:
    return [
        sys.executable, "-m", "gunicorn",
        "--workers", str(settings.workers),
        "--worker-class", settings.worker_class,
        "--threads", str(settings.threads),
        "--timeout", str(settings.timeout),
        "--backlog", "2048",
        "--bind", f"{HOST}:{port}",
        "--log-level", "warning",
        "wsgi:app",
    ]  # fmt: skip


def environment(database_url: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in SCRUBBED and not key.startswith(SCRUBBED_PREFIXES)
    }
    return {
        **env,
        "DATABASE_URL": database_url,
        "RATELIMIT_ENABLED": "false",
        "SECRET_KEY": secrets.token_hex(32),
    }


@contextmanager
def gunicorn(settings: Gunicorn, database_url: str, log: Path) -> Iterator[Server]:
    """Start the app, wait until every worker is up and one answers; stop it afterwards."""
    port = free_port()
    with log.open("wb") as output:
        process = subprocess.Popen(
            command(settings, port),
            cwd=PROJECT_ROOT,
            env=environment(database_url),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    server = Server(port, process, log)
    try:
        _wait_ready(server, settings.workers)
        yield server
    finally:
        _stop(process)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _wait_ready(server: Server, workers: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{server.log_tail(2000)}")
        if len(_children(server.process.pid)) == workers and _answers(server.port):
            return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not start within {timeout} s")


def _answers(port: int) -> bool:
    connection = HTTPConnection(HOST, port, timeout=10)
    try:
        connection.request("GET", "/api/v1/languages")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def _children(pid: int) -> list[int]:
    try:
        return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
