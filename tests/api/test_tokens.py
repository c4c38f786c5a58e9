"""Tokens: created by Home Affairs (its province) or admins (any, or national), shown once,
stored hashed, revoked; the token page and the admin."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from api import services
from api.models import ApiToken
from tests.factories import AgencyFactory, ProvinceFactory, admin_user, home_affairs, officer

pytestmark = pytest.mark.django_db


def test_home_affairs_creates_a_token_shown_once_and_stored_hashed(client):
    province = ProvinceFactory(name="Tỉnh P")
    client.force_login(home_affairs(province))
    response = client.post(reverse("api:tokens"), {"name": "Cổng thông tin tỉnh", "province": province.pk})
    assert response.status_code == 200
    key = response.context["new"].key
    token = ApiToken.objects.get()
    assert (token.name, token.province, token.key_prefix) == ("Cổng thông tin tỉnh", province, key[:8])
    assert token.key_digest == hashlib.sha256(key.encode()).hexdigest()
    assert key not in str(ApiToken.objects.values_list().get())
    assert response["Cache-Control"] == "no-store"
    assert key not in client.get(reverse("api:tokens")).content.decode()  # shown once


def test_home_affairs_cannot_create_a_national_token():
    user = home_affairs(ProvinceFactory())
    with pytest.raises(ValidationError) as exc:
        services.create_token(name="Thống kê", province=None, user=user)
    assert exc.value.code == services.NATIONAL_ADMIN_ONLY
    assert ApiToken.objects.count() == 0


def test_home_affairs_cannot_create_a_token_of_another_province(client):
    p, q = ProvinceFactory(), ProvinceFactory()
    client.force_login(home_affairs(p))
    response = client.post(reverse("api:tokens"), {"name": "Cổng", "province": q.pk})
    assert response.status_code == 200
    assert "province" in response.context["form"].errors
    assert ApiToken.objects.count() == 0


def test_revoke_from_the_page(client):
    province = ProvinceFactory()
    user = home_affairs(province)
    new = services.create_token(name="Cổng", province=province, user=user)
    client.force_login(user)
    response = client.post(reverse("api:token_revoke", args=[new.token.pk]))
    assert response.status_code == 302
    new.token.refresh_from_db()
    assert new.token.revoked_by == user
    again = client.post(reverse("api:token_revoke", args=[new.token.pk]), follow=True)
    assert "Mã truy cập này đã bị thu hồi." in again.content.decode()


def test_officer_may_not_manage_tokens(client):
    province = ProvinceFactory()
    new = services.create_token(name="Cổng", province=province, user=admin_user())
    client.force_login(officer(AgencyFactory(province=province)))
    assert client.get(reverse("api:tokens")).status_code == 403
    assert client.post(reverse("api:token_revoke", args=[new.token.pk])).status_code == 404
    new.token.refresh_from_db()
    assert new.token.revoked_at is None


def test_admin_creates_a_national_token_in_the_admin(client):
    client.force_login(admin_user())
    response = client.post(reverse("admin:api_apitoken_add"), {"name": "Bộ Nội vụ", "province": ""}, follow=True)
    assert response.status_code == 200
    token = ApiToken.objects.get()
    assert token.province is None
    [message] = [str(m) for m in response.context["messages"] if "Hãy sao chép mã" in str(m)]
    key = message.rsplit(": ", 1)[1]
    assert hashlib.sha256(key.encode()).hexdigest() == token.key_digest
