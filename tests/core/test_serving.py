"""The site as it is really served: the image's steps, and `make run` under load.

No Docker engine runs here, so the first test plays the Dockerfile: it copies the
tree as `COPY` does (minus .dockerignore), runs each `RUN` command in order
(those that only set up the image are named below, with the reason), migrates as
the compose file's web service does, and starts the image's `CMD` under
production settings. The second starts the server `make run` starts, on the
embedded default (SQLite), and books from 20 threads at once.
"""

from __future__ import annotations

import fnmatch
import http.client
import json
import os
import re
import shlex
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
VENV = Path(sys.executable).parent.parent
SEED = "tests/core/serving_seed.py"
PROD_ENV = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "a-long-production-secret-used-only-by-this-test-0123456789-abcdefgh",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "HOTLINE_CALLER_KEY": "a-caller-key-used-only-by-this-test-0123456789",
    "FIELD_ENCRYPTION_KEY": "mY3k8y3UZ2aHqk8w9v1a0lXJzQ1rJm2F5b6c7d8e9f0=",
}
# RUN commands that only set up the image, not the site: the test machine has
# them already (make test installs the system packages and the project).
IMAGE_ONLY = {
    "bash /tmp/install-system-deps.sh": "system packages",
    "rm -rf /var/lib/apt/lists/*": "apt's cache",
    "pip install": "the project, installed in the test's virtualenv",
    "useradd": "the image's user",
    "chown": "the image's user",
}
# Behind the proxy that ends TLS (SECURE_PROXY_SSL_HEADER), as in production.
HTTPS = {"X-Forwarded-Proto": "https", "Accept-Language": "zh-hans"}


def clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without the services and settings a test run sets."""
    dropped = {"DATABASE_URL", "REDIS_URL", "DJANGO_ENV", "DEBUG", "VAR_DIR"}
    env = {k: v for k, v in os.environ.items() if k not in dropped and not k.startswith("PYTEST")}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env["PATH"] = f"{VENV / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    # Confirmations stay in memory instead of filling the server's log.
    env["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    env["SMS_BACKEND"] = "core.sms.LocmemSMSBackend"
    env.update(extra)
    return env


def run(command: str, *, cwd: Path, env: dict[str, str]) -> str:
    result = subprocess.run(
        ["bash", "-c", command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(
    command: str, *, cwd: Path, env: dict[str, str], port: int, log: Path
) -> Iterator[None]:
    """Run the server command until the block ends; fail with its log if it never listens."""
    with log.open("w") as out:
        proc = subprocess.Popen(
            ["bash", "-c", command],
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 90
        while True:
            assert proc.poll() is None, f"{command} exited:\n{log.read_text()}"
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, f"{command} never listened:\n{log.read_text()}"
                time.sleep(0.2)
        yield
        assert "Traceback" not in log.read_text(), log.read_text()
    finally:
        # The server and its workers: the session this test started, and only that.
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def request(
    port: int, method: str, path: str, body: dict[str, Any] | None = None, **headers: str
) -> tuple[int, bytes]:
    status, _location, content = exchange(port, method, path, body, **headers)
    return status, content


def exchange(
    port: int, method: str, path: str, body: dict[str, Any] | None = None, **headers: str
) -> tuple[int, str, bytes]:
    """(status, Location header, body) of one request on a new connection."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        payload = json.dumps(body) if body is not None else None
        if payload is not None:
            headers["Content-Type"] = "application/json"
        conn.request(method, path, body=payload, headers=headers)
        response = conn.getresponse()
        return response.status, response.getheader("Location", ""), response.read()
    finally:
        conn.close()


# --- the Dockerfile, played step by step ---------------------------------------------


def dockerfile_instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) in order; continuation lines joined, comments dropped."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for line in text.splitlines():
        if line.strip().startswith("#") or (not line.strip() and not pending):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        keyword, _, arguments = (pending + line).strip().partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
        pending = ""
    return instructions


def dockerignored(patterns: list[str]) -> Any:
    def ignore(directory: str, names: list[str]) -> set[str]:
        relative = Path(directory).relative_to(ROOT)
        return {
            name
            for name in names
            for pattern in patterns
            if fnmatch.fnmatch(str(relative / name).removeprefix("./"), pattern)
            or (pattern.startswith("**/") and fnmatch.fnmatch(name, pattern[3:]))
        }

    return ignore


class Image:
    """A Dockerfile's effect on a scratch file system under `root`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.workdir = root
        self.workdir_path = "/"
        self.env = clean_env(**PROD_ENV)
        self.cmd: list[str] = []
        self.skipped: list[str] = []
        ignore_file = (ROOT / ".dockerignore").read_text().splitlines()
        self.ignore = dockerignored([p.strip() for p in ignore_file if p.strip()[:1] not in "#"])

    def path(self, target: str) -> Path:
        return self.root / target.lstrip("/") if target.startswith("/") else self.workdir / target

    def apply(self, keyword: str, arguments: str) -> None:
        if keyword in {"FROM", "USER", "EXPOSE"}:
            return
        if keyword == "ENV":
            self.env.update(pair.split("=", 1) for pair in shlex.split(arguments))
        elif keyword == "WORKDIR":
            self.workdir_path = arguments
            self.workdir = self.path(arguments)
            self.workdir.mkdir(parents=True, exist_ok=True)
        elif keyword == "COPY":
            *sources, destination = shlex.split(arguments)
            self.copy(sources, destination)
        elif keyword == "RUN":
            for command in arguments.split("&&"):
                self.run(command.strip())
        elif keyword == "CMD":
            self.cmd = json.loads(arguments)
        else:
            raise AssertionError(f"teach this test what the Dockerfile's {keyword} does")

    def copy(self, sources: list[str], destination: str) -> None:
        target = self.path(destination)
        for source in sources:
            if source == ".":
                shutil.copytree(ROOT, target, ignore=self.ignore, dirs_exist_ok=True)
            elif destination.endswith("/"):
                target.mkdir(parents=True, exist_ok=True)
                shutil.copy2(ROOT / source, target / Path(source).name)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(ROOT / source, target)

    def run(self, command: str) -> None:
        if any(command.startswith(prefix) for prefix in IMAGE_ONLY):
            self.skipped.append(command)
            return
        # Absolute paths inside the image's working directory point into the scratch copy.
        here = str(self.workdir)
        if self.workdir_path != "/":
            command = re.sub(rf"(?<![\w/]){re.escape(self.workdir_path)}(?=/|\b)", here, command)
        run(command, cwd=self.workdir, env=self.env)


def test_the_image_collects_its_static_files_and_serves_pages_in_production(
    tmp_path: Path,
) -> None:
    # Given the image built as the Dockerfile says, under the settings it serves with
    image = Image(tmp_path / "fs")
    image.env["HOME"] = str(tmp_path)  # gunicorn's control socket lives there
    for keyword, arguments in dockerfile_instructions((ROOT / "Dockerfile").read_text()):
        image.apply(keyword, arguments)
    app = image.workdir
    manifest = json.loads((app / "var" / "static" / "staticfiles.json").read_text())
    assert "css/site.css" in manifest["paths"]
    assert not (app / ".venv").exists() and not (app / ".git").exists()
    assert image.cmd[0] == "gunicorn" and image.skipped

    # and the web service's steps before its server (the server itself is the image's CMD)
    web = shlex.split(
        yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["web"]["command"]
    )
    assert web[:2] == ["sh", "-c"]
    *before_server, server = [shlex.split(step) for step in web[2].split("&&")]
    assert server == image.cmd, "compose's web server and the image's CMD differ"
    for step in before_server:
        run(shlex.join(step), cwd=app, env=image.env)
    station = json.loads(run(f"python {SEED} station", cwd=app, env=image.env))["station"]

    # When the image's CMD serves, bound to a free local port
    port = free_port()
    argv = list(image.cmd)
    argv[argv.index("--bind") + 1] = f"127.0.0.1:{port}"
    with serving(shlex.join(argv), cwd=app, env=image.env, port=port, log=tmp_path / "log"):
        # Then the pages answer 200 with DEBUG off, and so does every static file they use
        assets: set[str] = set()
        # (the admin's login is the site's own, with its second factor)
        status, location, _ = exchange(port, "GET", "/admin/login/", **HTTPS)
        assert status == 302 and location.startswith("/accounts/login/"), (status, location)
        for path in ("/", f"/stations/{station}/", location, "/api/v1/docs/"):
            status, body = request(port, "GET", path, **HTTPS)
            assert status == 200, (path, status, body[:2000])
            assets |= set(re.findall(r'(?:href|src)="(/static/[^"]+)"', body.decode()))
        assert any(re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", a) for a in assets)
        assert any("leaflet" in a for a in assets) and any("swagger" in a for a in assets)
        for asset in sorted(assets):
            assert request(port, "GET", asset, **HTTPS)[0] == 200, asset
        # Plain http is sent to https: production settings are the ones serving.
        assert request(port, "GET", "/")[0] == 301


# --- make run on the embedded default, under concurrent bookings -----------------------


def make_run_server(port: int) -> str:
    """The server command `make run` ends with (its recipe's last line)."""
    # Not as a sub-make of `make test`: that would print "Entering directory" lines.
    env = {k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL"}}
    printed = subprocess.run(
        ["make", "-n", "-s", "--no-print-directory", "run", f"PORT={port}", f"VENV={VENV}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    return printed.replace("\\\n", " ").strip().splitlines()[-1]


def test_make_run_on_sqlite_books_each_slot_once_when_twenty_book_at_once(
    tmp_path: Path,
) -> None:
    # Given the embedded default (SQLite in a file) with 5 free slots and 20 workers
    # (HOME: gunicorn's control socket lives there, one per server)
    env = clean_env(VAR_DIR=str(tmp_path), HOME=str(tmp_path))
    run("python manage.py migrate --no-input -v0", cwd=ROOT, env=env)
    seed = json.loads(run(f"python {SEED} bookings 5 20", cwd=ROOT, env=env))
    slots, phones = seed["slots"], seed["phones"]
    assert len(slots) == 5
    port = free_port()
    command = make_run_server(port)
    assert "gunicorn" in command and "--threads" in command

    # When 20 partner bookings on those 5 slots arrive at the same moment
    start = threading.Barrier(len(phones))
    outcomes: list[tuple[int, dict[str, Any]] | str] = []

    def book(i: int) -> None:
        body = {"worker_phone": phones[i], "slot": slots[i % len(slots)], "reason": "family"}
        start.wait()
        try:
            status, raw = request(
                port, "POST", "/api/v1/bookings/", body, Authorization=f"Bearer {seed['key']}"
            )
            outcomes.append((status, json.loads(raw) if raw else {}))
        except Exception as exc:
            outcomes.append(repr(exc))

    with serving(command, cwd=ROOT, env=env, port=port, log=tmp_path / "server.log"):
        threads = [threading.Thread(target=book, args=(i,)) for i in range(len(phones))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=180)

        # Then each slot is booked once, the others hear the slot is taken, and nobody
        # gets an error (a 500 "database is locked") or a dropped connection
        assert [o for o in outcomes if isinstance(o, str)] == []
        answered = [o for o in outcomes if not isinstance(o, str)]
        assert Counter(status for status, _ in answered) == {201: 5, 409: 15}, answered
        assert sorted(body["slot"] for status, body in answered if status == 201) == sorted(slots)
        taken = {body["error"]["code"] for status, body in answered if status == 409}
        assert taken == {"slot_taken"}
        # and the pages keep their style: WhiteNoise serves the static files under gunicorn
        status, home = request(port, "GET", "/")
        assert status == 200
        stylesheet = re.search(r'href="(/static/css/site[^"]*\.css)"', home.decode())
        assert stylesheet and request(port, "GET", stylesheet[1])[0] == 200
    with sqlite3.connect(tmp_path / "db.sqlite3") as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert db.execute("SELECT COUNT(*) FROM appointments_booking").fetchone() == (5,)
