"""In Debian's Chromium: an officer changes the password, logs out and back in with the new one;
a password reset link from the e-mail works once."""

import re

import pytest
from django.core import mail

from blocs.models import User
from tests.conftest import browser_login
from tests.factories import PASSWORD, AgencyFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NEW_PASSWORD = "Mat-khau-moi-2026!"


@pytest.fixture
def officer():
    return UserFactory(
        username="canbo.tuphap",
        agency=AgencyFactory(name="Sở Tư pháp"),
        email="tuphap@example.vn",
        role=User.Role.OFFICER,
    )


def test_officer_changes_password_and_logs_in_with_the_new_one(page, officer):
    browser_login(page, "canbo.tuphap", PASSWORD)
    page.click("[data-testid=current-user]")  # the user menu holds the password change
    page.click("[data-testid=password-change-link]")
    page.fill("input[name=old_password]", PASSWORD)
    page.fill("input[name=new_password1]", NEW_PASSWORD)
    page.fill("input[name=new_password2]", NEW_PASSWORD)
    page.click("button[type=submit].btn-primary")
    assert "Đã đổi mật khẩu" in page.inner_text("main")
    page.click("text=Đăng xuất")
    page.wait_for_url("**/accounts/login/**")
    browser_login(page, "canbo.tuphap", NEW_PASSWORD)
    assert "canbo.tuphap" in page.inner_text("[data-testid=current-user]") or page.url.endswith("/")


def test_reset_link_from_the_email_works_once(page, officer, live_server):
    page.goto("/accounts/login/")
    page.click("text=Quên mật khẩu?")
    page.fill("input[name=email]", "tuphap@example.vn")
    page.click("main button[type=submit]")
    assert "Vui lòng kiểm tra thư điện tử" in page.inner_text("main")
    link = re.search(r"https?://\S+/accounts/reset/\S+/", mail.outbox[-1].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    page.goto(f"/{path}")
    page.fill("input[name=new_password1]", NEW_PASSWORD)
    page.fill("input[name=new_password2]", NEW_PASSWORD)
    page.click("main button[type=submit]")
    assert "Mật khẩu mới đã được lưu" in page.inner_text("main")
    page.goto(f"/{path}")
    assert "Liên kết không còn hiệu lực" in page.inner_text("main")
    browser_login(page, "canbo.tuphap", NEW_PASSWORD)
    assert page.locator("[data-testid=current-user]").count() == 1
