"""gunicorn on 127.0.0.1 and a free port, with the developer's settings scrubbed away."""

import os
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
# Settings of the developer's shell that would change what is exercised; each run sets its own.
SCRUBBED_PREFIXES = ("DISTRETTO_", "RATELIMIT_")
SCRUBBED = ("DATABASE_URL", "SECRET_KEY")


@dataclass(frozen=True)
class Gunicorn:
    workers: int = 2
    threads: int = 1
    """More than 1: the gthread worker class with this many threads per worker."""
    timeout: int = 30
    backlog: int = 2048

    @property
    def worker_class(self) -> str:
        return "gthread" if self.threads > 1 else "sync"

    def describe(self, *names: str) -> dict:
        """The settings a results file records, in that order (each file keeps its own keys)."""
        return {name: getattr(self, name) for name in names}

    def command(self, app: str, port: int) -> list[str]:
        return [
            sys.executable, "-m", "gunicorn",
            "--workers", str(self.workers),
            "--worker-class", self.worker_class,
            "--threads", str(self.threads),
            "--timeout", str(self.timeout),
            "--backlog", str(self.backlog),
            "--bind", f"{HOST}:{port}",
            "--log-level", "warning",
            app,
        ]  # fmt: skip


@dataclass
class Server:
    name: str
    settings: Gunicorn
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def address(self) -> tuple[str, int]:
        return HOST, self.port

    def log_tail(self, limit: int = 4000) -> str:
        return self.log.read_text(errors="replace")[-limit:]

    def worker_pids(self) -> list[int]:
        return children(self.process.pid)

    def worker_rss_mb(self) -> list[float]:
        return [round(rss_bytes(pid) / 2**20, 1) for pid in self.worker_pids()]

    def wait_idle(self, quiet: float = 0.3, timeout: float = 180) -> None:
        """Until the workers stop using CPU: requests a load generator left queued when it
        stopped are still served, and must not spill into the next measurement."""
        deadline = time.monotonic() + timeout
        before = cpu_ticks(self.worker_pids())
        while time.monotonic() < deadline:
            time.sleep(quiet)
            now = cpu_ticks(self.worker_pids())
            if now == before:
                return
            before = now


def environment(extra: dict[str, str]) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in SCRUBBED and not key.startswith(SCRUBBED_PREFIXES)
    }
    return {**env, **extra}


@contextmanager
def gunicorn(
    name: str, app: str, settings: Gunicorn, env: dict[str, str], log_dir: Path
) -> Iterator[Server]:
    """Start `app` (a WSGI spec such as `wsgi:app`), wait for its workers, stop it after."""
    port = free_port()
    log = log_dir / f"{name}.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            settings.command(app, port),
            cwd=PROJECT_ROOT,
            env=environment(env),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    server = Server(name, settings, port, process, log)
    try:
        _wait_ready(server)
        yield server
    finally:
        _stop(process)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _wait_ready(server: Server, timeout: float = 60) -> None:
    """Every worker forked and one of them answering HTTP."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn ({server.name}) exited:\n{server.log_tail(2000)}")
        if len(server.worker_pids()) == server.settings.workers and _answers(server):
            return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn ({server.name}) did not start within {timeout} s")


def _answers(server: Server) -> bool:
    """Any HTTP answer will do: the bench's ceiling answers this path 404."""
    connection = HTTPConnection(*server.address, timeout=10)
    try:
        connection.request("GET", "/api/v1/languages")
        connection.getresponse().read()
        return True
    except OSError:
        return False
    finally:
        connection.close()


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def children(pid: int) -> list[int]:
    """Child process ids (gunicorn's workers), from /proc."""
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
        return sorted(int(child) for child in text.split())
    except OSError:
        pass
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return sorted(found)


def cpu_ticks(pids: list[int]) -> int:
    """User and system CPU time of the processes, in clock ticks."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total


def rss_bytes(pid: int) -> int:
    """Resident memory of a process: psutil when installed, else /proc/<pid>/status VmRSS."""
    try:
        import psutil
    except ImportError:
        psutil = None
    if psutil is not None:
        return psutil.Process(pid).memory_info().rss
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0
