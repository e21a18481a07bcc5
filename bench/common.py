"""Shared plumbing for the benchmarks: Django set-up on a bench database, a real server, a timing client.

Not a test helper: everything here runs against real data and a real gunicorn, and only measures.
"""

import http.client
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


def setup_django(sqlite_name: str = "bench.sqlite3") -> None:
    """The app's own settings, on PostgreSQL (DATABASE_URL) or on var/<sqlite_name>, migrated.

    The environment set here is also the server's: production mode (DEBUG off, a throwaway secret key).
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dealercrm.settings")
    os.environ.setdefault("DEALERCRM_HOME", str(ROOT))
    os.environ["DEALERCRM_DEBUG"] = "false"
    os.environ.setdefault("DEALERCRM_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("DEALERCRM_ALLOWED_HOSTS", "127.0.0.1")
    if os.environ.get("DATABASE_URL"):
        ensure_postgres_database(os.environ["DATABASE_URL"])
    else:
        (ROOT / "var").mkdir(exist_ok=True)
        os.environ.setdefault("DEALERCRM_SQLITE_PATH", str(ROOT / "var" / sqlite_name))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def ensure_postgres_database(url: str) -> None:
    """CREATE DATABASE if the one named in the URL is missing (connecting to the `postgres` database)."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    cfg = dj_database_url.parse(url)
    params = {
        "host": cfg["HOST"] or None,
        "port": cfg["PORT"] or None,
        "user": cfg["USER"] or None,
        "password": cfg["PASSWORD"] or None,
        "dbname": "postgres",
    }
    with psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(cfg["NAME"])))


def percentile_ms(seconds: list[float], q: float) -> float:
    ordered = sorted(seconds)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`dealercrm serve` (gunicorn, 1 worker, 1 thread) as a subprocess; leaving `with` always stops it."""

    def __init__(self, log_path: Path):
        self.port = free_port()
        self.log_path = log_path
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        cmd = [str(VENV_BIN / "dealercrm"), "serve", "--host", "127.0.0.1", "--port", str(self.port)]
        cmd += ["--workers", "1", "--threads", "1"]
        log = self.log_path.open("wb")
        self.proc = subprocess.Popen(cmd, env=dict(os.environ), stdout=subprocess.DEVNULL, stderr=log)
        log.close()
        try:
            self._wait_healthy()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def _wait_healthy(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                tail = self.log_path.read_text(errors="replace")[-3000:]
                raise RuntimeError(f"the server exited with {self.proc.returncode}:\n{tail}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"the server did not answer /healthz within {timeout:.0f}s (log: {self.log_path})")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class Client:
    """One keep-alive connection, reopened when the server closes it (gunicorn sync workers always do).

    The clock includes any (re)connect, so the floor and the measured endpoint pay the same way.
    """

    def __init__(self, port: int, token: str):
        self.port, self.conn = port, None
        self.headers = {"Authorization": f"Token {token}", "Accept": "application/json"}

    def get(self, path: str) -> tuple[float, int, bytes]:
        for attempt in (1, 2):
            started = time.perf_counter()
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            try:
                self.conn.request("GET", path, headers=self.headers)
                response = self.conn.getresponse()
                body = response.read()
            except (http.client.RemoteDisconnected, ConnectionError):
                self.close()  # a kept connection the server dropped: retry once, untimed
                if attempt == 2:
                    raise
                continue
            elapsed = time.perf_counter() - started
            if response.will_close:
                self.close()
            return elapsed, response.status, body
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None
