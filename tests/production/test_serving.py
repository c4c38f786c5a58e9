"""`make serve`: gunicorn with DEBUG=0 and production settings, WhiteNoise serving compressed,
hashed static files; it refuses to start without SECRET_KEY. Runs the real Makefile target
against a throw-away SQLite database on a free loopback port (so only in the SQLite pass), a
copy of the pass's migrated template: a fresh `migrate` is what builds that template."""

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
# One worker runs both: each `make serve` compiles the translations and collects static files.
pytestmark = [pytest.mark.xdist_group("serve"), pytest.mark.own_sqlite]
SECRET = "t3st-9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a"
MAKE = shutil.which("make") or "/usr/bin/make"


def _env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "PYTEST_CURRENT_TEST"}}
    env.update(
        TESTING="0",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    env.update(extra)
    return env


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _make_serve(env, port):
    return subprocess.Popen(  # noqa: S603 - the project's own Makefile
        [MAKE, "--no-print-directory", "-o", ".venv/.installed", "serve", f"PORT={port}", "WORKERS=1", "THREADS=2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def _get(port, path, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def test_make_serve_refuses_to_start_without_secret_key(tmp_path):
    env = _env(tmp_path)
    del env["SECRET_KEY"]
    result = subprocess.run(  # noqa: S603 - the project's own Makefile
        [MAKE, "--no-print-directory", "-o", ".venv/.installed", "serve", f"PORT={_free_port()}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set: refusing to start" in result.stderr
    assert "Listening at" not in result.stdout + result.stderr


@pytest.fixture
def served(tmp_path, migrated_sqlite):
    # A database as the first `migrate` leaves it (`make serve` then finds nothing to apply).
    migrated_sqlite(tmp_path / "db.sqlite3")
    port = _free_port()
    process = _make_serve(_env(tmp_path), port)
    deadline = time.monotonic() + 120
    try:
        while True:
            try:
                if _get(port, "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("make serve did not come up:\n" + (process.stdout.read() if process.stdout else ""))
            time.sleep(0.3)
        yield port
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_make_serve_runs_production_settings_behind_a_proxy(served):
    https = {"X-Forwarded-Proto": "https"}
    status, headers, _ = _get(served, "/healthz")
    assert status == 200
    # Plain HTTP is sent to HTTPS; through the proxy (X-Forwarded-Proto) the page is served.
    status, headers, _ = _get(served, "/accounts/login/")
    assert status == 301 and headers["Location"] == f"https://127.0.0.1:{served}/accounts/login/"
    status, headers, body = _get(served, "/accounts/login/", https)
    login_html = body.decode()
    assert status == 200
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "Secure" in headers["Set-Cookie"] and "csrftoken" in headers["Set-Cookie"]
    assert "Đăng nhập" in login_html
    # DEBUG is off: a missing page is a plain 404, never Django's technical page.
    status, _, body = _get(served, "/no-such-page/", https)
    assert status == 404 and b"Traceback" not in body and b"URLconf" not in body

    # Static files: hashed names (manifest) served by WhiteNoise, compressed, cached for ever.
    css = re.search(r'href="(/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css)"', login_html).group(1)
    status, headers, gz = _get(served, css, {**https, "Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"]
    status, headers, plain = _get(served, css, https)
    assert status == 200 and "Content-Encoding" not in headers and len(gz) < len(plain) / 3
