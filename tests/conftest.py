import copy
import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.cache import caches
from django.db import transaction
from django.test import override_settings

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls there
# unless told it is safe (it is: the loop only drives the browser).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files of a test go to its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_report_cache():
    """Each test starts without cached report rows (a test's rows are rolled back, and rows
    written in bulk by a test without its service would keep the version)."""
    caches["reports"].clear()


@pytest.fixture(autouse=True)
def _vietnamese(settings):
    settings.LANGUAGE_CODE = "vi"


@pytest.fixture(scope="session")
def chromium_path():
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"Chromium not found at {path} but REQUIRE_BROWSER is set")
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="vi-VN", base_url=live_server.url, timezone_id="Asia/Ho_Chi_Minh")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def browser_login(page, username, password):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]:has-text('Đăng nhập')")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def session_login(page, base_url, username):
    """Log the page's browser context in as `username` without the login form: a session made
    on the server (the test client's `force_login`), its cookie given to the context; then the
    home page, where a login through the form lands. The form itself is driven in its own
    browser tests (tests/browser/test_accounts_browser.py, the lockout in
    tests/production/test_browser.py, the onboarded officer's first login); through it each
    login costs about 0.6 s of a browser test."""
    from django.conf import settings
    from django.contrib.auth import get_user_model

    key = session_key(get_user_model().objects.get(username=username))
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": key, "url": base_url}])
    page.goto("/")


def session_key(user) -> str:
    """The key of a new session of `user`, made on the server (the test client's
    `force_login`): the value of the session cookie."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.fixture
def login(page, live_server):
    def _login(username):
        session_login(page, live_server.url, username)
        return page

    return _login


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """The test database. Under pytest-xdist each worker copies one database migrated once
    (`tests/testdb.py`); otherwise, or with pytest-django's database options, as pytest-django
    sets it up."""
    from tests import testdb

    verbosity = request.config.option.verbose
    workerinput = getattr(request.config, "workerinput", {})
    if "testdb_folder" in workerinput:
        setup = testdb.worker_database(Path(workerinput["testdb_folder"]), verbosity)
    else:
        if not django_db_use_migrations:
            from pytest_django.fixtures import _disable_migrations

            _disable_migrations()
        setup = testdb.databases_as_pytest_django(verbosity, keepdb=django_db_keepdb and not django_db_createdb)
    with django_db_blocker.unblock():
        setup.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            setup.__exit__(None, None, None)


TEMPLATE = pytest.StashKey[object]()  # the controller's testdb.ControllerTemplate


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    """pytest-xdist's controller, before each worker starts: the folder of the test template,
    migrated from the first worker on (`tests/testdb.py`)."""
    from tests import testdb

    config = node.config
    if not testdb.use_shared_template(config):
        return
    if TEMPLATE not in config.stash:
        config.stash[TEMPLATE] = testdb.ControllerTemplate(config)
    node.workerinput["testdb_folder"] = str(config.stash[TEMPLATE].folder)


def pytest_sessionfinish(session):
    if TEMPLATE in session.config.stash:
        session.config.stash[TEMPLATE].finish()


@pytest.fixture
def demo_data(db):
    from django.core.management import call_command

    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 - closed at exit


@contextmanager
def rows_for_the_module(django_db_blocker, media_root):
    """Rows built once and shared by the tests of one module (what Django's
    `TestCase.setUpTestData` does for a class): built inside a transaction that is rolled back
    when the module's last test ends. Each test's own `db` transaction is a savepoint inside it,
    so a test still sees only the module's rows and its own. Files the rows store go to
    `media_root`; the module's `world` fixture points each test's MEDIA_ROOT there."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root), transaction.atomic():
        try:
            yield
        finally:
            transaction.set_rollback(True)


def module_world(build, media_name: str):
    """The fixtures `_world` and `world` of a module whose tests share the rows `build()` makes:
    `_world` builds them once per module (and per pytest-xdist worker) in a transaction rolled
    back after the module's last test (`rows_for_the_module`); `world` gives a test deep copies
    (as TestCase.setUpTestData: a test may change its objects) and copies the files the rows
    stored into the test's MEDIA_ROOT. Each test's writes are rolled back as usual. In a module,
    after its `build_world`: `_world, world = module_world(build_world, "…-media")`."""

    @pytest.fixture(scope="module", name="_world")
    def _module_rows(django_db_setup, django_db_blocker, tmp_path_factory):
        media = tmp_path_factory.mktemp(media_name)
        with rows_for_the_module(django_db_blocker, media):
            yield media, build()

    @pytest.fixture(name="world")
    def _test_copy(_world, db, settings):
        media, rows = _world
        shutil.copytree(media, settings.MEDIA_ROOT, dirs_exist_ok=True)  # files the rows stored, if any
        return copy.deepcopy(rows)

    return _module_rows, _test_copy


# The longest tests first (longest-processing-time-first): pytest-xdist hands tests out in
# collection order as workers free up, so a long test collected last would keep one worker busy
# while the others wait. pytest-django's order is kept (tests in a rolled-back transaction,
# then those that commit and empty the database, as Django's runner does); only the long tests
# that use no test database (scripts run in a subprocess on a database of their own) move to
# the very front. The PostgreSQL backup round trip migrates its own database meanwhile; the
# SQLite ones start on a copy of the test template and wait for it like any database test.
# (Running every test without a database first was measured twice: no gain.)
LONGEST_FIRST = (
    "tests/production/test_backup",  # backup and restore scripts
    "tests/production/test_serving.py",  # `make serve` with gunicorn
    "tests/browser/",
    "tests/production/test_browser.py",
    "tests/api/test_fuzz.py",
    "tests/documents/",
)


def _django_phase(item) -> int:
    """0: a test in a rolled-back transaction; 1: one that commits (the database is emptied
    after it); 2: no database (as pytest-django orders them)."""
    fixtures = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    if "transactional_db" in fixtures or "live_server" in fixtures or (marker and marker.kwargs.get("transaction")):
        return 1
    return 0 if (marker or "db" in fixtures) else 2


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    def key(item):
        rank = next((i for i, prefix in enumerate(LONGEST_FIRST) if item.nodeid.startswith(prefix)), None)
        phase = _django_phase(item)
        if rank is not None and phase == 2:
            return (-1, rank)
        return (phase, len(LONGEST_FIRST) if rank is None else rank)

    items.sort(key=key)
