"""Login throttling (django-axes): five wrong passwords lock the username out from that address, with the
Vietnamese lockout message on the login page; a success clears the count; `axes_reset` unlocks."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.urls import reverse

from tests.factories import PASSWORD, ProvinceFactory, home_affairs

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _axes_on(settings):
    # Off for the rest of the suite (client.login() passes no request, which axes requires).
    settings.AXES_ENABLED = True


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_four_wrong_passwords_show_the_form_error_and_still_allow_the_right_one(client):
    user = home_affairs(ProvinceFactory(), username="snv.bacgiang")
    for _ in range(4):
        response = _login(client, "snv.bacgiang", "wrong")
        assert response.status_code == 200
        assert response.context["form"].errors["__all__"]
    response = _login(client, "snv.bacgiang", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_fifth_wrong_password_locks_the_username_with_a_vietnamese_message(client):
    home_affairs(ProvinceFactory(), username="snv.bacgiang")
    for _ in range(4):
        assert _login(client, "snv.bacgiang", "wrong").status_code == 200
    response = _login(client, "snv.bacgiang", "wrong")
    html = response.content.decode()
    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in html
    assert "Tài khoản đã bị tạm khóa trên máy tính này do đăng nhập sai 5 lần." in html
    assert "Vui lòng thử lại sau 15 phút hoặc đề nghị Sở Nội vụ hay quản trị hệ thống mở khóa tài khoản." in html
    assert '<html lang="vi">' in html and 'name="password"' not in html
    # The right password no longer helps until the lock is lifted.
    response = _login(client, "snv.bacgiang", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_username(client):
    home_affairs(ProvinceFactory(), username="snv.bacgiang")
    home_affairs(ProvinceFactory(), username="snv.dongthap")
    for _ in range(5):
        _login(client, "snv.bacgiang", "wrong")
    assert _login(client, "snv.dongthap", PASSWORD).status_code == 302


def test_success_clears_the_failure_count(client):
    home_affairs(ProvinceFactory(), username="snv.bacgiang")
    for _ in range(4):
        _login(client, "snv.bacgiang", "wrong")
    assert _login(client, "snv.bacgiang", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert _login(client, "snv.bacgiang", "wrong").status_code == 200
    assert _login(client, "snv.bacgiang", PASSWORD).status_code == 302


def test_axes_reset_unlocks(client):
    home_affairs(ProvinceFactory(), username="snv.bacgiang")
    for _ in range(5):
        _login(client, "snv.bacgiang", "wrong")
    assert _login(client, "snv.bacgiang", PASSWORD).status_code == 429
    call_command("axes_reset", stdout=open("/dev/null", "w"))  # noqa: SIM115 - closed at exit
    assert AccessAttempt.objects.count() == 0
    assert _login(client, "snv.bacgiang", PASSWORD).status_code == 302


def test_lockout_expires_after_the_cool_off(client):
    home_affairs(ProvinceFactory(), username="snv.bacgiang")
    for _ in range(5):
        _login(client, "snv.bacgiang", "wrong")
    AccessAttempt.objects.update(attempt_time=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    assert _login(client, "snv.bacgiang", PASSWORD).status_code == 302


def test_client_login_and_force_login_work_in_the_suite(client, settings):
    settings.AXES_ENABLED = False  # as configured for every other test
    user = home_affairs(ProvinceFactory())
    assert client.login(username=user.username, password=PASSWORD)
    client.logout()
    client.force_login(user)
    assert client.get(reverse("blocs:list")).status_code == 200
