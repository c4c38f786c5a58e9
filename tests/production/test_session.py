"""Session expiry: a login lasts SESSION_COOKIE_AGE (a working day), then the next page asks
for the login again."""

import datetime
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, ProvinceFactory, home_affairs

pytestmark = pytest.mark.django_db


def _later(seconds):
    real_now = timezone.now()
    return mock.patch("django.utils.timezone.now", return_value=real_now + datetime.timedelta(seconds=seconds))


@pytest.fixture
def logged_in(client):
    user = home_affairs(ProvinceFactory())
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_session_lasts_a_working_day_and_ends_with_the_browser():
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_login_stores_the_expiry_in_the_database(logged_in):
    session = Session.objects.get()
    remaining = (session.expire_date - timezone.now()).total_seconds()
    assert settings.SESSION_COOKIE_AGE - 60 < remaining <= settings.SESSION_COOKIE_AGE


def test_session_still_valid_just_before_expiry(logged_in):
    with _later(settings.SESSION_COOKIE_AGE - 60):
        response = logged_in.get(reverse("blocs:list"))
    assert response.status_code == 200


def test_expired_session_redirects_to_login(logged_in):
    url = reverse("blocs:list")
    with _later(settings.SESSION_COOKIE_AGE + 1):
        response = logged_in.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_activity_does_not_extend_the_session(logged_in):
    # The expiry is fixed at login: browsing does not push it back (SESSION_SAVE_EVERY_REQUEST off).
    expiry = Session.objects.get().expire_date
    with _later(settings.SESSION_COOKIE_AGE // 2):
        assert logged_in.get(reverse("blocs:list")).status_code == 200
    assert Session.objects.get().expire_date == expiry
