"""In Debian's Chromium: the Content-Security-Policy blocks nothing the pages need (no violation
reported on the main pages), and five wrong passwords show the Vietnamese lockout page."""

import re

import pytest

from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _collect_csp_violations(page):
    violations = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    return violations


def _visit_linked_pages(page, pattern, limit):
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    targets = sorted({h for h in hrefs if re.match(pattern, h)})[:limit]
    for href in targets:
        response = page.goto(href)
        assert response.status == 200, href
    return targets


def test_pages_raise_no_csp_violation(demo_data, page):
    violations = _collect_csp_violations(page)
    page.goto("/accounts/login/")
    browser_login(page, "snv.bacgiang", "thidua-demo-2026")
    visited = ["/"]
    for start, pattern in [
        ("/blocs/?year=2022", r"^/blocs/\d+/"),
        ("/blocs/agencies/", r"^/blocs/agencies/\d+/$"),
        ("/awards/", r"^/awards/periods/\d+/"),
        ("/reports/?year=2022", r"^/reports/(bloc|province|statutory)/[\d/a-z]+/$"),
    ]:
        response = page.goto(start)
        if response.status == 404:  # an app whose pages are not there yet
            continue
        assert response.status == 200, start
        visited += [start, *_visit_linked_pages(page, pattern, limit=3)]
    # The pages ran their scripts: Bootstrap's collapse works (the navbar toggler is wired up).
    assert page.evaluate("typeof bootstrap") == "object"
    assert len(visited) >= 6
    assert violations == []
    # And the policy is really enforced: an injected inline script is refused and reported.
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.x = 1'; "
        "document.body.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    assert page.evaluate("typeof window.x") == "undefined"
    assert any("script-src 'self'" in v for v in violations)


def test_officer_grid_raises_no_csp_violation(demo_data, login):
    page = login("bg.congan")
    violations = _collect_csp_violations(page)
    response = page.goto("/awards/")
    if response.status == 404:
        pytest.skip("awards pages not there")
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    grids = [h for h in hrefs if re.match(r"^/awards/periods/\d+/agencies/\d+/$", h)]
    for href in grids[:2]:
        assert page.goto(href).status == 200
    page.goto("/")
    assert violations == []


def test_five_wrong_passwords_show_the_lockout_page(demo_data, page, settings):
    settings.AXES_ENABLED = True
    for attempt in range(5):
        page.goto("/accounts/login/")
        page.fill("input[name=username]", "bg.congan")
        page.fill("input[name=password]", f"sai-mat-khau-{attempt}")
        page.click("button[type=submit]:has-text('Đăng nhập')")
        page.wait_for_load_state()
    lockout = page.locator("[data-testid=lockout]")
    assert lockout.is_visible()
    assert "Tài khoản đã bị tạm khóa trên máy tính này do đăng nhập sai 5 lần." in lockout.inner_text()
    assert "Vui lòng thử lại sau 15 phút" in lockout.inner_text()
    # The right password does not get through while locked.
    page.click("text=Quay lại trang đăng nhập")
    page.fill("input[name=username]", "bg.congan")
    page.fill("input[name=password]", "thidua-demo-2026")
    page.click("button[type=submit]:has-text('Đăng nhập')")
    page.wait_for_load_state()
    assert page.locator("[data-testid=lockout]").is_visible()
    assert "/accounts/login/" in page.url
