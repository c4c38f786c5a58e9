"""In Debian's Chromium: the API reference renders the schema offline (vendored Swagger UI)
under the site's Content-Security-Policy, and Home Affairs creates a token on its page."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reference_page_renders_the_schema_without_csp_violation(demo_data, page):
    violations = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    external = []
    page.on(
        "request", lambda r: external.append(r.url) if not r.url.startswith(page.context.pages[0].url[:22]) else None
    )
    page.goto("/api/v1/docs/")
    page.wait_for_selector(".swagger-ui .opblock-tag", timeout=20_000)
    assert page.locator(".swagger-ui .opblock").count() == 17
    assert "API tích hợp" in page.locator(".swagger-ui .info .title").inner_text()
    assert violations == []
    assert [u for u in external if not u.startswith(("http://localhost", "http://127.0.0.1", "data:"))] == []


def test_home_affairs_creates_a_token_on_its_page(demo_data, login):
    page = login("snv.bacgiang")
    page.click("[data-testid=current-user]")  # the user menu
    page.click("[data-testid=nav-api]")
    page.fill("input[name=name]", "Cổng thông tin thi đua tỉnh")
    page.click("button:has-text('Tạo mã')")
    key = page.locator("[data-testid=new-token-key]").inner_text()
    assert len(key) == 43
    assert "Cổng thông tin thi đua tỉnh" in page.locator("[data-testid=tokens]").inner_text()
