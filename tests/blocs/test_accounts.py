"""Account self-service (#13): password change and reset, forced change after a password set by
someone else, sessions ended on a change, lockout per username and address with an unlock by
Home Affairs, a global slow-down, private caching, one-line 403 logs and the 400 page."""

import logging
import re
import time

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from blocs import services
from blocs.middleware import PrivatePagesMiddleware
from tests.factories import PASSWORD, AgencyFactory, ProvinceFactory, UserFactory, admin_user, home_affairs

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Mat-khau-moi-2026!"


@pytest.fixture
def officer():
    return UserFactory(username="canbo.congan", agency=AgencyFactory(name="Công an tỉnh"), email="canbo@example.vn")


def _login(client, username, password, ip="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_password_change_keeps_this_session_and_ends_the_others(officer):
    here, elsewhere = Client(), Client()
    here.force_login(officer)
    elsewhere.force_login(officer)
    response = here.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert here.get(reverse("home")).status_code == 200
    assert elsewhere.get(reverse("home")).status_code == 302  # back to the login page
    officer.refresh_from_db()
    assert officer.check_password(NEW_PASSWORD)


def test_password_change_errors_are_vietnamese(client, officer):
    client.force_login(officer)
    response = client.post(
        reverse("password_change"), {"old_password": "sai", "new_password1": "1", "new_password2": "2"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đổi mật khẩu" in html
    assert "Mật khẩu cũ của bạn đã được nhập không chính xác" in html or "không chính xác" in html


def test_password_set_by_someone_else_forces_a_change_first(client, officer):
    services.reset_password_by_other(user=officer, password="Tam-thoi-2026!")
    assert _login(client, "canbo.congan", "Tam-thoi-2026!").status_code == 302
    response = client.get(reverse("blocs:list"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('password_change')}?next={reverse('blocs:list')}"
    assert "Mật khẩu của bạn do người khác đặt" in client.get(reverse("password_change")).content.decode()
    response = client.post(
        f"{reverse('password_change')}?next={reverse('blocs:list')}",
        {"old_password": "Tam-thoi-2026!", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response["Location"] == reverse("blocs:list")
    officer.refresh_from_db()
    assert officer.must_change_password is False
    assert client.get(reverse("blocs:list")).status_code == 200


def test_password_set_by_someone_else_ends_the_users_sessions(officer):
    client = Client()
    client.force_login(officer)
    services.reset_password_by_other(user=officer, password="Tam-thoi-2026!")
    assert client.get(reverse("home")).status_code == 302


def test_password_reset_email_link_works_once(client, officer):
    response = client.post(reverse("password_reset"), {"email": "canbo@example.vn"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Đặt lại mật khẩu hệ thống quản lý khối thi đua"
    assert "Tên đăng nhập của bạn: canbo.congan" in message.body
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+/)", message.body).group(1)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password(NEW_PASSWORD)
    # The same link a second time is refused.
    response = client.get(link, follow=True)
    assert "Liên kết không còn hiệu lực" in response.content.decode()


def test_password_reset_does_not_reveal_unknown_addresses(client, officer):
    response = client.post(reverse("password_reset"), {"email": "khong-co@example.vn"})
    assert response.status_code == 302
    assert mail.outbox == []


# --- Lockout ------------------------------------------------------------------------------


@pytest.fixture
def _axes_on(settings):
    settings.AXES_ENABLED = True


@pytest.mark.usefixtures("_axes_on")
def test_lockout_from_one_address_does_not_lock_the_user_elsewhere(client, officer):
    for _ in range(5):
        _login(client, "canbo.congan", "sai", ip="203.0.113.9")
    assert _login(client, "canbo.congan", PASSWORD, ip="203.0.113.9").status_code == 429
    assert _login(Client(), "canbo.congan", PASSWORD, ip="10.0.0.1").status_code == 302


@pytest.mark.usefixtures("_axes_on")
def test_home_affairs_unlocks_an_account_of_their_province(client, officer):
    ha = home_affairs(officer.agency.province, username="snv")
    outsider = home_affairs(ProvinceFactory(), username="snv.khac")
    for _ in range(5):
        _login(Client(), "canbo.congan", "sai")
    staff = Client()
    staff.force_login(outsider)
    assert "canbo.congan" not in staff.get(reverse("lockouts")).content.decode()
    assert staff.post(reverse("lockouts"), {"username": "canbo.congan"}).status_code == 404
    assert _login(Client(), "canbo.congan", PASSWORD).status_code == 429

    staff.force_login(ha)
    page = staff.get(reverse("lockouts")).content.decode()
    assert "canbo.congan" in page
    response = staff.post(reverse("lockouts"), {"username": "canbo.congan"}, follow=True)
    assert "Đã mở khóa tài khoản canbo.congan." in response.content.decode()
    assert _login(Client(), "canbo.congan", PASSWORD).status_code == 302


def test_lockouts_page_refuses_officers_and_anonymous(client, officer):
    assert client.get(reverse("lockouts")).status_code == 302
    client.force_login(officer)
    assert client.get(reverse("lockouts")).status_code == 403


@pytest.mark.usefixtures("_axes_on")
def test_many_failures_across_accounts_slow_every_login_down(client, settings, officer):
    settings.LOGIN_SLOWDOWN_THRESHOLD = 3
    settings.LOGIN_SLOWDOWN_DELAY = 0.4
    for n in range(4):
        home_affairs(ProvinceFactory(), username=f"nguoi{n}")
        _login(Client(), f"nguoi{n}", "sai", ip=f"198.51.100.{n}")
    started = time.monotonic()
    assert _login(client, "canbo.congan", PASSWORD).status_code == 302
    assert time.monotonic() - started >= 0.4


@pytest.mark.usefixtures("_axes_on")
def test_few_failures_do_not_slow_logins(client, settings, officer):
    settings.LOGIN_SLOWDOWN_THRESHOLD = 3
    settings.LOGIN_SLOWDOWN_DELAY = 30  # would time the test out if applied
    _login(Client(), "canbo.congan", "sai")
    assert _login(client, "canbo.congan", PASSWORD).status_code == 302


# --- Privacy, logs, 400 -------------------------------------------------------------------


def test_signed_in_pages_are_not_cached(client, officer):
    client.force_login(officer)
    cache_control = client.get(reverse("home"))["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control


def test_private_pages_middleware_leaves_anonymous_responses_alone(rf):
    request = rf.get("/")
    request.user = AnonymousUser()
    response = PrivatePagesMiddleware(lambda r: HttpResponse("ok"))(request)
    assert not response.has_header("Cache-Control")


def test_refused_requests_are_logged_without_traceback(client, officer, caplog):
    client.force_login(officer)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get(reverse("lockouts")).status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert len(records) == 1
    assert records[0].exc_info is None


def test_oversized_request_gets_a_vietnamese_400_page(client, settings, officer):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    client.force_login(officer)
    response = client.post(reverse("password_change"), {"old_password": "x" * 5_000})
    assert response.status_code == 400
    assert "Dữ liệu gửi lên vượt quá dung lượng máy chủ cho phép" in response.content.decode()


def test_too_many_fields_gets_a_vietnamese_400_page(client, settings, officer):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    client.force_login(officer)
    response = client.post(reverse("password_change"), {f"f{n}": "1" for n in range(20)})
    assert response.status_code == 400
    assert "Biểu mẫu gửi lên có nhiều trường hơn máy chủ cho phép" in response.content.decode()


def test_password_set_in_the_admin_forces_a_change(client, officer):
    client.force_login(admin_user())
    url = reverse("admin:auth_user_password_change", args=[officer.pk])
    response = client.post(
        url, {"password1": "Tam-thoi-2026!", "password2": "Tam-thoi-2026!", "usable_password": "true"}
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.must_change_password is True
    assert officer.check_password("Tam-thoi-2026!")
