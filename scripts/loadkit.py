"""Shared parts of scripts/loadtest and scripts/faulttest (a dev and operations tool, stdlib only
on the client side): a throw-away PostgreSQL database with the demo data, gunicorn app
processes on loopback ports, a small HTTP client that logs in like a browser behind nginx
(cookies, CSRF token, X-Forwarded-Proto), crawling of the pages a user may open, the awards
grid save, and latency statistics.

Every request goes to 127.0.0.1; every run is bounded in time and stops its app processes.
"""

from __future__ import annotations

import html
import http.client
import json
import os
import random
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
HOST = "127.0.0.1"  # the only address these scripts ever send traffic to
DEFAULT_DATABASE_URL = "postgres://thidua:thidua@127.0.0.1:5432/thidua_load"


def ensure_venv() -> None:
    """Re-run the calling script with the project's virtualenv (Django, psycopg2, gunicorn)."""
    if Path(sys.prefix).resolve() != (ROOT / ".venv").resolve() and VENV_PYTHON.exists():
        os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), *sys.argv])  # noqa: S606 - our own venv, our own argv


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- statistics --------------------------------------------------------------------------------


@dataclass
class Sample:
    kind: str
    started: float
    seconds: float
    outcome: str  # "ok", "conflict" or "error: ..."
    path: str = ""


class Recorder:
    def __init__(self):
        self.samples: list[Sample] = []
        self.lock = threading.Lock()

    def add(self, kind: str, started: float, seconds: float, outcome: str, path: str = "") -> None:
        with self.lock:
            self.samples.append(Sample(kind, started, seconds, outcome, path))

    def errors(self, since: float = 0.0, until: float = float("inf")) -> list[Sample]:
        return [s for s in self.samples if s.outcome.startswith("error") and since <= s.started < until]


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-q * len(ordered) // 100))))
    return ordered[rank - 1]


def summarise(samples: list[Sample], seconds: float) -> dict:
    def block(group: list[Sample]) -> dict:
        times = [s.seconds * 1000 for s in group]
        return {
            "requests": len(group),
            "per_second": round(len(group) / seconds, 1) if seconds else 0,
            "p50_ms": round(percentile(times, 50), 1),
            "p95_ms": round(percentile(times, 95), 1),
            "p99_ms": round(percentile(times, 99), 1),
            "max_ms": round(max(times), 1) if times else 0,
            "conflicts": sum(1 for s in group if s.outcome == "conflict"),
            "errors": sum(1 for s in group if s.outcome.startswith("error")),
        }

    result = {"all": block(samples)}
    for kind in sorted({s.kind for s in samples}):
        result[kind] = block([s for s in samples if s.kind == kind])
    return result


def slowest_pages(samples: list[Sample], count: int = 6) -> list[dict]:
    """Pages grouped by URL shape (numbers replaced by N), slowest p95 first."""
    groups: dict[str, list[float]] = {}
    for s in samples:
        if s.kind == "page" and s.outcome == "ok" and s.path:
            groups.setdefault(re.sub(r"\d+", "N", s.path), []).append(s.seconds * 1000)
    rows = [
        {"page": k, "requests": len(v), "p50_ms": round(percentile(v, 50), 1), "p95_ms": round(percentile(v, 95), 1)}
        for k, v in groups.items()
    ]
    return sorted(rows, key=lambda r: -r["p95_ms"])[:count]


def print_summary(title: str, summary: dict) -> None:
    print(f"\n{title}")
    print(
        f"  {'kind':<12}{'requests':>9}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}"
        f"{'conflicts':>10}{'errors':>8}"
    )
    for kind, b in summary.items():
        print(
            f"  {kind:<12}{b['requests']:>9}{b['per_second']:>8}{b['p50_ms']:>9}{b['p95_ms']:>9}"
            f"{b['p99_ms']:>9}{b['max_ms']:>9}{b['conflicts']:>10}{b['errors']:>8}"
        )


# --- HTTP client ---------------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: dict
    text: str
    seconds: float
    path: str = ""

    @property
    def location(self) -> str:
        return urlsplit(self.headers.get("location", "")).path if self.headers.get("location") else ""


class Client:
    """One browser: a cookie jar and a keep-alive connection to one app process on 127.0.0.1.
    It talks to gunicorn as nginx would (X-Forwarded-Proto: https), so the production
    settings (SSL redirect, secure cookies, CSRF origin check) apply unchanged."""

    def __init__(self, port: int, cookies: dict | None = None, timeout: float = 30.0):
        self.port = port
        self.cookies: dict[str, str] = cookies if cookies is not None else {}
        self.timeout = timeout
        self.conn: http.client.HTTPConnection | None = None

    def _connection(self) -> http.client.HTTPConnection:
        if self.conn is None:
            self.conn = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
        return self.conn

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(self, method: str, path: str, fields: list[tuple[str, str]] | None = None) -> Response:
        headers = {"X-Forwarded-Proto": "https", "Accept-Language": "vi", "User-Agent": "thidua-loadtest"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if method == "POST":
            body = urlencode(fields or [])
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{HOST}:{self.port}"
            headers["Referer"] = f"https://{HOST}:{self.port}{path}"
        started = time.monotonic()
        for attempt in (1, 2):
            reused = self.conn is not None
            try:
                conn = self._connection()
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # The server closed an idle keep-alive connection just as we reused it: like a
                # browser, send the request again once on a new connection.
                self.close()
                if not reused or attempt == 2:
                    raise
            except (OSError, http.client.HTTPException):
                self.close()
                raise
        seconds = time.monotonic() - started
        for header in response.msg.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        return Response(
            response.status,
            {k.lower(): v for k, v in response.getheaders()},
            data.decode("utf-8", "replace"),
            seconds,
            path,
        )


def timed(recorder: Recorder, kind: str, call, check) -> Response | None:
    """Run one request, record its latency and outcome; `check(response)` returns the outcome."""
    started = time.monotonic()
    try:
        response = call()
    except Exception as exc:  # any failure to get an answer is an error sample, never a crash
        recorder.add(kind, started, time.monotonic() - started, f"error: {type(exc).__name__}: {exc}")
        return None
    recorder.add(kind, started, response.seconds, check(response), response.path)
    return response


# --- HTML forms ----------------------------------------------------------------------------------


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self.current: dict | None = None
        self.select: dict | None = None
        self.textarea: dict | None = None
        self.option: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self.current = {"attrs": a, "fields": []}
            self.forms.append(self.current)
        elif self.current is None:
            return
        elif tag == "input":
            kind = a.get("type", "text").lower()
            if not a.get("name") or kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            self.current["fields"].append(
                {"name": a["name"], "value": a.get("value", "on" if kind == "checkbox" else ""), "type": kind}
            )
        elif tag == "select" and a.get("name"):
            self.select = {"name": a["name"], "value": None, "type": "select", "options": []}
            self.current["fields"].append(self.select)
        elif tag == "option" and self.select is not None:
            self.option = {"value": a.get("value"), "selected": "selected" in a, "label": ""}
            self.select["options"].append(self.option)
        elif tag == "textarea" and a.get("name"):
            self.textarea = {"name": a["name"], "value": "", "type": "textarea"}
            self.current["fields"].append(self.textarea)

    def handle_data(self, data):
        if self.option is not None:
            self.option["label"] += data
        if self.textarea is not None:
            self.textarea["value"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "select" and self.select is not None:
            options = self.select["options"]
            for o in options:
                if o["value"] is None:
                    o["value"] = o["label"].strip()
            chosen = [o for o in options if o["selected"]] or options[:1]
            self.select["value"] = chosen[0]["value"] if chosen else ""
            self.select = None
        elif tag == "option":
            self.option = None
        elif tag == "textarea":
            self.textarea = None


def parse_forms(page: str) -> list[dict]:
    parser = _FormParser()
    parser.feed(page)
    return parser.forms


def find_form(page: str, **attrs) -> dict | None:
    for form in parse_forms(page):
        if all(form["attrs"].get(k) == v for k, v in attrs.items()):
            return form
    return None


def csrf_token(page: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    return match.group(1) if match else ""


def login(client: Client, username: str, password: str, recorder: Recorder | None = None) -> bool:
    """Log in through the login form, as a browser does; True when the session is open."""
    recorder = recorder or Recorder()
    page = timed(recorder, "login", lambda: client.request("GET", "/accounts/login/"), _ok_page)
    if page is None or page.status != 200:
        return False
    fields = [
        ("csrfmiddlewaretoken", csrf_token(page.text)),
        ("username", username),
        ("password", password),
        ("next", "/"),
    ]
    response = timed(
        recorder,
        "login",
        lambda: client.request("POST", "/accounts/login/", fields),
        lambda r: "ok" if r.status == 302 and r.location == "/" else f"error: login {r.status}",
    )
    return response is not None and response.status == 302 and "sessionid" in client.cookies


def _ok_page(response: Response) -> str:
    return "ok" if response.status == 200 else f"error: HTTP {response.status} {response.path}"


# --- what a user can open --------------------------------------------------------------------------

SEEDS = ["/", "/blocs/?year=2022", "/blocs/agencies/", "/awards/", "/reports/?year=2022"]
PAGE_PATTERNS = [
    r"/",
    r"/blocs/(\d+/)?",
    r"/blocs/agencies/(\d+/)?",
    r"/awards/",
    r"/awards/periods/\d+/",
    r"/awards/periods/\d+/agencies/\d+/",
    r"/reports/",
    r"/reports/(bloc|province)/\d+/\d+/[a-z0-9_-]+/",
    r"/reports/statutory/\d+/\d+/",
    r"/conferences/bloc/\d+/\d+/",
    r"/conferences/\d+/",
]
PAGE_RE = re.compile("^(" + "|".join(PAGE_PATTERNS) + r")(\?year=\d{4})?$")
GRID_RE = re.compile(r"^/awards/periods/\d+/agencies/\d+/$")
HREF_RE = re.compile(r'href="(/[^"#]*)"')


@dataclass
class Site:
    """The pages one user can open (read-only GETs), found by following links from SEEDS."""

    pages: list[str] = field(default_factory=list)
    grids: list[str] = field(default_factory=list)  # awards grids this user may edit
    bloc_create: str = ""  # the "new bloc" page, for Home Affairs
    broken: list[str] = field(default_factory=list)  # links to pages that answer 403 or 404


def _discovered(response: Response) -> str:
    # A link to a missing or forbidden page is a broken link (reported apart), not a failure under load.
    return "broken link" if response.status in {403, 404} else _ok_page(response)


_sites: dict[str, Site] = {}
_sites_lock = threading.Lock()


def site_of(username: str, client: Client, recorder: Recorder) -> Site:
    """The pages of a user, found once per username (every virtual user of that name shares it)."""
    with _sites_lock:
        site = _sites.get(username)
    if site is None:
        site = discover(client, recorder)
        with _sites_lock:
            site = _sites.setdefault(username, site)
    return site


def discover(client: Client, recorder: Recorder, max_pages: int = 40) -> Site:
    site = Site()
    queue = list(SEEDS)
    seen = set(queue)
    while queue and len(site.pages) < max_pages:
        path = queue.pop(0)
        response = timed(recorder, "page", lambda p=path: client.request("GET", p), _discovered)
        if response is not None and response.status in {403, 404} and path not in SEEDS:
            site.broken.append(path)
        if response is None or response.status != 200:
            continue
        site.pages.append(path)
        if GRID_RE.match(path) and find_form(response.text, id="grid-form"):
            site.grids.append(path)
        for href in HREF_RE.findall(response.text):
            href = html.unescape(href)
            if not site.bloc_create and re.match(r"^/blocs/new/\d+/$", href):
                site.bloc_create = href
            if href not in seen and PAGE_RE.match(href):
                seen.add(href)
                queue.append(href)
    return site


# --- writes -----------------------------------------------------------------------------------------

ROW_RE = re.compile(r"^(?P<prefix>.+)-(?P<index>\d+)-(?P<field>[a-z_]+)$")


def _grid_fields(form: dict) -> list[dict]:
    return [dict(f) for f in form["fields"]]


def _award_forms(page: str) -> dict:
    match = re.search(r'<script id="award-forms" type="application/json">(.*?)</script>', page, re.DOTALL)
    return json.loads(html.unescape(match.group(1))) if match else {}


def _first_row(fields: list[dict]) -> dict[str, dict]:
    row: dict[str, dict] = {}
    for f in fields:
        m = ROW_RE.match(f["name"])
        if m and m.group("index") == "0":
            row[m.group("field")] = f
    return row


def grid_value(page: str) -> str | None:
    """The 'individuals' count of the first row of a grid page (the value the tests write)."""
    form = find_form(page, id="grid-form")
    if form is None:
        return None
    row = _first_row(form["fields"])
    return row["individuals"]["value"] if "individuals" in row else None


@dataclass
class GridForm:
    """A grid as loaded by one user: the fields to post back, with the version it started from."""

    url: str
    fields: list[dict]

    def with_value(self, value: int) -> list[tuple[str, str]]:
        fields = [dict(f) for f in self.fields]
        row = _first_row(fields)
        row["individuals"]["value"] = str(value)
        return [(f["name"], f["value"] or "") for f in fields] + [("action", "save")]


def load_grid(client: Client, recorder: Recorder, url: str) -> GridForm | None:
    """Open a grid for editing; when it has no row yet, add one (the "Add a row" button) with an
    award form that counts individuals. None when the user may not edit it."""
    page = timed(recorder, "page", lambda: client.request("GET", url), _ok_page)
    if page is None or page.status != 200:
        return None
    form = find_form(page.text, id="grid-form")
    if form is None:
        return None
    fields = _grid_fields(form)
    row = _first_row(fields)
    if not row.get("form") or not row["form"]["value"]:
        if not row:
            posted = [(f["name"], f["value"] or "") for f in fields] + [("action", "add_row")]
            page = timed(recorder, "page", lambda: client.request("POST", url, posted), _ok_page)
            if page is None or page.status != 200 or find_form(page.text, id="grid-form") is None:
                return None
            fields = _grid_fields(find_form(page.text, id="grid-form"))
            row = _first_row(fields)
        choices = _award_forms(page.text)
        allowed = [k for k, v in choices.items() if v.get("i")]
        if "form" not in row or not allowed:
            return None
        row["form"]["value"] = allowed[0]
    if "individuals" not in row:
        return None
    return GridForm(url, fields)


def save_grid(client: Client, recorder: Recorder, grid: GridForm, value: int, kind: str = "grid-save") -> str:
    """Post the grid with a new count; "saved", "conflict" (someone saved since) or "error: ..."."""

    def outcome(r: Response) -> str:
        if r.status == 302 and r.location == grid.url:
            return "ok"
        if r.status == 200 and 'data-testid="stale"' in r.text:
            return "conflict"
        return f"error: grid save HTTP {r.status}"

    response = timed(recorder, kind, lambda: client.request("POST", grid.url, grid.with_value(value)), outcome)
    if response is None:
        return "error"
    result = outcome(response)
    return {"ok": "saved"}.get(result, result)


def create_bloc(client: Client, recorder: Recorder, url: str, name: str) -> str | None:
    """Home Affairs creates a bloc through the form; the new bloc's path once acknowledged."""
    page = timed(recorder, "page", lambda: client.request("GET", url), _ok_page)
    if page is None or page.status != 200:
        return None
    form = next((f for f in parse_forms(page.text) if any(x["name"] == "name" for x in f["fields"])), None)
    if form is None:
        return None
    fields = [
        (f["name"], name if f["name"] == "name" else "" if f["name"] == "number" else f["value"] or "")
        for f in form["fields"]
    ]

    def outcome(r: Response) -> str:
        ok = r.status == 302 and re.match(r"^/blocs/\d+/$", r.location)
        return "ok" if ok else f"error: bloc create HTTP {r.status}"

    response = timed(recorder, "bloc-create", lambda: client.request("POST", url, fields), outcome)
    if response is not None and outcome(response) == "ok":
        return response.location
    return None


# --- the app processes -------------------------------------------------------------------------------


class Stack:
    """A throw-away database with the demo data and gunicorn app processes on loopback ports."""

    def __init__(self, database_url: str, ports: list[int], workers: int, threads: int):
        parts = urlsplit(database_url)
        if parts.scheme not in {"postgres", "postgresql"} or parts.hostname not in {"127.0.0.1", "localhost"}:
            raise SystemExit("DATABASE_URL must be a PostgreSQL database on 127.0.0.1")
        self.database_url = database_url
        self.ports = ports
        self.workers = workers
        self.threads = threads
        self.tmp = Path(tempfile.mkdtemp(prefix="thidua-load-"))
        self.processes: dict[int, subprocess.Popen] = {}
        self.env = {
            **{k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "TESTING"}},
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": HOST,
            "DATABASE_URL": database_url,
            "STATIC_ROOT": str(self.tmp / "static"),
            "MEDIA_ROOT": str(self.tmp / "media"),
            "CONN_MAX_AGE": "60",
            "LOG_LEVEL": "ERROR",
        }

    def manage(self, *args: str) -> None:
        subprocess.run(  # noqa: S603 - fixed commands of this project
            [str(VENV_PYTHON), "manage.py", *args], cwd=ROOT, env=self.env, check=True, stdout=subprocess.DEVNULL
        )

    def prepare(self) -> None:
        import psycopg2  # only the PostgreSQL run needs the driver; the SQLite run works without it

        parts = urlsplit(self.database_url)
        name = parts.path.lstrip("/")
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
            raise SystemExit(f"unexpected database name {name!r}")
        log(f"database {name}: recreate, migrate, load the demo data")
        conn = psycopg2.connect(self.database_url.rsplit("/", 1)[0] + "/postgres")
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            cursor.execute(f"CREATE DATABASE {name}")
        conn.close()
        self.manage("migrate", "--noinput", "-v0")
        self.manage("load_demo")
        self.manage("collectstatic", "--noinput", "-v0")

    def start(self) -> None:
        for port in self.ports:
            logfile = open(self.tmp / f"gunicorn-{port}.log", "w")  # noqa: SIM115 - closed with the process
            self.processes[port] = subprocess.Popen(  # noqa: S603 - fixed command, loopback port
                [
                    str(ROOT / ".venv" / "bin" / "gunicorn"),
                    "config.wsgi",
                    "--bind",
                    f"{HOST}:{port}",
                    "--workers",
                    str(self.workers),
                    "--threads",
                    str(self.threads),
                    "--timeout",
                    "60",
                    "--no-control-socket",
                    "--error-logfile",
                    "-",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=logfile,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        for port in self.ports:
            if not wait_healthy(port, 60):
                self.stop()
                raise SystemExit(f"gunicorn on port {port} did not start; see {self.tmp}/gunicorn-{port}.log")
        log(
            f"gunicorn up on {', '.join(f'{HOST}:{p}' for p in self.ports)} "
            f"({self.workers} workers x {self.threads} threads each), logs in {self.tmp}"
        )

    def pids(self, port: int) -> set[int]:
        """The master and worker process ids of one app process (unchanged = not restarted)."""
        master = self.processes[port].pid
        ps = ["ps", "-o", "pid=", "--ppid", str(master)]
        out = subprocess.run(ps, capture_output=True, text=True, check=False).stdout  # noqa: S603 - procps
        return {master, *(int(p) for p in out.split())}

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.processes.clear()


def wait_healthy(port: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if healthz(port) == 200:
            return True
        time.sleep(0.1)
    return False


def healthz(port: int) -> int | None:
    try:
        conn = http.client.HTTPConnection(HOST, port, timeout=2)
        conn.request("GET", "/healthz")
        status = conn.getresponse().status
        conn.close()
        return status
    except (OSError, http.client.HTTPException):
        return None


def demo_users() -> tuple[list[str], list[str], str]:
    """(Home Affairs usernames, officer usernames, password) of the demo data."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django  # imported after DJANGO_SETTINGS_MODULE and sys.path are set

    django.setup()
    from blocs import demo  # models can be imported only after django.setup()

    return list(demo.HOME_AFFAIRS_USERS.values()), list(demo.BAC_GIANG_OFFICERS.values()), demo.DEMO_PASSWORD


def think(low: float, high: float) -> None:
    if high > 0:
        time.sleep(random.uniform(low, high))  # noqa: S311 - pacing, not security
