"""Real processes for the fault tests: Celery workers, gunicorn, a private Redis and a TCP proxy
that can cut PostgreSQL or Redis off. The shared servers are never stopped or flushed.

Every process is started by a fixture that SIGKILLs it (and its children) when the test ends;
every wait is a polling loop with a timeout (`wait_for`), never a sleep used as an assertion.
"""

from __future__ import annotations

import os
import re
import selectors
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
PASSWORD = "correct horse battery staple"  # noqa: S105 (tests.factories.UserFactory's)


def wait_for(predicate: Callable[[], object], *, timeout: float, what: str, every=0.05):
    """Poll `predicate` until it returns something truthy; fail with `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(every)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


# --- processes ----------------------------------------------------------------------------------


@dataclass
class Proc:
    """A subprocess in its own process group, output in a log file."""

    name: str
    argv: list[str]
    env: dict[str, str]
    log: Path
    popen: subprocess.Popen | None = None

    def start(self) -> Proc:
        handle = self.log.open("ab")
        self.popen = subprocess.Popen(  # noqa: S603 (our own fixed command lines)
            self.argv,
            env=self.env,
            cwd=ROOT,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        handle.close()
        return self

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def kill(self) -> None:
        """SIGKILL the whole group: no clean shutdown, no acknowledgement, no goodbye."""
        if self.popen is None:
            return
        try:
            os.killpg(self.popen.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.popen.wait(timeout=10)


@dataclass
class Procs:
    tmp: Path
    started: list[Proc] = field(default_factory=list)

    def start(self, name: str, argv: list[str], env: dict[str, str]) -> Proc:
        proc = Proc(name, argv, env, self.tmp / f"{name}-{len(self.started)}.log").start()
        self.started.append(proc)
        return proc

    def kill_all(self) -> None:
        for proc in self.started:
            proc.kill()


@pytest.fixture
def procs(tmp_path):
    started = Procs(tmp_path)
    try:
        yield started
    finally:
        started.kill_all()


def test_database_url(port: int | None = None) -> str:
    """The pytest-django test database, which the served processes share with the test
    (through `port`, e.g. a TcpProxy's, if given)."""
    s = connection.settings_dict
    port = port or s["PORT"] or 5432
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{port}/{s['NAME']}"


test_database_url.__test__ = False  # a helper, not a test


@pytest.fixture
def served_env(tmp_path):
    """Environment of a served process: production settings (tests.reliability.served_settings)
    on the test database, files and mail in this test's temporary folder."""
    media, mail = tmp_path / "media", tmp_path / "mail"
    media.mkdir()
    mail.mkdir()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "tests.reliability.served_settings",
        "DEBUG": "false",
        "SECRET_KEY": "reliability-tests-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "TWO_FACTOR_REQUIRED": "false",
        "DATABASE_URL": test_database_url(),
        "REDIS_URL": os.environ.get("REDIS_URL", ""),
        "MEDIA_ROOT": str(media),
        # environ drops the first slash of the path: filemail:/// + "/abs/path".
        "EMAIL_URL": f"filemail:///{mail}",
        "LOG_LEVEL": "INFO",
    }
    return env


# --- Celery -------------------------------------------------------------------------------------


@pytest.fixture
def celery_queue():
    """Tasks from this process go, for real, to a queue of their own on REDIS_URL (a worker
    started with `-Q` that name takes them); the queue and its unacknowledged leftovers are
    removed afterwards, so the shared Redis keeps nothing of ours."""
    import redis

    from caseworks.celery import app

    queue = f"caseworks-rel-{uuid.uuid4().hex[:12]}"
    conf = app.conf
    saved = conf.task_always_eager, conf.task_default_queue
    conf.task_always_eager, conf.task_default_queue = False, queue
    try:
        yield queue
    finally:
        conf.task_always_eager, conf.task_default_queue = saved
        client = redis.Redis.from_url(os.environ["REDIS_URL"])
        client.delete(queue)
        for tag, raw in client.hgetall("unacked").items():
            if queue.encode() in raw:
                client.hdel("unacked", tag)
                client.zrem("unacked_index", tag)
        client.close()


def start_worker(procs: Procs, env: dict[str, str], queue: str, name: str = "worker") -> Proc:
    argv = [str(VENV_BIN / "celery"), "-A", "caseworks", "worker", "--pool=solo"]
    argv += ["--concurrency=1", "-Q", queue, "-l", "info", "--without-gossip"]
    argv += ["--without-mingle", "--without-heartbeat", "-n", f"{name}-{uuid.uuid4().hex[:6]}@rel"]
    worker = procs.start(name, argv, env)
    wait_for(
        lambda: " ready." in worker.output() or not worker.alive(),
        timeout=60,
        what="the Celery worker to start",
    )
    assert worker.alive(), worker.output()[-3000:]
    return worker


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    """`manage.py ARGS` as a served process would run it (e.g. a sweep); bounded in time."""
    return subprocess.run(  # noqa: S603 (our own fixed command line)
        [sys.executable, "manage.py", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def queued_tasks(client, queue: str = "celery") -> list[tuple[str, dict]]:
    """(task name, kwargs) of every message waiting in a Redis queue."""
    import base64
    import json

    found = []
    for raw in client.lrange(queue, 0, -1):
        message = json.loads(raw)
        _args, kwargs, _embed = json.loads(base64.b64decode(message["body"]))
        found.append((message["headers"]["task"], kwargs))
    return found


# --- gunicorn and an HTTP client ------------------------------------------------------------------


def start_gunicorn(procs: Procs, env: dict[str, str], *, workers: int = 1) -> str:
    port = free_port()
    argv = [str(VENV_BIN / "gunicorn"), "caseworks.wsgi", "-b", f"127.0.0.1:{port}"]
    argv += ["-w", str(workers), "--timeout", "60", "--graceful-timeout", "5"]
    server = procs.start("gunicorn", argv, env)
    wait_for(lambda: port_open(port) or not server.alive(), timeout=60, what="gunicorn to listen")
    assert server.alive(), server.output()[-3000:]
    return f"http://127.0.0.1:{port}"


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def csrf_token(html: str) -> str:
    match = CSRF.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def login(base: str, username: str, password: str = PASSWORD):
    """A requests session logged in through the real login form."""
    import requests

    session = requests.Session()
    page = session.get(f"{base}/accounts/login/", timeout=10)
    token = csrf_token(page.text)
    answer = session.post(
        f"{base}/accounts/login/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": token},
        timeout=10,
        allow_redirects=False,
    )
    assert answer.status_code == 302, answer.text[-2000:]
    return session


# --- a private Redis and a TCP proxy ------------------------------------------------------------


class RedisServer:
    """A throwaway redis-server (nothing on disk) on its own port: ours to kill and restart."""

    def __init__(self, procs: Procs):
        self.procs, self.port = procs, free_port()
        self.proc: Proc | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        argv = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        argv += ["--save", "", "--appendonly", "no"]
        self.proc = self.procs.start("redis", argv, {"PATH": os.environ.get("PATH", "")})
        wait_for(lambda: port_open(self.port), timeout=10, what="redis-server to listen")
        return self

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.kill()
        wait_for(lambda: not port_open(self.port), timeout=10, what="redis-server to stop")

    def client(self):
        import redis

        return redis.Redis.from_url(self.url, socket_timeout=5)


@pytest.fixture
def private_redis(procs):
    return RedisServer(procs).start()


class TcpProxy:
    """127.0.0.1:<port> -> target, with `cut()` (every connection dropped, new ones refused:
    what clients see while the server restarts) and `restore()`."""

    def __init__(self, target_port: int):
        self.target = ("127.0.0.1", target_port)
        self.port = free_port()
        self.lock = threading.Lock()
        self.sockets: set[socket.socket] = set()
        self.listener: socket.socket | None = None

    def restore(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        with self.lock:
            listener, self.listener = self.listener, None
            doomed, self.sockets = self.sockets, set()
        if listener is not None:
            listener.close()
        for sock in doomed:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self.lock:
                if self.listener is not listener:
                    client.close()
                    upstream.close()
                    return
                self.sockets |= {client, upstream}
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()

    def _pump(self, a: socket.socket, b: socket.socket) -> None:
        selector = selectors.DefaultSelector()
        selector.register(a, selectors.EVENT_READ, b)
        selector.register(b, selectors.EVENT_READ, a)
        try:
            while True:
                for key, _ in selector.select(timeout=1):
                    data = key.fileobj.recv(65536)
                    if not data:
                        return
                    key.data.sendall(data)
        except (OSError, ValueError):
            return
        finally:
            selector.close()
            for sock in (a, b):
                with self.lock:
                    self.sockets.discard(sock)
                sock.close()


@pytest.fixture
def pg_proxy():
    port = connection.settings_dict["PORT"] or 5432
    proxy = TcpProxy(int(port))
    proxy.restore()
    try:
        yield proxy
    finally:
        proxy.cut()
