"""Content-Security-Policy: the header on every page, and templates that need no exception to it
(no inline script, no on...= handler, no javascript: URL, no style attribute or <style> block)."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from blocs import services
from tests.factories import AgencyFactory, BlocFactory, ProvinceFactory, admin_user, home_affairs

ROOT = Path(__file__).resolve().parent.parent.parent
EXPECTED_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
HANDLER = re.compile(r"<[a-zA-Z][^>]*?\s(?P<attr>on[a-z]+)\s*=", re.DOTALL)
JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)
STYLE_ATTR = re.compile(r"<[a-zA-Z][^>]*?\sstyle\s*=", re.DOTALL)
STYLE_BLOCK = re.compile(r"<style\b", re.IGNORECASE)
TEMPLATE_COMMENT = re.compile(r"{#.*?#}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.DOTALL)


def script_problems(html: str) -> list[str]:
    """What a `script-src 'self'` policy would block in this HTML (template source or page)."""
    html = TEMPLATE_COMMENT.sub("", html)
    problems = []
    for match in SCRIPT.finditer(html):
        attrs, body = match.group("attrs"), match.group("body")
        is_data = re.search(r"""type\s*=\s*["']?application/json""", attrs, re.IGNORECASE)
        if body.strip() and not is_data:
            problems.append(f"inline script: {body.strip()[:60]!r}")
    problems += [f"handler attribute {m.group('attr')}=" for m in HANDLER.finditer(html)]
    problems += [f"javascript: URL {m.group(0)!r}" for m in JS_URL.finditer(html)]
    return problems


def style_problems(html: str) -> list[str]:
    """What a `style-src 'self'` policy would ignore: style attributes and <style> blocks."""
    html = TEMPLATE_COMMENT.sub("", html)
    return [m.group(0)[:60] for m in STYLE_ATTR.finditer(html)] + ["<style> block" for _ in STYLE_BLOCK.finditer(html)]


def project_templates() -> list[Path]:
    paths = [*ROOT.glob("templates/**/*.html"), *ROOT.glob("*/templates/**/*.html")]
    return sorted(p for p in paths if not p.relative_to(ROOT).parts[0].startswith("."))


def parse_policy(header: str) -> dict[str, list[str]]:
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in directives}


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<script type="text/javascript">\n  go();\n</script>',
        "<SCRIPT>x()</SCRIPT>",
        '<button type="button" onclick="go()">',
        "<body onload='init()'>",
        '<form\n  class="x"\n  onsubmit="return check()">',
        '<a href="javascript:void(0)">',
    ],
)
def test_scanner_finds_what_the_policy_blocks(html):
    assert script_problems(html)


@pytest.mark.parametrize(
    "html",
    [
        '<script src="/static/js/app.js"></script>',
        '<script id="data" type="application/json">{"a": 1}</script>',
        "{# <script>alert(1)</script> #}",
        '<p class="one">Click on the button = go</p>',
        '<input name="onboarding" data-on="x">',
    ],
)
def test_scanner_accepts_external_scripts_and_json_data(html):
    assert script_problems(html) == []


def test_style_scanner_finds_style_attributes_and_blocks():
    assert style_problems('<div class="progress-bar" style="width: 40%">') == ['<div class="progress-bar" style=']
    assert style_problems("<style>.x{}</style>") == ["<style> block"]
    assert style_problems('<div class="x" data-style="y">') == []


def test_templates_were_found():
    names = {str(p.relative_to(ROOT)) for p in project_templates()}
    assert {
        "templates/base.html",
        "templates/registration/login.html",
        "blocs/templates/blocs/bloc_detail.html",
    } <= names


@pytest.mark.parametrize("path", project_templates(), ids=lambda p: str(p.relative_to(ROOT)))
def test_template_has_no_inline_script_or_handler(path):
    assert script_problems(path.read_text(encoding="utf-8")) == []


# Self-contained files written by a management command (`export_report --format html`) and
# opened from disk: never served by the app, so the policy does not apply to them.
STANDALONE_FILES = {"reports/templates/reports/standalone.html"}


@pytest.mark.parametrize(
    "path",
    [p for p in project_templates() if str(p.relative_to(ROOT)) not in STANDALONE_FILES],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_template_has_no_inline_style(path):
    # style-src 'self' without 'unsafe-inline': the browser would silently ignore these.
    assert style_problems(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("name", sorted(STANDALONE_FILES))
def test_standalone_files_are_not_rendered_by_views(name):
    template = name.split("/templates/", 1)[1]
    views = [p for p in ROOT.glob("*/views.py") if template in p.read_text(encoding="utf-8")]
    assert views == []


@pytest.fixture
def world(db):
    province = ProvinceFactory(name="Đồng Tháp")
    bloc = BlocFactory(province=province, name="Khối Thi đua số 6", number=6)
    agencies = [AgencyFactory(province=province) for _ in range(3)]
    services.set_roster(bloc=bloc, year=2022, agencies=agencies, leader=agencies[0], deputies=[agencies[1]])
    return {"bloc": bloc, "ha": home_affairs(province), "admin": admin_user()}


def test_login_page_sends_the_policy(client, db):
    response = client.get(reverse("login"))
    assert parse_policy(response["Content-Security-Policy"]) == EXPECTED_POLICY
    assert response["X-Frame-Options"] == "DENY"


def test_rendered_pages_send_the_policy_and_carry_no_inline_script(client, world):
    client.force_login(world["ha"])
    urls = [
        reverse("home"),
        reverse("blocs:list"),
        reverse("blocs:detail", args=[world["bloc"].pk]),
        reverse("blocs:edit", args=[world["bloc"].pk]),
        reverse("blocs:roster_edit", args=[world["bloc"].pk, 2022]),
        reverse("blocs:agencies"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert parse_policy(response["Content-Security-Policy"]) == EXPECTED_POLICY, url
        html = response.content.decode()
        assert script_problems(html) == [], url
        assert style_problems(html) == [], url


def test_admin_pages_carry_no_inline_script(client, world):
    client.force_login(world["admin"])
    for url in [reverse("admin:index"), reverse("admin:blocs_bloc_change", args=[world["bloc"].pk])]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert script_problems(response.content.decode()) == [], url
