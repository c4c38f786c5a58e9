"""`/healthz`: 200 "ok" when the database answers, 503 when it does not; no login, no redirect."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_without_login(client):
    response = client.get("/healthz")
    assert reverse("healthz") == "/healthz"
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "no-store" in response["Cache-Control"]


def test_healthz_runs_select_1(client, django_assert_num_queries):
    with django_assert_num_queries(1) as ctx:
        client.get("/healthz")
    assert ctx.captured_queries[0]["sql"] == "SELECT 1"


def test_healthz_is_503_when_the_database_is_down(client):
    with mock.patch("blocs.health.connection.cursor", side_effect=OperationalError("connection refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"database unavailable"


def test_healthz_refuses_writes(client):
    assert client.post("/healthz").status_code == 405


def test_healthz_is_not_redirected_to_https(client, settings):
    # The load balancer probes app servers over plain HTTP; every other page is redirected.
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get(reverse("login")).status_code == 301
